"""POST /api/documents: token-protected ingest of one uploaded file, atomic, on real stores."""

from __future__ import annotations

import io
import os

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import ExportFormat, open_store
from ingest.bootstrap import ensure_reference
from ontology import ids
from tests.conftest import EXAMPLES

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLE = sorted(EXAMPLES.glob("*.txt"))[1]  # Logistikkluster Östergötland
COUNT_DOCUMENTS = f"SELECT (COUNT(?d) AS ?n) WHERE {{ GRAPH {ids.META_GRAPH} {{ ?d a ikg:Document }} }}"


@pytest.fixture
def store():
    s = open_store("memory:")
    ensure_reference(s)
    yield s
    s.close()


@pytest.fixture
def client(store):
    return TestClient(create_app(store, Settings(token=TOKEN, max_body_bytes=8 * 1024 * 1024)))


def dump(store) -> bytes:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return buf.getvalue()


def documents(client) -> int:
    r = client.get("/sparql", params={"query": COUNT_DOCUMENTS})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_multipart_upload_is_ingested_and_queryable(client):
    r = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes(), "text/plain")}, headers=AUTH)
    assert r.status_code == 201, r.text
    outcome = r.json()
    assert outcome["status"] == "added" and outcome["triples"] > 20 and outcome["error"] is None
    assert outcome["source"] == f"upload:{EXAMPLE.name}"
    assert documents(client) == 1
    q = "ASK { ?a skos:prefLabel ?name . FILTER(CONTAINS(?name, 'Logistikkluster')) }"
    assert client.get("/sparql", params={"query": q}).json()["boolean"] is True
    # the same file again: unchanged, still one document
    again = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, headers=AUTH)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    # a new version under the same name replaces the old one
    changed = EXAMPLE.read_bytes() + "\nNytt stycke om projektet.\n".encode()
    replaced = client.post("/api/documents", files={"file": (EXAMPLE.name, changed)}, headers=AUTH)
    assert replaced.json()["status"] == "replaced" and documents(client) == 1


def test_raw_body_upload_with_filename(client):
    r = client.post("/api/documents", params={"filename": "projekt.txt"}, content=EXAMPLE.read_bytes(),
                    headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 201 and r.json()["source"] == "upload:projekt.txt"
    assert documents(client) == 1


def test_writes_are_disabled_without_a_configured_token(store):
    client = TestClient(create_app(store, Settings(token=None)))
    before = dump(store)
    r = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, headers=AUTH)
    assert r.status_code == 403 and "INNOKG_TOKEN" in r.json()["detail"]
    assert dump(store) == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_missing_or_wrong_token_is_401(client, store, headers):
    before = dump(store)
    r = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert dump(store) == before


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", os.urandom(5 * 1024 * 1024).replace(b"\0", b"x") + b"\0", "binary"),
    ("latin1.txt", "Linköpings universitet finansierar".encode("latin-1"), "UTF-8"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF", "PDF"),
    ("table.xlsx", b"PK\x03\x04 not really a spreadsheet", "unsupported file type"),
]


@pytest.mark.parametrize("name, data, problem", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_400_naming_the_problem_and_changes_nothing(client, store, name, data, problem):
    before = dump(store)
    r = client.post("/api/documents", files={"file": (name, data)}, headers=AUTH)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail.startswith(f"{name}: ") and problem.lower() in detail.lower()
    assert dump(store) == before


def test_file_name_is_required_and_never_a_path(client, store):
    r = client.post("/api/documents", content=EXAMPLE.read_bytes(), headers=AUTH)
    assert r.status_code == 400 and "file name" in r.json()["detail"]
    r = client.post("/api/documents", params={"filename": "../../etc/evil.txt"}, content=EXAMPLE.read_bytes(), headers=AUTH)
    assert r.status_code == 201 and r.json()["source"] == "upload:evil.txt"


def test_upload_over_the_body_limit_is_413(store):
    client = TestClient(create_app(store, Settings(token=TOKEN, max_body_bytes=1000)))
    before = dump(store)
    r = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, headers=AUTH)
    assert r.status_code == 413
    assert dump(store) == before


def test_upload_to_an_on_disk_store_is_durable_and_served_at_once(tmp_path):
    uri = f"oxigraph:{tmp_path / 'store'}"
    disk = open_store(uri)
    ensure_reference(disk)
    client = TestClient(create_app(disk, Settings(token=TOKEN)))
    r = client.post("/api/documents", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, headers=AUTH)
    assert r.status_code == 201
    assert documents(client) == 1  # served from the in-memory replica, updated with the commit
    served = set(dump(client.app.state.store).splitlines())
    disk.close()
    reopened = open_store(uri)  # and on disk, for the next start
    assert set(dump(reopened).splitlines()) == served
    reopened.close()
