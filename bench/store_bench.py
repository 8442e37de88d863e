"""Store benchmark: rdflib, rdflib + oxrdflib and innokg's pyoxigraph stores on one synthetic graph.

Why: docs/decisions/001-store.md chose pyoxigraph used directly; this script re-measures that
choice on demand (it is not part of the test suite)::

    python bench/store_bench.py --sizes 10000 100000 --out bench/results/store.md

For each size it generates a deterministic graph shaped like innokg's (one named graph per
project document), loads the same N-Quads into four stores, runs the same SPARQL text on each
and times innokg's atomic per-document write path. Every store is measured in a forked child
process, so the memory one store frees cannot flatter the next one's RSS.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from bench.synthetic import Synthetic, generate  # noqa: E402
from graph import Change, open_store  # noqa: E402
from ontology.terms import IKG, XSD, sparql_prologue  # noqa: E402

RUNS = 3
RDFLIB_CAPS = {"Q3": 20_000}
"""Queries plain rdflib skips above this many triples (its self-join takes minutes there)."""

STORES = {
    "a": "rdflib Dataset (pure-Python SPARQL)",
    "b": "rdflib + oxrdflib, memory",
    "c": "pyoxigraph memory (innokg `memory:`)",
    "d": "pyoxigraph disk (innokg `oxigraph:`)",
}
WRITERS = ("a", "c", "d")
"""Stores whose per-document write path (e) is timed: the baseline and innokg's two."""

# --------------------------------------------------------------------------- queries
def queries(data: Synthetic) -> dict[str, tuple[str, str]]:
    """Query id → (title, SPARQL). One text for every store; sets use DISTINCT because Oxigraph's
    union default graph keeps a triple once per graph while rdflib's keeps it once."""
    # the first project's fund, county and owner
    fund, county, actor = data.first(IKG.funds).subject, data.first(IKG.area).object, data.first(IKG.actor).object
    texts = {
        "Q1": ("funding total per funder × county", """
SELECT ?funder ?county (SUM(?amount) AS ?total) (COUNT(?f) AS ?grants) WHERE {
  ?f a ikg:Funding ; ikg:actor ?funder ; ikg:project ?p ; ikg:amount ?amount .
  ?p ikg:area ?county .
} GROUP BY ?funder ?county"""),
        # Q2 starts from the ikg:funds shortcut: written over participation nodes (?r ikg:role ikg:Partner)
        # rdflib's planner begins with every partner role × every project of the county (40 s at 3·10⁴).
        "Q2": ("partners of one fund's projects in one county", f"""
SELECT DISTINCT ?partner ?name WHERE {{
  {fund} ikg:funds ?p .
  ?p ikg:area {county} .
  ?partner ikg:partnerIn ?p ; skos:prefLabel ?name .
}}"""),
        "Q3": ("actor pairs sharing a project (self-join)", """
SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?projects) WHERE {
  ?r1 ikg:project ?p ; ikg:actor ?a .
  ?r2 ikg:project ?p ; ikg:actor ?b .
  FILTER (STR(?a) < STR(?b))
} GROUP BY ?a ?b"""),
        "Q4": ("CONTAINS on names", """
SELECT DISTINCT ?x ?name WHERE {
  ?x skos:prefLabel ?name .
  FILTER (CONTAINS(LCASE(STR(?name)), "skog"))
}"""),
        "Q5": ("2-hop neighbours of one actor", f"""
SELECT DISTINCT ?n WHERE {{
  ?r1 ikg:actor {actor} ; ikg:project ?p1 .
  ?r2 ikg:project ?p1 ; ikg:actor ?m .
  ?r3 ikg:actor ?m ; ikg:project ?p2 .
  ?r4 ikg:project ?p2 ; ikg:actor ?n .
  FILTER (?n != {actor})
}}"""),
    }
    return {k: (title, sparql_prologue() + text.strip()) for k, (title, text) in texts.items()}


