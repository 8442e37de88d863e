"""The service's limits: time (the work really stops), rows, concurrency, body size.

The time limit is checked on a real ``innokg serve`` process (uvicorn on a free port): a
cartesian product is cut off with 503 while /health keeps answering, and the child process that
evaluated it is gone and no CPU is being spent on it afterwards.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import Change, open_store

from .test_serve import serving

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EX = "http://example.org/"


def children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (clock ticks of /proc/PID/stat, at 100 Hz)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def store_with(n: int):
    store = open_store("memory:")
    store.commit(Change(insert=[ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)),
                                        ox.NamedNode(f"{EX}g{i % 3}")) for i in range(n)]))
    return store


@pytest.mark.slow
def test_runaway_query_is_stopped_at_the_limit_while_others_are_served():
    timeout = 1.0
    with serving("memory:", "--query-timeout", str(timeout)) as (base, server, _):
        outcome = {}

        def runaway():
            started = time.monotonic()
            r = httpx.get(f"{base}/sparql", params={"query": CARTESIAN}, timeout=30)
            outcome.update(status=r.status_code, text=r.text, seconds=time.monotonic() - started)

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)
        evaluating = children(server.pid)
        assert evaluating, "the query should be evaluated in a child process of the server"
        for _ in range(5):  # the server answers others meanwhile, at once
            started = time.monotonic()
            assert httpx.get(f"{base}/health", timeout=5).status_code == 200
            assert time.monotonic() - started < 0.5
            r = httpx.get(f"{base}/sparql", params={"query": "ASK { ?s a ikg:County }"}, timeout=5)
            assert r.json()["boolean"] is True
        thread.join(30)

        assert outcome["status"] == 503 and "time limit of 1 s" in outcome["text"]
        assert timeout <= outcome["seconds"] < timeout + 1
        assert not any(Path(f"/proc/{pid}").exists() for pid in evaluating)  # killed and reaped
        before = cpu_seconds(server.pid)
        time.sleep(1.0)
        assert cpu_seconds(server.pid) - before < 0.2  # nothing keeps computing in the background


def test_rows_are_capped_and_flagged():
    client = TestClient(create_app(store_with(10), Settings(max_rows=3)))
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["x-innokg-truncated"] == "true"
    assert r.text.splitlines()[1:] and len(r.text.splitlines()) == 1 + 3
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.text.splitlines()) == 3 and r.headers["x-innokg-truncated"] == "true"
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-innokg-truncated" not in r.headers and len(r.json()["results"]["bindings"]) == 3


def test_excess_queries_wait_briefly_then_503():
    settings = Settings(query_timeout=3, max_concurrent_queries=1, queue_timeout=0.3)
    client = TestClient(create_app(store_with(2000), settings))
    first = {}
    thread = threading.Thread(target=lambda: first.update(r=client.get("/sparql", params={"query": CARTESIAN})))
    thread.start()
    time.sleep(0.5)  # the first query holds the only slot
    started = time.monotonic()
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 503 and r.headers["retry-after"] == "1" and "busy" in r.text
    assert 0.3 <= time.monotonic() - started < 1.5
    thread.join(10)
    assert first["r"].status_code == 503 and "time limit" in first["r"].text
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # the slot is free again


def test_request_body_size_limit():
    client = TestClient(create_app(store_with(1), Settings(max_body_bytes=100)))
    query = "ASK { " + "?s ?p ?o . " * 20 + "}"
    r = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "limit of 100 bytes" in r.text

    def chunks():  # no Content-Length: the limit applies while the body streams in
        for _ in range(20):
            yield b"?s ?p ?o . "

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"}).status_code == 200


def test_isolated_queries_return_what_the_store_returns():
    """app.state.store (queries in child processes) gives the same terms as the store itself."""
    store = store_with(3)
    g = ox.NamedNode(f"{EX}g")
    store.commit(Change(insert=[
        ox.Quad(ox.BlankNode("b1"), ox.NamedNode(f"{EX}name"), ox.Literal("Åsa", language="sv"), g),
        ox.Quad(ox.BlankNode("b1"), ox.NamedNode(f"{EX}amount"), ox.Literal("3.5", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#decimal")), g)]))
    served = create_app(store, Settings()).state.store
    for query in ("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s <http://x/none> ?x } } ORDER BY ?s ?p",
                  "CONSTRUCT WHERE { ?s ?p ?o }", "ASK { ?s ?p 'x' }"):
        assert vars(served.query(query)) == vars(store.query(query))
    # a commit through the served store is seen by the next query's child
    served.commit(Change(insert=[ox.Quad(ox.NamedNode(f"{EX}new"), ox.NamedNode(f"{EX}p"), ox.Literal("x"), g)]))
    assert served.query(f"ASK {{ <{EX}new> ?p ?o }}").boolean is True
