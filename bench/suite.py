"""The benchmark suite (issue 8): innokg's stores against plain rdflib, measured in the same run.

Why each measurement in its own forked child with a time cap: rdflib's pure-Python engine takes
minutes on some questions at 10⁶ triples, and a store's memory must not flatter the next one's.
A child reports its results one by one through a pipe; when it passes its cap it is killed and
what it did not report shows as "> cap".
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import select
import signal
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from api.named_queries import get_query
from graph import ExportFormat, open_store
from graph.cache import CachedStore
from ingest.totals import rebuild_totals
from graph.load import load_file
from ontology import ids
from ontology.terms import IKG, SKOS

from .documents import write_documents
from .rdflib_store import RdflibStore
from .synthetic import as_stored, generate

RUNS = 5
"""Warm runs per query (the median is reported); 1 when a cold run took over SLOW seconds."""
SLOW = 5.0
QUESTION_CAP = 30
"""Seconds one question may take (SIGALRM interrupts rdflib's pure-Python engine); then "> cap"."""
REGION = "Östergötlands län"
API_REQUESTS = 200
API_REQUESTS_RDFLIB = 10
"""rdflib answers a question in seconds to minutes, so it gets fewer requests and a 5 s limit each."""
UNCACHED_API_FULL_UP_TO = 200_000
"""Above this size the uncached service also gets API_REQUESTS_RDFLIB requests (its questions take seconds)."""
INGEST_DOCUMENTS = 300
STORES = {"rdflib": "plain rdflib (Dataset, pure-Python SPARQL)", "memory": "innokg memory: (Oxigraph)",
          "disk": "innokg oxigraph: (disk)", "cached": "innokg memory: + result cache"}


# --------------------------------------------------------------------------- the data
class Dataset:
    """One size: the N-Quads every store loads, and the parameters of the questions."""

    def __init__(self, target: int):
        data = generate(target)
        quads = as_stored(data)
        self.size, self.documents = len(quads), len(data.documents)
        self.nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        owner = data.first(IKG.owns).subject
        self.actor = next(q.object.value for q in data.documents[0][1] if q.subject == owner and q.predicate == SKOS.prefLabel)
        self.questions = {"who-funds-what": {}, "top-funders": {"region": REGION},
                          "partners-of-actor": {"actor": self.actor}, "support-system-of-region": {"region": REGION}}
        # the funding totals graph for plain rdflib, whose pure-Python engine would take minutes to
        # build it; innokg's stores build their own after the load (open_loaded, timed apart)
        oxi = open_store("memory:")
        oxi.bulk_load(quads)
        rebuild_totals(oxi)
        buf = io.BytesIO()
        oxi.export(buf, ExportFormat.NQUADS, ids.TOTALS_GRAPH)
        self.totals_nquads = buf.getvalue()
        oxi.close()
        del data, quads, oxi
        gc.collect()


def open_loaded(kind: str, ds: Dataset, tmp: Path, totals: list[float] | None = None):
    """A store of ``kind`` holding the dataset, and the load time in seconds. The synthetic quads
    have no funding totals graph (ingest/totals.py), so it is built after the load, as after
    ``innokg load``; that time is appended to ``totals`` when given, not counted in the load."""
    store = RdflibStore() if kind == "rdflib" else open_store("memory:" if kind in ("memory", "cached") else f"oxigraph:{tmp / 's'}")
    if kind != "rdflib":  # innokg loads what `innokg load dump.nq` loads: a file, by its native line path
        dump = tmp / "dump.nq"
        dump.write_bytes(ds.nquads)
    started = time.perf_counter()
    if kind == "rdflib":
        store.load_nquads(ds.nquads)
    else:
        load_file(store, dump)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    if kind == "rdflib":
        store.load_nquads(ds.totals_nquads)
    else:
        rebuild_totals(store)
    if totals is not None:
        totals.append(time.perf_counter() - started)
    return (CachedStore(store) if kind == "cached" else store), elapsed


# --------------------------------------------------------------------------- the measurements
def measure_load(kind: str, ds: Dataset) -> Iterator[tuple[str, object]]:
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        before = rss_mb()
        store, elapsed = open_loaded(kind, ds, Path(tmp))
        yield "load", ds.size / elapsed
        yield "rss", rss_mb() - before
        store.close()


def measure_queries(kind: str, ds: Dataset) -> Iterator[tuple[str, object]]:
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        rebuild: list[float] = []
        store, _ = open_loaded(kind, ds, Path(tmp), rebuild)
        if kind != "rdflib":
            yield "totals rebuild", rebuild[0]
        for name, params in ds.questions.items():
            question = get_query(name)  # as the API and the CLI run it: the names it looks up resolved first
            started = time.perf_counter()
            try:  # only rdflib is interrupted: innokg's questions run to the end, however long
                with alarm(QUESTION_CAP if kind == "rdflib" else 0):
                    rows = len(question.run(store, params).rows)
            except TimeoutError:
                yield f"{name} cold", f"> {QUESTION_CAP} s"
                yield f"{name} warm", f"> {QUESTION_CAP} s"
                continue
            cold = time.perf_counter() - started
            yield f"{name} cold", (cold, rows)
            times = []
            for _ in range(1 if cold > SLOW else RUNS):
                started = time.perf_counter()
                question.run(store, params)
                times.append(time.perf_counter() - started)
            yield f"{name} warm", (statistics.median(times), rows)
        store.close()


def measure_ingest(kind: str, ds: Dataset) -> Iterator[tuple[str, object]]:
    """What `innokg ingest FOLDER` does: read, extract (in workers), resolve, write, per document."""
    from ingest.bootstrap import ensure_reference
    from ingest.pipeline import ingest_files

    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        folder = Path(tmp) / "documents"
        folder.mkdir()
        files = write_documents(INGEST_DOCUMENTS, folder)
        store, _ = open_loaded(kind, ds, Path(tmp))
        ensure_reference(store)
        started = time.perf_counter()
        outcomes = ingest_files(store, files)
        elapsed = time.perf_counter() - started
        assert all(o.status == "added" for o in outcomes), {o.status for o in outcomes}
        yield "ingest", len(files) / elapsed
        store.close()


def api_paths(ds: Dataset) -> list[tuple[str, dict]]:
    """The request mix: the ready-made questions by REST, who funds what by /api/funders, one by /sparql."""
    return [("/api/queries/who-funds-what", {"limit": "100"}), ("/api/queries/top-funders", {"region": REGION}),
            ("/api/funders", {"region": REGION}), ("/sparql", {"query": get_query("partners-of-actor").render(ds.questions["partners-of-actor"])}),
            ("/api/queries/support-system-of-region", {"region": REGION})]


def measure_api(kind: str, ds: Dataset) -> Iterator[tuple[str, object]]:
    """``API_REQUESTS`` requests, one at a time from a client thread, to uvicorn on 127.0.0.1."""
    import httpx
    import uvicorn

    from api.app import create_app
    from api.settings import Settings
    from tests.graph.oxigraph_server import free_port

    os.environ["INNOKG_CACHE_ENTRIES"] = "256" if kind == "cached" else "0"
    requests, limit = (API_REQUESTS_RDFLIB, 5) if kind == "rdflib" else (API_REQUESTS, 60)
    if kind == "memory" and ds.size > UNCACHED_API_FULL_UP_TO:
        requests = API_REQUESTS_RDFLIB  # uncached, each question takes seconds here: bounded
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        before = rss_mb()
        store, _ = open_loaded("memory" if kind == "cached" else kind, ds, Path(tmp))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(store, Settings(query_timeout=limit)), host="127.0.0.1",
                                               port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        mix, latencies, failures = api_paths(ds), [], 0
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            started = time.perf_counter()
            for i in range(requests):
                path, params = mix[i % len(mix)]
                t = time.perf_counter()
                failures += client.get(path, params=params).status_code != 200
                latencies.append(time.perf_counter() - t)
            elapsed = time.perf_counter() - started
        latencies.sort()
        yield "api", (requests / elapsed, latencies[len(latencies) // 2],
                      latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], failures)
        yield "server rss", rss_mb() - before
        server.should_exit = True
        thread.join(10)


def measure_map(kind: str, ds: Dataset) -> Iterator[tuple[str, object]]:
    try:
        from viz import build_network
        from viz.maps import map_html
    except ImportError as e:
        yield "map", f"skipped: viz not importable ({e})"
        return
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        store, _ = open_loaded(kind, ds, Path(tmp))
        started = time.perf_counter()
        g = build_network(store, "collaboration", timeout=None)
        html = map_html(g)
        yield "map", (time.perf_counter() - started, g.number_of_nodes(), g.number_of_edges(), len(html))
        store.close()


# --------------------------------------------------------------------------- running with caps
@contextmanager
def alarm(seconds: int):
    """Raise :class:`TimeoutError` in this (child) process after ``seconds``."""
    def expire(*_):
        raise TimeoutError
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def capped(work: Callable[[], Iterator[tuple[str, object]]], cap: float) -> dict[str, object]:
    """Run ``work`` in a forked child, collecting what it yields until it ends or ``cap`` seconds pass
    (then it is killed, ``"capped"`` is set, and its later results are missing)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: length-prefixed pickles, one per result
        os.close(read)
        with os.fdopen(write, "wb") as pipe:
            try:
                for item in work():
                    _send(pipe, item)
            except BaseException as e:  # reported, then the child exits
                _send(pipe, ("error", f"{type(e).__name__}: {e}"))
        os._exit(0)
    os.close(write)
    deadline, results, buffer = time.monotonic() + cap, {}, b""
    with os.fdopen(read, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                results["capped"] = cap
                os.kill(pid, signal.SIGKILL)
                break
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 8 and len(buffer) >= 8 + (n := int.from_bytes(buffer[:8], "big")):
                key, value = pickle.loads(buffer[8:8 + n])
                results[key] = value
                buffer = buffer[8 + n:]
    os.waitpid(pid, 0)
    return results


def _send(pipe, item) -> None:
    payload = pickle.dumps(item)
    pipe.write(len(payload).to_bytes(8, "big") + payload)
    pipe.flush()
