"""The ingest runner: atomic per document, idempotent, changed documents replaced, bad input harmless."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from graph import ExportFormat, open_store, python_value
from ingest.bootstrap import ensure_reference
from ingest.pipeline import ingest_paths
from ontology import ids
from ontology.terms import PROV
from tests.conftest import EXAMPLES

DOCUMENT = """SOURCE: https://example.org/projekt/{n}

Testbädd för {topic} i Västmanland

Projektägare: {owner}
Projektperiod: 1 mars 2021 – 28 februari 2023
Samverkansparter: Mälardalens universitet och Västerås Science Park.
Projektet finansieras av Europeiska regionala utvecklingsfonden med 2 400 000 kr.
Region Västmanland medfinansierar med 600 000 kr.
"""


def dump(store) -> bytes:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return buf.getvalue()


def meta_entries(store, doc_iri) -> list[tuple[str, str]]:
    r = store.query(f"SELECT ?p ?o WHERE {{ GRAPH {ids.META_GRAPH} {{ {doc_iri} ?p ?o }} }} ORDER BY ?p ?o")
    return [(p.value, o.value) for p, o in r.rows]


@pytest.fixture
def loaded(store):
    ensure_reference(store)
    return store


def test_examples_go_in_once_each_with_provenance(loaded):
    outcomes = ingest_paths(loaded, [EXAMPLES])
    assert [o.status for o in outcomes] == ["added"] * 5
    docs = loaded.query(f"""SELECT ?d ?sha ?n ?started ?version WHERE {{ GRAPH {ids.META_GRAPH} {{
        ?d a ikg:Document, prov:Entity ; ikg:sha256 ?sha ; ikg:tripleCount ?n ; prov:wasGeneratedBy ?a .
        ?a prov:startedAtTime ?started ; prov:wasAssociatedWith ?agent . ?agent ikg:softwareVersion ?version }} }}""")
    assert len(docs.rows) == 5
    for d, sha, n, _, _ in docs.rows:
        assert len(sha.value) == 64
        assert loaded.count(d) == python_value(n)  # the recorded size is the graph's size


def test_reingest_of_unchanged_documents_writes_nothing(loaded):
    ingest_paths(loaded, [EXAMPLES])
    before = dump(loaded)
    outcomes = ingest_paths(loaded, [EXAMPLES])
    assert {o.status for o in outcomes} == {"unchanged"}
    assert dump(loaded) == before


def test_changed_document_replaces_its_graph_and_meta_entry(loaded, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(DOCUMENT.format(n=1, topic="vätgas", owner="Västerås stad"), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(DOCUMENT.format(n=2, topic="batterier", owner="Västerås stad"), encoding="utf-8")
    ingest_paths(loaded, [path, other])
    doc_iri = ids.document("https://example.org/projekt/1")
    other_before = loaded.count(ids.document("https://example.org/projekt/2"))
    path.write_text(DOCUMENT.format(n=1, topic="solenergi", owner="Eskilstuna kommun"), encoding="utf-8")
    assert [o.status for o in ingest_paths(loaded, [path])] == ["replaced"]
    names = loaded.query(f"SELECT ?name WHERE {{ GRAPH {doc_iri} {{ ?a skos:prefLabel|skos:altLabel ?name }} }}")
    text = " ".join(t.value for (t,) in names.rows)
    assert "Eskilstuna kommun" in text and "Västerås stad" not in text
    activities = [o for p, o in meta_entries(loaded, doc_iri) if p.endswith("wasGeneratedBy")]
    assert len(activities) == 1
    stale = loaded.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ids.META_GRAPH} {{ ?a a prov:Activity }} }}")
    assert stale.scalar() == 2  # one activity per document: the old one was forgotten
    assert loaded.count(ids.document("https://example.org/projekt/2")) == other_before


def test_a_document_given_twice_in_one_batch_sees_its_first_version(loaded, tmp_path):
    """A batch reads the stored versions once and keeps them up to date with its own writes."""
    first, second, third = (tmp_path / f"{n}.txt" for n in (1, 2, 3))
    first.write_text(DOCUMENT.format(n=9, topic="vätgas", owner="Västerås stad"), encoding="utf-8")
    second.write_text(DOCUMENT.format(n=9, topic="solenergi", owner="Eskilstuna kommun"), encoding="utf-8")
    third.write_text(second.read_text(encoding="utf-8"), encoding="utf-8")
    assert [o.status for o in ingest_paths(loaded, [first, second, third])] == ["added", "replaced", "unchanged"]
    doc_iri = ids.document("https://example.org/projekt/9")
    assert [p for p, _ in meta_entries(loaded, doc_iri)].count(str(PROV.wasGeneratedBy.value)) == 1
    names = loaded.query(f"SELECT ?name WHERE {{ GRAPH {doc_iri} {{ ?a skos:altLabel ?name }} }}")
    assert "Västerås stad" not in {n.value for (n,) in names.rows}


def test_bad_files_are_reported_and_leave_the_graph_byte_for_byte_unchanged(loaded, tmp_path):
    ingest_paths(loaded, [EXAMPLES])
    before = dump(loaded)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "random.txt").write_bytes(os.urandom(5 * 1024 * 1024))
    (bad / "latin1.txt").write_bytes("Växjö kommun".encode("latin-1"))
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 3")
    (bad / "loop").symlink_to(bad, target_is_directory=True)
    outcomes = ingest_paths(loaded, [bad])
    failed = {os.path.basename(o.source): o.error for o in outcomes if o.failed}
    assert set(failed) == {"empty.txt", "random.txt", "latin1.txt", "truncated.pdf", "loop"}
    assert all(failed.values())
    assert dump(loaded) == before


def test_good_files_go_in_beside_bad_ones(loaded, tmp_path):
    (tmp_path / "good.txt").write_text(DOCUMENT.format(n=3, topic="drönare", owner="Västerås stad"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    outcomes = {os.path.basename(o.source) if o.failed else "good": o.status for o in ingest_paths(loaded, [tmp_path])}
    assert outcomes == {"bad.txt": "failed", "good": "added"}


@pytest.mark.slow
def test_killed_ingest_leaves_whole_documents_and_a_store_that_opens(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(400):
        (corpus / f"{n:04d}.txt").write_text(DOCUMENT.format(n=n, topic=f"ämne {n}", owner="Västerås stad"), encoding="utf-8")
    cli = shutil.which("innokg") or sys.exit("innokg not installed")

    def ingest_killed_after(seconds: float, store_path):
        proc = subprocess.Popen([cli, "--store", f"oxigraph:{store_path}", "ingest", str(corpus), "--workers", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (store_path / "CURRENT").exists():
            time.sleep(0.05)
        time.sleep(seconds)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        store = open_store(f"oxigraph:{store_path}")
        return store, store.query(f"SELECT ?d ?n WHERE {{ GRAPH {ids.META_GRAPH} {{ ?d ikg:tripleCount ?n }} }}").rows

    # kill the ingest half-way; how long that takes depends on the machine's load, so adapt
    for attempt, seconds in enumerate([2.5, 5.0, 1.5, 10.0, 0.8]):
        store, rows = ingest_killed_after(seconds, tmp_path / f"store{attempt}")
        if 0 < len(rows) < 400:
            break
        store.close()
    assert 0 < len(rows) < 400, "no kill landed half-way through the ingest"
    for d, n in rows:
        assert store.count(d) == python_value(n)
    documents_graphs = {g for g in store.graphs() if "/doc/" in g.value}
    assert documents_graphs <= {d for d, _ in rows}  # no graph without its meta entry
    store.close()


def test_workers_build_the_same_graph_as_one_process_in_input_order(tmp_path):
    """Extraction in worker processes must not change what is written: names are resolved in
    input order in the writing process, so the document graphs are identical (the meta graph
    differs only by timestamps), unchanged files are skipped and bad files named."""
    from ingest.workers import PARALLEL_FROM

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    owners = ["Västerås stad", "Västerås Stad", "Mälardalens universitet", "Mälardalens Universitet (MDU)"]
    for n in range(PARALLEL_FROM + 5):
        (corpus / f"{n:04d}.txt").write_text(DOCUMENT.format(n=n, topic=f"ämne {n % 7}", owner=owners[n % 4]),
                                             encoding="utf-8")
    (corpus / "0020.pdf").write_bytes(b"%PDF-1.4 truncated")

    def document_quads(store) -> set[str]:
        meta = str(ids.META_GRAPH)
        return {line for line in dump(store).decode().splitlines() if not line.endswith(f"{meta} .")}

    stores = {}
    for workers in (1, 2):
        store = open_store("memory:")
        ensure_reference(store)
        outcomes = ingest_paths(store, [corpus], workers=workers)
        assert [o.status for o in outcomes].count("added") == PARALLEL_FROM + 5
        assert [o.source for o in outcomes if o.failed] == [str(corpus / "0020.pdf")]
        stores[workers] = store
    assert document_quads(stores[1]) == document_quads(stores[2])
    again = ingest_paths(stores[2], [corpus], workers=2)
    assert {o.status for o in again if not o.failed} == {"unchanged"}
