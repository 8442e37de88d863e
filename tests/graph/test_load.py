"""innokg load: streamed in chunks into any store, resumed after an interruption, checkpoint semantics."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


class QuadPath:
    """A store seen through ``bulk_load`` only, as a remote one: the parsed-quads path."""

    def __init__(self, store):
        self.store, self.uri = store, store.uri

    def bulk_load(self, quads):
        self.store.bulk_load(quads)


class FailsAfter(QuadPath):
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
    report = load_file(QuadPath(store), dump, chunk=200, progress=lambda done, quads: seen.append((done, quads)))
    assert (report.skipped, report.quads) == (400, 650)
    assert store.count() == 1050  # the half chunk sent twice is stored once
    assert not saved.exists()
    assert seen[-1] == (dump.stat().st_size, 650)


def test_checkpoint_of_another_file_store_or_method_is_ignored(tmp_path):
    from graph import open_store

    dump = write_dump(tmp_path / "dump.nq", 300)
    store = open_store("memory:")

    def interrupted() -> None:
        with pytest.raises(StoreError):
            load_file(FailsAfter(store, 1), dump, chunk=100)
        assert '"quads": 100' in Checkpoint.path_for(dump).read_text()

    interrupted()
    assert load_file(QuadPath(store), dump, chunk=100).skipped == 100  # the control: it does resume
    interrupted()
    other = open_store("memory:")
    other.uri = "memory:other"
    assert load_file(QuadPath(other), dump, chunk=100).skipped == 0  # another store: from the start
    interrupted()
    assert load_file(store, dump).skipped == 0  # the native path does not resume after a quad count
    interrupted()
    write_dump(dump, 301)  # the file changed: from the start too
    assert load_file(QuadPath(store), dump, chunk=100).skipped == 0


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


# --------------------------------------------------------------------------- the native line path
class BytesFailAfter:
    """An embedded store whose native loader fails after ``pieces`` pieces (the next one half loaded)."""

    def __init__(self, store, pieces: int):
        self.store, self.left, self.uri = store, pieces, store.uri

    def load_bytes(self, data, fmt, graph, lenient=False):
        if self.left == 0:
            half = data[: data.rfind(b"\n", 0, len(data) // 2) + 1]
            self.store.load_bytes(half, fmt, graph)
            raise StoreError("disk full")
        self.left -= 1
        self.store.load_bytes(data, fmt, graph)


def test_line_formats_take_the_native_path_and_resume_at_a_line_start(tmp_path):
    from graph import open_store

    dump = write_dump(tmp_path / "dump.nq", 1000)
    store = open_store("memory:")
    with pytest.raises(StoreError):
        load_file(BytesFailAfter(store, 3), dump, chunk_bytes=5000)
    saved = Checkpoint.path_for(dump)
    state = Checkpoint(**__import__("json").loads(saved.read_text()))
    assert state.chunks == 3 and 0 < state.offset < dump.stat().st_size
    assert dump.read_bytes()[state.offset - 1:state.offset] == b"\n"  # a resume starts at a line
    report = load_file(store, dump, chunk_bytes=5000)
    assert report.skipped == state.quads and report.skipped + report.quads == 1000
    assert store.count() == 1000 and not saved.exists()


def test_line_path_sends_triples_to_the_graph_and_names_the_byte_of_a_syntax_error(tmp_path):
    from graph import open_store

    store = open_store("memory:")
    dump = write_dump(tmp_path / "dump.nt", 30, ox.RdfFormat.N_TRIPLES)
    assert load_file(store, dump, chunk_bytes=100).quads == 30
    assert store.count(default_graph_for(dump)) == 30
    bad = tmp_path / "bad.nq"
    good = write_dump(tmp_path / "good.nq", 5).read_bytes()
    bad.write_bytes(good + b"<http://example.org/s> <not an iri> .\n")
    with pytest.raises(SyntaxError, match=f"from byte {len(good)}"):
        load_file(store, bad, chunk_bytes=len(good))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(piece=st.integers(min_value=1, max_value=4000), blank=st.booleans(), comments=st.booleans(),
       final_newline=st.booleans())
def test_line_path_loads_exactly_what_the_parser_reads(tmp_path, piece, blank, comments, final_newline):
    """However the file is cut (pieces smaller than one line included), the native line path
    stores the same quads as parsing the whole file, and counts the statements right."""
    from graph import open_store

    lines = write_dump(tmp_path / "d.nq", 40).read_bytes().splitlines(keepends=True)
    if comments:
        lines.insert(7, b"# a comment <http://example.org/x> .\n")
    if blank:
        lines.insert(3, b"\n")
    text = b"".join(lines)
    dump = tmp_path / "cut.nq"
    dump.write_bytes(text if final_newline else text.rstrip(b"\n"))
    store = open_store("memory:")
    report = load_file(store, dump, chunk_bytes=piece, restart=True)
    expected = {ox.Quad(q.subject, q.predicate, q.object, q.graph_name)
                for q in ox.parse(dump.read_bytes(), ox.RdfFormat.N_QUADS)}
    assert set(store.quads()) == expected and report.quads == len(expected) == 40


def test_cli_load_of_a_dump_without_totals_recomputes_them(examples_store, tmp_path):
    """A dump made elsewhere (or an export without the totals graph) answers who-funds-what after
    `innokg load`: the load ends by recomputing the funding totals."""
    from graph import ExportFormat, open_store
    from ontology import ids

    buf = io.BytesIO()
    examples_store.export(buf, ExportFormat.NQUADS)
    totals = f"{ids.TOTALS_GRAPH} ."
    lines = buf.getvalue().decode().splitlines(keepends=True)
    dump = tmp_path / "dump.nq"
    dump.write_text("".join(line for line in lines if not line.rstrip().endswith(totals)), encoding="utf-8")
    result = CliRunner().invoke(app, ["--store", f"oxigraph:{tmp_path / 'store'}", "load", str(dump)])
    assert result.exit_code == 0, result.stderr
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    expected = {line for line in lines if line.rstrip().endswith(totals)}
    out = io.BytesIO()
    store.export(out, ExportFormat.NQUADS, graph=ids.TOTALS_GRAPH)
    assert expected and {f"{line[: line.rindex(' .')]} {totals}\n" for line in out.getvalue().decode().splitlines()} == expected
    store.close()
