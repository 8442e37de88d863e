"""``python -m bench [--sizes 10000 100000 1000000] [--out bench/RESULTS.md]``: the benchmark suite.

Why a separate entry point (not pytest): it takes minutes and its numbers depend on the machine.
For each size it measures load rate, four ready-made questions cold and warm, the ingest rate of
text documents, API throughput and latency, and the map build, for plain rdflib and innokg's
stores (bench/suite.py), prints a markdown report with ratios, and appends it to ``--out``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

from .suite import (API_REQUESTS, API_REQUESTS_RDFLIB, INGEST_DOCUMENTS, STORES, Dataset, capped, measure_api, measure_ingest,
                    measure_load, measure_map, measure_queries, QUESTION_CAP)

MEASURES = {"load": (measure_load, ("rdflib", "memory", "disk")),
            "queries": (measure_queries, ("rdflib", "memory", "disk", "cached")),
            "ingest": (measure_ingest, ("rdflib", "memory", "disk")),
            "api": (measure_api, ("rdflib", "memory", "cached")),
            "map": (measure_map, ("rdflib", "memory"))}
RDFLIB_API_MAP_UP_TO = 200_000
"""Above this size plain rdflib is not served or mapped: its questions alone take minutes (see its query rows)."""


def rdflib_cap(size: int, measure: str) -> float:
    """Seconds a child measuring rdflib may run: loading grows with the size; each question has its own cap."""
    load = 30.0 + size / 20_000
    return load + 4 * QUESTION_CAP if measure == "queries" else load + 120


def run_size(target: int, only: set[str]) -> tuple[Dataset, dict]:
    ds = Dataset(target)
    print(f"… {ds.size} quads, {ds.documents} project documents", file=sys.stderr)
    results: dict = {}
    for measure, (work, kinds) in MEASURES.items():
        if measure not in only:
            continue
        for kind in kinds:
            if kind == "rdflib" and measure in ("api", "map") and ds.size > RDFLIB_API_MAP_UP_TO:
                results[(measure, kind)] = {"skipped": True}
                continue
            cap = rdflib_cap(ds.size, measure) if kind == "rdflib" else 900.0
            started = time.perf_counter()
            results[(measure, kind)] = capped(lambda: work(kind, ds), cap)
            print(f"  {measure:8} {kind:7} {time.perf_counter() - started:6.1f} s  {results[(measure, kind)]}",
                  file=sys.stderr)
    return ds, results


# --------------------------------------------------------------------------- report
def fmt_time(s: float) -> str:
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.1f} ms" if s < 0.1 else f"{s * 1000:.0f} ms"


def fmt_rate(r: float) -> str:
    return f"{r:,.0f}".replace(",", "\u2009")


def ratio(text: str, value: float | None, base: float | None, higher_is_better: bool) -> str:
    if value is None or base is None or value == 0 or base == 0:
        return text
    r = value / base if higher_is_better else base / value
    return f"{text} ({r:.1f}×)" if r < 10 else f"{text} ({r:,.0f}×)".replace(",", "\u2009")


def cell(results: dict, measure: str, kind: str, key: str, show, higher_is_better: bool, pick=lambda v: v) -> str:
    r = results.get((measure, kind))
    if r is None:
        return "—"
    if r.get("skipped"):
        return "skipped"
    if key not in r:
        if "error" in r:
            return f"error: {r['error'][:60]}"
        return f"> {r['capped']:.0f} s" if "capped" in r else "—"
    value = r[key]
    if isinstance(value, str):
        return value
    base_r = results.get((measure, "rdflib"), {})
    base = pick(base_r[key]) if key in base_r and not isinstance(base_r[key], str) else None
    shown = show(pick(value))
    return shown if kind == "rdflib" else ratio(shown, pick(value), base, higher_is_better)


def report(ds: Dataset, results: dict) -> str:
    kinds = list(STORES)
    lines = [f"#### {fmt_rate(ds.size)} quads, {fmt_rate(ds.documents)} project documents", "",
             "| measure | " + " | ".join(STORES[k] for k in kinds) + " |", "|---" * (len(kinds) + 1) + "|"]

    def row(label, measure, key, show, higher, pick=lambda v: v):
        lines.append(f"| {label} | " + " | ".join(cell(results, measure, k, key, show, higher, pick) for k in kinds) + " |")

    row("load, quads/s", "load", "load", fmt_rate, True)
    row("RSS added by the load", "load", "rss", lambda v: f"{v:.0f} MB", False)
    row("funding totals graph, rebuilt after the load", "queries", "totals rebuild", fmt_time, False)
    for name in ds.questions:
        for phase in ("cold", "warm"):
            row(f"{name}, {phase}", "queries", f"{name} {phase}", fmt_time, False, pick=lambda v: v[0])
    row(f"ingest of {INGEST_DOCUMENTS} text documents, docs/s", "ingest", "ingest", fmt_rate, True)
    row(f"API, {API_REQUESTS} requests ({API_REQUESTS_RDFLIB} for rdflib): req/s", "api", "api", lambda v: f"{v:.1f}", True, pick=lambda v: v[0])
    row("API p50", "api", "api", fmt_time, False, pick=lambda v: v[1])
    row("API p99", "api", "api", fmt_time, False, pick=lambda v: v[2])
    row("API non-200 answers", "api", "api", lambda v: str(v), False, pick=lambda v: v[3])
    row("serving process RSS added", "api", "server rss", lambda v: f"{v:.0f} MB", False)
    row("map build (network + HTML)", "map", "map", fmt_time, False, pick=lambda v: v[0] if isinstance(v, tuple) else v)
    rows = {n: {k: r[f"{n} cold"][1] for (m, k), r in results.items()
                if m == "queries" and isinstance(r.get(f"{n} cold"), tuple)} for n in ds.questions}
    lines += ["", "Rows per question: " + "; ".join(
        f"{n} {'/'.join(map(str, sorted(set(c.values()))))}" + (" **(stores disagree)**" if len(set(c.values())) > 1 else "")
        for n, c in rows.items()) + "."]
    if (m := results.get(("map", "memory"))) and isinstance(m.get("map"), tuple):
        lines.append(f"Map: {m['map'][1]} actors, {m['map'][2]} links, page {m['map'][3] / 1e6:.1f} MB.")
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) / 1024 ** 2 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}, "
            f"load average {os.getloadavg()[0]:.1f} at the start")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], help="target quads")
    parser.add_argument("--only", nargs="+", choices=list(MEASURES), default=list(MEASURES), help="measures to run")
    parser.add_argument("--out", type=Path, help="append the report to this markdown file (e.g. bench/RESULTS.md)")
    args = parser.parse_args(argv)
    started, head = time.perf_counter(), machine()
    sections = [report(*run_size(n, set(args.only))) for n in args.sizes]
    text = "\n".join([f"Machine: {head}. Whole run {time.perf_counter() - started:.0f} s.", "", *sections])
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