# --------------------------------------------------------------------------- stores
class RdflibStore:
    """rdflib Dataset, plain (rdflib's SPARQL engine) or on oxrdflib (Oxigraph's engine)."""

    def __init__(self, oxigraph: bool):
        self.oxigraph = oxigraph
        self.ds = rdflib.Dataset(store="Oxigraph" if oxigraph else "default", default_union=True)

    def load(self, nquads: bytes) -> None:
        if self.oxigraph:  # the only fast path (MEASUREMENTS.md): Oxigraph's parser and bulk loader
            self.ds.parse(data=nquads, format="ox-nquads", transactional=False)
        else:
            self.ds.parse(data=nquads, format="nquads")

    def rows(self, sparql: str) -> int:
        return len(list(self.ds.query(sparql)))

    def close(self) -> None:
        self.ds.close()


class InnokgStore:
    """innokg's own store layer (graph.open_store), so the numbers include its overheads."""

    def __init__(self, uri: str):
        self.store = open_store(uri)

    def load(self, nquads: bytes) -> None:
        self.store.bulk_load(ox.parse(nquads, ox.RdfFormat.N_QUADS))

    def rows(self, sparql: str) -> int:
        return len(self.store.query(sparql).rows)

    def close(self) -> None:
        self.store.close()


def open_bench_store(key: str, tmp: Path):
    return {"a": lambda: RdflibStore(False), "b": lambda: RdflibStore(True),
            "c": lambda: InnokgStore("memory:"), "d": lambda: InnokgStore(f"oxigraph:{tmp / 'store'}")}[key]()


# --------------------------------------------------------------------------- measuring
def rss_mb() -> float:
    """Resident set size from /proc (no psutil); 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def in_child(work: Callable[[], object]):
    """``work()`` in a forked child: each store starts from the same memory and cleans up fully."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            outcome = ("ok", work())
        except BaseException as e:  # reported by the parent
            outcome = ("error", f"{type(e).__name__}: {e}")
        with os.fdopen(write, "wb") as f:
            pickle.dump(outcome, f)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        status, value = pickle.load(f)
    os.waitpid(pid, 0)
    if status != "ok":
        raise RuntimeError(value)
    return value


def warm_median(run: Callable[[], int]) -> tuple[float, int]:
    """Median of ``RUNS`` timed runs after one untimed warm-up; also the row count."""
    rows = run()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def measure_reads(key: str, nquads: bytes, size: int, qs: dict[str, tuple[str, str]]) -> dict:
    """Load time, RSS delta and query times of one store."""
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        store = open_bench_store(key, Path(tmp))
        before = rss_mb()
        start = time.perf_counter()
        store.load(nquads)
        result = {"load": time.perf_counter() - start, "rss": rss_mb() - before, "queries": {}}
        for q, (_, sparql) in qs.items():
            skip = key == "a" and size > RDFLIB_CAPS.get(q, size)
            result["queries"][q] = None if skip else warm_median(lambda: store.rows(sparql))
        store.close()
    return result


def measure_writes(key: str, documents: list) -> tuple[float, float]:
    """Documents per second through the per-document write path: first into an empty store, then
    the same documents again, each replacing its graph as a re-ingest does."""
    with tempfile.TemporaryDirectory(prefix="innokg-bench-") as tmp:
        if key == "a":
            ds = rdflib.Dataset()
            docs = [(rdflib.URIRef(g.value), [tuple(_to_rdflib(t) for t in q.triple) for q in quads])
                    for g, quads in documents]

            def write(g, triples):  # what rdflib offers for "replace a graph": two steps, no transaction
                ctx = ds.graph(g)
                ctx.remove((None, None, None))
                ctx.addN((s, p, o, ctx) for s, p, o in triples)
            close = ds.close
        else:
            store = open_bench_store(key, Path(tmp)).store
            docs = documents

            def write(g, quads):  # innokg's ingest path: one SPARQL Update = one transaction
                store.commit(Change(drop_graphs=[g], insert=quads))
            close = store.close
        rates = _docs_per_second(write, docs), _docs_per_second(write, docs)
        close()
    return rates


def _docs_per_second(write: Callable, documents: list) -> float:
    start = time.perf_counter()
    for graph, quads in documents:
        write(graph, quads)
    return len(documents) / (time.perf_counter() - start)


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = None if term.datatype == XSD.string else rdflib.URIRef(term.datatype.value)
    return rdflib.Literal(term.value, datatype=datatype)


