"""Answers cached until the next write, with ETag / If-None-Match on /sparql and the REST questions."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import Change, open_store
from graph.cache import CachedStore
from ingest.bootstrap import ensure_reference
from tests.conftest import EXAMPLES

TOKEN = "t0ken-for-cache-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FIRST, SECOND = sorted(EXAMPLES.glob("*.txt"))[:2]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
EX = "http://example.org/"


@pytest.fixture
def client():
    store = open_store("memory:")
    ensure_reference(store)
    app = create_app(store, Settings(token=TOKEN))
    assert isinstance(app.state.store, CachedStore)
    with TestClient(app) as c:
        yield c
    store.close()


def upload(client, path) -> None:
    r = client.post("/api/documents", files={"file": (path.name, path.read_bytes(), "text/plain")}, headers=AUTH)
    assert r.status_code == 201, r.text


def test_sparql_etag_revalidates_until_a_write(client):
    first = client.get("/sparql", params={"query": COUNT})
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["vary"] == "Accept"
    again = client.get("/sparql", params={"query": COUNT}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    csv = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert csv.status_code == 200 and csv.headers["etag"] != etag  # another representation, another tag
    upload(client, FIRST)
    after = client.get("/sparql", params={"query": COUNT}, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert after.json() != first.json()


def test_named_question_is_cached_and_refreshed_by_an_upload(client):
    upload(client, FIRST)
    url = "/api/queries/who-funds-what"
    first = client.get(url)
    store = client.app.state.store
    hits = store.hits
    repeated = client.get(url)
    assert repeated.json() == first.json() and store.hits > hits  # answered from the cache
    assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert client.get(url + "?format=csv").headers["etag"] != first.headers["etag"]
    upload(client, SECOND)
    refreshed = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert refreshed.status_code == 200 and refreshed.json()["total"] > first.json()["total"]


def test_funders_endpoint_has_an_etag(client):
    upload(client, FIRST)
    r = client.get("/api/funders", params={"region": "Östergötlands län"})
    assert r.status_code == 200 and r.headers["etag"]
    assert client.get("/api/funders", params={"region": "Östergötlands län"},
                      headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def quad(i: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), ox.NamedNode(EX + "g"))


def test_cached_store_serves_copies_and_forgets_on_commit():
    store = CachedStore(open_store("memory:"))
    store.commit(Change(insert=[quad(1)]))
    first = store.query(COUNT)
    first.rows.append(("mutated",))
    assert store.query(COUNT).rows == [(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),)]
    assert store.hits == 1
    generation, etag = store.generation, store.etag("k")
    store.commit(Change(insert=[quad(2)]))
    assert store.generation == generation + 1 and store.etag("k") != etag
    assert store.query(COUNT).scalar() == 2 and store.count() == 2


def test_cache_bounds_entries_and_cells():
    store = CachedStore(open_store("memory:"), max_entries=2, max_cells=50)
    store.commit(Change(insert=[quad(i) for i in range(100)]))
    store.query("SELECT ?s WHERE { ?s ?p ?o }")  # 100 rows: over the cell bound, not kept
    store.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert store.hits == 0
    for limit in (1, 2, 3):
        store.query(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {limit}")
    store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # evicted by the two later ones
    assert store.hits == 0
    store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert store.hits == 1


def test_cache_can_be_turned_off():
    store = CachedStore(open_store("memory:"), max_entries=0)
    store.query(COUNT)
    store.query(COUNT)
    assert store.hits == 0
