"""The importer benchmark's references load exactly what the import wrote (bench/import_bench.py)."""

from pathlib import Path

import pyoxigraph as ox

from bench.import_bench import synthetic_organisations, write_new_quads
from graph import open_store
from ingest.bootstrap import ensure_reference
from ingest.sources.importer import import_file


def test_the_references_get_the_quads_of_the_graphs_the_import_added(tmp_path: Path):
    table = tmp_path / "organization.csv"
    synthetic_organisations(300, table)
    store = open_store("memory:")
    ensure_reference(store)
    before = set(store.graphs())
    import_file(store, table, "cordis")
    added = set(store.graphs()) - before
    assert added  # the version graph, the labels and the totals

    path = tmp_path / "imported.nq"
    count = write_new_quads(store, before, path)

    loaded = ox.Store()
    loaded.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    expected = {ox.Quad(s, p, o, g) for s, p, o, g in rows if g in added}
    assert set(loaded) == expected
    assert count == len(expected)