def bench_size(target: int) -> dict:
    """Everything for one size; each store in its own child process."""
    data = generate(target)
    nquads, qs = data.nquads(), queries(data)
    size = len(data.quads)
    print(f"… {size} quads in {len(data.documents)} documents", file=sys.stderr)
    reads, writes = {}, {}
    for key in STORES:
        print(f"… {STORES[key]}", file=sys.stderr)
        reads[key] = in_child(lambda: measure_reads(key, nquads, size, qs))
        if key in WRITERS:
            writes[key] = in_child(lambda: measure_writes(key, data.documents))
    per_document = round((size - len(data.reference)) / len(data.documents))
    return {"size": size, "documents": len(data.documents), "per_document": per_document, "queries": qs,
            "reads": reads, "writes": writes}


# --------------------------------------------------------------------------- report
def num(value: float) -> str:
    """A count with thin spaces between thousands, as Swedish and SI style write it."""
    return f"{value:,.0f}".replace(",", "\u2009")


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def cell(value: float | None, base: float | None, show: Callable[[float], str], faster_is_higher=False) -> str:
    """The value, and how many times better than plain rdflib it is."""
    if value is None:
        return "skipped"
    if base is None or value == base or value == 0:
        return show(value)
    ratio = value / base if faster_is_higher else base / value
    return f"{show(value)} ({ratio:.1f}×)" if ratio < 10 else f"{show(value)} ({ratio:.0f}×)"


def row_check(result: dict) -> str:
    """Row counts per query, with a loud line for every query on which stores disagree."""
    agreed, mismatches = [], []
    for q in result["queries"]:
        counts = {k: r["queries"][q][1] for k, r in result["reads"].items() if r["queries"][q] is not None}
        if len(set(counts.values())) == 1:
            agreed.append(f"{q} {next(iter(counts.values()))}")
        else:
            mismatches.append(f"**ROW COUNT MISMATCH in {q}: {counts}**")
            print(f"!!! ROW COUNT MISMATCH in {q}: {counts}", file=sys.stderr)
    return "\n\n".join([f"Rows, the same in every store: {', '.join(agreed)}.", *mismatches])


def report(result: dict) -> str:
    """One markdown table for one size: absolute values and ratios against plain rdflib."""
    reads, writes, qs = result["reads"], result["writes"], result["queries"]
    base, base_writes = reads["a"], writes["a"]
    head = ["store", "load", "RSS Δ", *qs, "write new docs/s", "write replace docs/s"]
    lines = [f"### {num(result['size'])} quads, {num(result['documents'])} project documents "
             f"of ~{result['per_document']} quads", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, r in reads.items():
        times = [cell(r["queries"][q] and r["queries"][q][0], base["queries"][q] and base["queries"][q][0], fmt_time)
                 for q in qs]
        rates = [cell(writes[key][i], base_writes[i], num, faster_is_higher=True) if key in writes else "—"
                 for i in (0, 1)]
        cells = [STORES[key], cell(r["load"], base["load"], fmt_time), f"{r['rss']:.0f} MB", *times, *rates]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", row_check(result), ""])


def legend(qs: dict[str, tuple[str, str]]) -> str:
    return "; ".join(f"{q} {title}" for q, (title, _) in qs.items()) + "."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="target triple counts")
    parser.add_argument("--out", type=Path, help="also write the markdown report here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = [bench_size(n) for n in args.sizes]
    text = "\n".join([
        f"Queries: {legend(results[0]['queries'])} Times are warm medians of {RUNS} runs; (n×) = n times "
        f"better than plain rdflib in the same run. RSS Δ = resident memory added by the load. Writes: one "
        f"commit (rdflib: one remove + addN) per project document.", "",
        f"Python {sys.version.split()[0]}, rdflib {rdflib.__version__}, oxrdflib {version('oxrdflib')}, "
        f"pyoxigraph {ox.__version__}, {os.cpu_count()} cores; whole run {time.perf_counter() - started:.0f} s.", "",
        *map(report, results)])
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
