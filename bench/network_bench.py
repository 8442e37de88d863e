"""Network map benchmark: projection, metrics, map build, file size, and the map in headless Chromium.

Run on demand (not in pytest), from the repository root with the project's environment active:

    python bench/network_bench.py                          # 500, 2 000 and 10 000 actors, ~3 min on 2 cores
    python bench/network_bench.py --sizes 500 --out bench/results/network.md

For each size N a deterministic synthetic network shaped like innokg's (see ``synthetic``) is
projected to the collaboration graph; the timings are one run each (the shared machine moves them
by ±30 %). In Chromium the page is opened from a file, the time until the layout has settled
(``data-state="stable"``) is measured, then the time of one full redraw of the canvas (the cost
of every pan or zoom frame) as the median of 5.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from viz.maps import PHYSICS_UP_TO, map_html  # noqa: E402
from viz.metrics import add_betweenness, add_communities, add_components, add_degrees  # noqa: E402
from viz.projections import collaboration_graph  # noqa: E402
from viz.records import Actor, Area, NetworkData, Participation, Project  # noqa: E402

TYPES = ("Company", "Company", "Company", "Municipality", "University", "ScienceParkOrIncubator", "Cluster",
         "RegionalAuthority", "ResearchInstitute", "Association")


def synthetic(n_actors: int, seed: int = 7) -> NetworkData:
    """N actors in 21 counties; N/2 projects, each in one county, with an owner and 2–6 partners drawn
    mostly (80 %) from its county with popularity skewed (a few actors are in many projects), and 1–2 of
    20 funds giving 0.1–5 MSEK."""
    rnd = random.Random(seed)
    counties = [f"lan{c:02d}" for c in range(21)]
    areas = {c: Area(c, f"Län {c[-2:]}", "County", "SE") for c in counties} | {"SE": Area("SE", "Sverige", "Country")}
    actors = {f"a{i}": Actor(f"a{i}", f"Aktör {i} AB", rnd.choice(TYPES), located_in=rnd.choice(counties))
              for i in range(n_actors)}
    funds = {f"f{i}": Actor(f"f{i}", f"Fond {i}", "Fund", ("Fund",)) for i in range(20)}
    by_county: dict[str, list[str]] = {}
    for a in actors.values():
        by_county.setdefault(a.located_in, []).append(a.iri)
    weights = {a: 1 / (i + 1) ** 0.8 for i, a in enumerate(actors)}
    projects, parts = {}, []
    for p in range(n_actors // 2):
        county = rnd.choice(counties)
        iri = f"p{p}"
        projects[iri] = Project(iri, f"Projekt {p}", "2020-01-01", "2022-12-31", (county,))
        pool = by_county[county] if rnd.random() < 0.8 else list(actors)
        members = set(rnd.choices(pool, weights=[weights[a] for a in pool], k=rnd.randint(3, 7)))
        for i, a in enumerate(sorted(members)):
            parts.append(Participation(iri, a, "Owner" if i == 0 else "Partner"))
        for f in rnd.sample(list(funds), rnd.randint(1, 2)):
            parts.append(Participation(iri, f, "Funder", float(rnd.randint(1, 50) * 100_000)))
    return NetworkData(actors=actors | funds, projects=projects, participations=tuple(parts), areas=areas)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def in_browser(paths: list[Path]) -> dict[Path, tuple[float, float]]:
    """(seconds to a settled layout, median ms of one full redraw) of each page."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=300_000)
            page.wait_for_function("document.body.dataset.state === 'stable'", timeout=600_000, polling=100)
            settled = time.perf_counter() - start
            frames = page.evaluate("""() => { const r = window.innokgNetwork.renderer, t = [];
                for (let i = 0; i < 5; i++) { const s = performance.now(); r._redraw(false); t.push(performance.now() - s); }
                return t; }""")
            out[path] = (settled, statistics.median(frames))
            page.close()
        browser.close()
    return out


def run(sizes: list[int]) -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        for n in sizes:
            net = synthetic(n)
            g, t_project = timed(collaboration_graph, net)
            _, t_degree = timed(add_degrees, g)
            _, t_between = timed(add_betweenness, g)
            _, t_louvain = timed(add_communities, g)
            add_components(g)
            html, t_map = timed(map_html, g, title=f"{n} actors")
            path = Path(tmp) / f"map-{n}.html"
            path.write_text(html, encoding="utf-8")
            pages[n] = path
            rows.append([n, g.number_of_nodes(), g.number_of_edges(), t_project, t_between, t_louvain, t_map,
                         path.stat().st_size / 1e6, "physics" if len(g) <= PHYSICS_UP_TO else "server-side, 3 edges/node"])
            print(f"{n}: built", file=sys.stderr)
        browser = in_browser(list(pages.values()))
    lines = ["| actors | nodes | edges | projection | betweenness | Louvain | map build | HTML size | layout | settled in Chromium | redraw (one frame) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for (n, nodes, edges, tp, tb, tl, tm, mb, layout), path in zip(rows, pages.values()):
        settled, frame = browser[path]
        lines.append(f"| {_n(n)} | {_n(nodes)} | {_n(edges)} | {tp:.2f} s | {tb:.2f} s | {tl:.2f} s | {tm:.2f} s "
                     f"| {mb:.1f} MB | {layout} | {settled:.1f} s | {frame:.0f} ms |")
    return "\n".join(lines) + "\n"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--out", type=Path, help="Also write the table to this file.")
    args = parser.parse_args()
    table = run(args.sizes)
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
