"""Atomic per file at any size: chunked writes equal one commit; a killed import leaves no trace."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import Quad

from graph import ExportFormat, open_store, python_value
from ingest.sources.importer import drop_abandoned_versions, import_file
from ontology import ids
from tests.conftest import reference_store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from import_bench import synthetic_organisations  # noqa: E402


def graph_quads(store, without_meta=True) -> set:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return {line for line in buf.getvalue().decode().splitlines() if not (without_meta and "/graph/meta>" in line)}


def test_chunked_import_writes_the_same_graph_as_one_commit(tmp_path):
    path = tmp_path / "organization.csv"
    synthetic_organisations(3000, path)
    one, chunked = reference_store(), reference_store()
    a = import_file(one, path, "cordis", chunk=10**9, single=10**9)
    b = import_file(chunked, path, "cordis", chunk=5000)
    assert a.triples == b.triples > 3000 * 15
    assert graph_quads(one) == graph_quads(chunked)
    version = chunked.query("SELECT ?v ?n WHERE { GRAPH ?m { ?v dcterms:isVersionOf ?d ; ikg:tripleCount ?n } }").rows
    assert chunked.count(version[0][0]) == python_value(version[0][1])


def test_a_staged_import_into_a_remote_store_writes_the_same_graph(tmp_path, sparql_server):
    """A remote store has no streaming loader: the staged version goes in chunks over the Graph
    Store Protocol, its totals entries after it, and the result is the one-commit graph."""
    from ingest.bootstrap import ensure_reference
    from tests.graph.oxigraph_server import empty_remote_store

    path = tmp_path / "organization.csv"
    synthetic_organisations(1000, path)
    one, remote = reference_store(), empty_remote_store(sparql_server)
    try:
        ensure_reference(remote)
        a = import_file(one, path, "cordis", chunk=10**9, single=10**9)
        b = import_file(remote, path, "cordis", chunk=2000, single=2000)
        assert (a.status, b.status) == ("added", "added") and a.triples == b.triples > 1000 * 15
        assert graph_quads(one) == graph_quads(remote)
    finally:
        remote.close()


def test_entities_repeated_across_rows_are_written_as_without_the_memo(tmp_path):
    from ingest.sources import cordis
    from ingest.sources.importer import Context
    from ingest.sources.tabular import open_table
    from ingest.to_rdf import TableWriter, extraction_quads
    from ingest.pipeline import batch_resolvers

    path = tmp_path / "organization.csv"
    synthetic_organisations(400, path)
    store = reference_store()
    doc = ids.document("x")
    with open_table(path, delimiter=";") as table:
        transform = cordis.prepare(table, Context(store))
        records = [transform(cells, n) for n, cells in table.rows]
    writer = TableWriter(doc, batch_resolvers(store))
    streamed = {Quad(*s) for r in records for s in writer.statements(r)}
    plain_resolvers = batch_resolvers(store)
    one_by_one = {q for r in records for q in extraction_quads(r, doc, plain_resolvers)}
    assert streamed == one_by_one


def test_abandoned_version_graphs_are_dropped(tmp_path):
    store = reference_store()
    orphan = ids.document_version(ids.document("/tmp/x.csv"), "ab" * 32)
    from graph import Change
    from pyoxigraph import Literal, Quad

    store.commit(Change(insert=[Quad(orphan, ids.META_GRAPH, Literal("half"), orphan)]))
    assert drop_abandoned_versions(store) == [orphan] and orphan not in store.graphs()


@pytest.mark.slow
def test_killed_import_leaves_the_old_version_whole_and_the_next_import_cleans_up(tmp_path):
    path = tmp_path / "organization.csv"
    synthetic_organisations(1500, path)
    store_path = tmp_path / "store"
    cli = shutil.which("innokg") or sys.exit("innokg not installed")
    run = [cli, "--store", f"oxigraph:{store_path}", "import", "cordis", str(path)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    store = open_store(f"oxigraph:{store_path}")
    before = graph_quads(store, without_meta=False)
    store.close()
    synthetic_organisations(60000, path, seed=10)  # a new, larger version of the same file
    # its temporary files (the pipe's directory, which a killed process cannot remove) stay in tmp_path
    proc = subprocess.Popen(run, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(tmp_path)})
    time.sleep(6)
    assert proc.poll() is None, "kill the import half-way (lower the sleep if the machine is much faster)"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(f"oxigraph:{store_path}")
    versions = store.query("SELECT ?v ?n WHERE { GRAPH ?m { ?v dcterms:isVersionOf ?d ; ikg:tripleCount ?n } }").rows
    assert len(versions) == 1  # the meta graph still lists the old version only, whole
    assert store.count(versions[0][0]) == python_value(versions[0][1])
    # a streamed bulk load killed half-way may have left part of its version graph, or nothing
    staged = [g for g in store.graphs() if "/v/" in g.value and g != versions[0][0]]
    assert drop_abandoned_versions(store) == staged  # what the next import does first
    assert [g for g in store.graphs() if "/v/" in g.value] == [versions[0][0]]
    after = graph_quads(store, without_meta=False)
    assert all("/graph/labels>" in line for line in after - before)  # at most preferred labels of new entities
    store.close()
