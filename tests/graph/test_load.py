"""innokg load: streamed in chunks into any store, resumed after an interruption, checkpoint semantics."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import StoreError
from graph.load import Checkpoint, default_graph_for, load_file

EX = "http://example.org/"


def write_dump(path, n: int, fmt=ox.RdfFormat.N_QUADS):
    quads = [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(f"namn {i}"),
                     ox.NamedNode(f"{EX}g{i % 3}")) for i in range(n)]
    items = quads if fmt.supports_datasets else [q.triple for q in quads]
    path.write_bytes(ox.serialize(items, format=fmt))
    return path


class FailsAfter:
    """A store that loses its connection after ``chunks`` bulk-load steps (the first of them half done)."""

    def __init__(self, store, chunks: int):
        self.store, self.left, self.uri = store, chunks, store.uri

    def bulk_load(self, quads):
        if self.left == 0:
            self.store.bulk_load(quads[: len(quads) // 2])  # a chunk cut off mid-way
            raise StoreError("connection reset")
        self.left -= 1
        self.store.bulk_load(quads)


def test_interrupted_load_resumes_where_it_stopped(store, tmp_path):
    dump = write_dump(tmp_path / "dump.nq", 1050)
    with pytest.raises(StoreError):
        load_file(FailsAfter(store, 2), dump, chunk=200)
    saved = Checkpoint.path_for(dump)
    assert saved.exists() and '"quads": 400' in saved.read_text()
    seen = []
    report = load_file(store, dump, chunk=200, progress=lambda done, quads: seen.append((done, quads)))
    assert (report.skipped, report.quads) == (400, 650)
    assert store.count() == 1050  # the half chunk sent twice is stored once
    assert not saved.exists()
    assert seen[-1] == (dump.stat().st_size, 650)


def test_checkpoint_of_another_file_or_store_is_ignored(tmp_path):
    from graph import open_store

    dump = write_dump(tmp_path / "dump.nq", 300)
    store = open_store("memory:")
    with pytest.raises(StoreError):
        load_file(FailsAfter(store, 1), dump, chunk=100)
    other = open_store("memory:")
    other.uri = "memory:other"
    assert load_file(other, dump, chunk=100).skipped == 0  # another store: from the start
    write_dump(dump, 301)  # the file changed: from the start too
    assert load_file(store, dump, chunk=100).skipped == 0


def test_triples_go_to_the_given_graph_or_the_files_iri(tmp_path):
    from graph import open_store

    store = open_store("memory:")
    dump = write_dump(tmp_path / "dump.ttl", 20, ox.RdfFormat.TURTLE)
    assert load_file(store, dump).graph == default_graph_for(dump)
    assert store.count(default_graph_for(dump)) == 20
    load_file(store, dump, graph=ox.NamedNode(EX + "mine"))
    assert store.count(ox.NamedNode(EX + "mine")) == 20


def test_cli_load_reports_and_refuses_unknown_formats(tmp_path):
    dump = write_dump(tmp_path / "dump.nq", 120)
    runner = CliRunner()
    result = runner.invoke(app, ["--store", "memory:", "load", str(dump), "--chunk", "50"])
    assert result.exit_code == 0 and "loaded 120 quads" in result.stderr
    odd = tmp_path / "dump.rdf"
    odd.write_text("<x/>")
    result = runner.invoke(app, ["--store", "memory:", "load", str(odd)])
    assert result.exit_code == 1 and "unknown RDF format" in result.stderr
