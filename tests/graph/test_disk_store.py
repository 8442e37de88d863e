"""What only an on-disk store must do: persist, refuse a second writer clearly, survive a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from graph import StoreLockedError, open_store, python_value

WRITER = textwrap.dedent("""
    import sys, pyoxigraph as ox
    from graph import Change, open_store
    store = open_store("oxigraph:" + sys.argv[1])
    print("open", flush=True)
    for i in range(100000):
        g = ox.NamedNode(f"http://example.org/g{i}")
        quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{j}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(j)), g) for j in range(2000)]
        store.commit(Change(drop_graphs=[g], insert=quads))
""")


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_data_persists_across_processes(disk_store_path):
    written = run_python(textwrap.dedent("""
        import sys, pyoxigraph as ox
        from graph import open_store, replace_graph
        s = open_store("oxigraph:" + sys.argv[1])
        g = ox.NamedNode("http://example.org/g")
        replace_graph(s, g, [ox.Quad(g, ox.NamedNode("http://example.org/p"), ox.Literal("Västerås"), g)])
        s.close()
    """), str(disk_store_path))
    assert written.returncode == 0, written.stderr
    store = open_store(f"oxigraph:{disk_store_path}")
    assert store.query("SELECT ?o WHERE { ?s ?p ?o }").scalar() == "Västerås"
    store.close()


def test_second_process_gets_a_clear_lock_error(disk_store_path):
    store = open_store(f"oxigraph:{disk_store_path}")
    other = run_python("import sys\nfrom graph import open_store\nopen_store('oxigraph:' + sys.argv[1])",
                       str(disk_store_path))
    store.close()
    assert other.returncode != 0
    assert "StoreLockedError" in other.stderr and "in use by another process" in other.stderr


def test_second_open_in_same_process_is_refused(disk_store_path):
    store = open_store(f"oxigraph:{disk_store_path}")
    with pytest.raises(StoreLockedError):
        open_store(f"oxigraph:{disk_store_path}")
    store.close()


@pytest.mark.slow
def test_killed_writer_leaves_only_whole_graphs(disk_store_path):
    """SIGKILL in the middle of a stream of commits: the store opens again and every graph
    holds all 2 000 triples of its commit or does not exist."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(disk_store_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(f"oxigraph:{disk_store_path}")
    sizes = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = [python_value(n) for _, n in sizes.rows]
    store.close()
    assert counts, "the writer committed nothing before it was killed"
    assert set(counts) == {2000}
