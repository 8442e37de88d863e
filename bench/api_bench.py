"""Who funds what over HTTP under a bounded concurrent load, against plain rdflib in the same run (issue 5 part 8).

Why its own script beside ``python -m bench``: the suite's API measure cycles five requests from
one client thread; issue 5 asks for one question — who funds what — from *concurrent* clients,
with the same query text timed on plain rdflib for the ratio. The server (``create_app`` on
uvicorn, 127.0.0.1, a free port) runs in a forked process so the client threads do not share its
interpreter lock; the result cache is off unless ``--cache``, so every request evaluates the query.

    python bench/api_bench.py                                  # 10⁴ quads, 200 requests from 4 clients
    python bench/api_bench.py --quads 100000 --requests 400 --clients 8
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import signal
import socket
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from api.named_queries import get_query  # noqa: E402
from bench.synthetic import as_stored, generate  # noqa: E402
from ontology.terms import PREFIXES  # noqa: E402

ENDPOINTS = {"/sparql": "the query text by the SPARQL protocol",
             "/api/queries/who-funds-what": "the named question by REST (JSON, first 100 rows)"}


def query_text() -> str:
    """who-funds-what without filters, its prefixes declared, so rdflib and /sparql get the same bytes."""
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return declared + get_query("who-funds-what").render({})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(nquads: bytes, port: int, cache: bool) -> None:
    """The child: an innokg memory store holding the data, served as ``innokg serve`` serves it."""
    import uvicorn

    os.environ["INNOKG_CACHE_ENTRIES"] = "256" if cache else "0"
    from api.app import create_app
    from api.settings import Settings
    from graph import open_store

    store = open_store("memory:")
    store.bulk_load(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    uvicorn.run(create_app(store, Settings(query_timeout=120, max_concurrent_queries=os.cpu_count() or 4,
                                           queue_timeout=120)),
                host="127.0.0.1", port=port, log_level="warning")


def load(base: str, path: str, params: dict, requests: int, clients: int) -> dict:
    """``requests`` GETs spread over ``clients`` threads, each with its own connection."""
    def one(client: httpx.Client) -> tuple[float, int]:
        started = time.perf_counter()
        status = client.get(path, params=params).status_code
        return time.perf_counter() - started, status

    pool = [httpx.Client(base_url=base, timeout=300) for _ in range(clients)]
    try:
        one(pool[0])  # warm-up, not counted
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as executor:
            results = list(executor.map(lambda i: one(pool[i % clients]), range(requests)))
        elapsed = time.perf_counter() - started
    finally:
        for c in pool:
            c.close()
    return summary([t for t, _ in results], elapsed) | {"failures": sum(s != 200 for _, s in results)}


def summary(latencies: list[float], elapsed: float) -> dict:
    ordered = sorted(latencies)
    return {"count": len(ordered), "p50": statistics.median(ordered),
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], "throughput": len(ordered) / elapsed}


def rdflib_runs(nquads: bytes, text: str, runs: int, cap: int) -> tuple[dict | None, int | None]:
    """The same query on an rdflib Dataset (union default graph) in this process, one run at a time;
    (None, None) when the first run passes ``cap`` seconds (SIGALRM interrupts the pure-Python engine:
    unfiltered who-funds-what took over 2 minutes at 10⁴ quads)."""
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=nquads, format="nquads")

    def expire(*_):
        raise TimeoutError
    signal.signal(signal.SIGALRM, expire)
    signal.alarm(cap)
    try:
        rows = len(list(ds.query(text)))  # warm-up, not counted
    except TimeoutError:
        return None, None
    finally:
        signal.alarm(0)
    times = []
    started = time.perf_counter()
    for _ in range(runs):
        t = time.perf_counter()
        list(ds.query(text))
        times.append(time.perf_counter() - t)
    return summary(times, time.perf_counter() - started), rows


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=10_000, help="size of the synthetic graph (bench/synthetic.py)")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--rdflib-runs", type=int, default=10, help="timed runs of the query on rdflib")
    parser.add_argument("--rdflib-cap", type=int, default=60, help="seconds rdflib's first run may take")
    parser.add_argument("--cache", action="store_true", help="leave the result cache on (repeats become hits)")
    args = parser.parse_args(argv)

    nquads = ox.serialize(as_stored(generate(args.quads)), format=ox.RdfFormat.N_QUADS)
    size = nquads.count(b"\n")
    text = query_text()
    port = free_port()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(nquads, port, args.cache), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not server.is_alive():
                sys.exit("the server did not start")
            time.sleep(0.1)
        api_rows = len(httpx.post(base + "/sparql", data={"query": text}, timeout=300,
                                  headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"])
        measured = {path: load(base, path, {"query": text} if path == "/sparql" else {"limit": "100"},
                               args.requests, args.clients) for path in ENDPOINTS}
    finally:
        server.terminate()
        server.join(10)
    plain, rdflib_rows = rdflib_runs(nquads, text, args.rdflib_runs, args.rdflib_cap)
    # over the cap, the ratios are lower bounds: rdflib took at least the cap for one query
    floor = plain or {"p50": args.rdflib_cap, "p99": args.rdflib_cap, "throughput": 1 / args.rdflib_cap}
    over = "" if plain else "> "

    print(f"## who-funds-what over HTTP, {size:,} quads".replace(",", "\u202f"))
    print(f"\n{args.requests} requests per endpoint from {args.clients} concurrent clients to innokg serve "
          f"(memory store, result cache {'on' if args.cache else 'off'}); plain rdflib: {args.rdflib_runs} runs "
          f"of the same query text in process, one at a time. Python {platform.python_version()}, "
          f"rdflib {rdflib.__version__}, pyoxigraph {ox.__version__}, {os.cpu_count()} cores.\n")
    print("| | p50 | p99 | throughput | non-200 | p50 vs rdflib | throughput vs rdflib |")
    print("|---|---|---|---|---|---|---|")
    for path, r in measured.items():
        print(f"| innokg `{path}` ({ENDPOINTS[path]}) | {ms(r['p50'])} | {ms(r['p99'])} | {r['throughput']:.1f} req/s "
              f"| {r['failures']} | {over}{floor['p50'] / r['p50']:.0f}× | {over}{r['throughput'] / floor['throughput']:.0f}× |")
    print(f"| plain rdflib (Dataset, pure-Python SPARQL) | {over}{ms(floor['p50'])} | {over}{ms(floor['p99'])} "
          f"| {'< ' if over else ''}{floor['throughput']:.2f} queries/s | — | 1× | 1× |")
    if plain is None:
        print(f"\nrdflib's first run passed the cap of {args.rdflib_cap} s and was stopped; its cells are bounds.")
    print(f"\nRows: /sparql {api_rows}, rdflib {'—' if rdflib_rows is None else rdflib_rows}"
          + ("" if rdflib_rows in (None, api_rows) else " — ROW COUNT MISMATCH"))


if __name__ == "__main__":
    main()
