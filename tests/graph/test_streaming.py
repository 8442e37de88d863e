"""The streaming bulk load (graph/streaming.py): everything written is loaded, whatever the pieces;
errors of either side are raised, never a hang; the file fallback gives the same result."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import open_store
from graph.streaming import pipe_load

G = ox.NamedNode("https://example.org/g")


def lines(n: int) -> bytes:
    return "".join(f'<https://example.org/s{i}> <https://example.org/p> "värde {i}"@sv {G} .\n'
                   for i in range(n)).encode()




def within(seconds: float, work) -> None:
    """Run ``work`` and fail, rather than hang the suite, when it takes longer than ``seconds``."""
    errors: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as e:  # noqa: BLE001 — handed to the test below
            errors.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: a deadlock"
    if errors:
        raise errors[0]


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_everything_written_is_loaded_as_one_bulk_load_of_the_same_bytes(kind, tmp_path):
    data = lines(30_000)  # more than the pipe and the writer's buffer hold
    streamed = open_store("memory:" if kind == "memory" else f"oxigraph:{tmp_path}/a")
    with streamed.streaming_load() as out:
        for start in range(0, len(data), 7_777):  # pieces that cut lines in two
            out.write(data[start:start + 7_777])
    plain = ox.Store()
    plain.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    assert streamed.count(G) == 30_000
    assert {str(q) for q in streamed.quads()} == {str(q) for q in plain}


@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(lines(200))), max_size=12))
def test_any_cut_of_the_text_loads_the_same_quads(cuts):
    data = lines(200)
    bounds = [0, *sorted(cuts), len(data)]
    store = open_store("memory:")
    with store.streaming_load() as out:
        for a, b in zip(bounds, bounds[1:]):
            out.write(data[a:b])
    assert store.count(G) == 200


@pytest.mark.parametrize("fifo", [True, False], ids=["pipe", "file"])
def test_the_loaders_error_is_raised_and_nothing_hangs(fifo):
    store = ox.Store()

    def work():
        with pipe_load(lambda path: store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS), fifo=fifo) as out:
            out.write(lines(10))
            for _ in range(2_000):  # ~10 MB after the bad line: far more than the pipe holds
                out.write(b"<https://example.org/s> <https://example.org/p> not-a-term .\n" * 100)

    with pytest.raises(SyntaxError):
        within(60, work)


def test_a_loader_that_fails_before_reading_is_raised_not_waited_for():
    def load(path):
        raise ValueError("no such format")

    def work():
        with pipe_load(load) as out:
            out.write(lines(10))

    with pytest.raises(ValueError, match="no such format"):
        within(30, work)


def test_the_writers_error_wins_and_the_loader_ends():
    store = ox.Store()

    def work():
        with pipe_load(lambda path: store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)) as out:
            out.write(lines(1_000))
            out.write(b"<https://example.org/half")  # a line cut off by the failure below
            raise KeyError("the reader failed")

    with pytest.raises(KeyError, match="the reader failed"):
        within(30, work)
    assert not [t for t in threading.enumerate() if t.name.startswith("innokg-load")]  # the loader ended


@pytest.mark.parametrize("fifo", [True, False], ids=["pipe", "file"])
def test_the_file_fallback_loads_the_same(fifo, tmp_path):
    store = ox.Store()
    with pipe_load(lambda path: store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS), fifo=fifo) as out:
        out.write(lines(5_000))
    assert len(store) == 5_000


def test_an_interruption_before_the_pipe_is_open_ends_the_loader(monkeypatch):
    """Ctrl-C while the writer waits for the loader to open the pipe: the loader, which may not
    have opened it yet, must still see an empty stream and end, or the process would never exit."""
    import graph.streaming as streaming

    def interrupted(path, loading):
        raise KeyboardInterrupt

    monkeypatch.setattr(streaming, "_open_writer", interrupted)
    store = ox.Store()

    def work():
        with pipe_load(lambda path: store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)):
            pass

    for _ in range(20):  # the loader thread is at a different point each time
        with pytest.raises(KeyboardInterrupt):
            within(10, work)
    assert len(store) == 0
