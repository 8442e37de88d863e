"""Importer benchmark: rows/s and memory of `innokg import cordis|swecris` on synthetic files.

Why synthetic: the real CORDIS file (~200 000 rows) is not in the repository; this one has its
shape — the 25 columns of organization.csv, ';'-separated and all-quoted, ~5.5 participations per
project, organisations reused with a skewed popularity (one in 5 rows names one of the 1 % most
active ones), PICs, VAT numbers (valid Swedish ones for SE rows), decimal commas.

    python bench/import_bench.py --rows 20000 50000 200000            # disk store, one child per size
    python bench/import_bench.py --rows 200000 --store memory --out bench/RESULTS.md
    python bench/import_bench.py --rows 200000 --country SE      # the Swedish selection of a full file
    python bench/import_bench.py --rows 50000 --source swecris --store memory [--no-classify]   # what classifying projects costs

Each size runs in a fresh child process, so the reported peak RSS is that import's alone.

Two references are measured in the same child, on the quads the import wrote (its new graphs, as
N-Quads): **the store alone** — the same store kind, fresh, loading those quads through the same
pipe (`streaming_load`), the floor no importer of this graph model can beat — and **plain
rdflib** storing them (`Dataset.parse(format="nquads")`), on at most `--rdflib-rows` rows'
worth of them (rdflib needs ~1.7 GB per 10⁶ quads). Both count only storing: reading and
transforming the rows is left out, which favours them. The machine's speed varies between
sessions, so compare an import with its references, not with another day's figures.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = ["projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType",
          "street", "postCode", "city", "country", "nutsCode", "geolocation", "organizationURL", "contactForm",
          "contentUpdateDate", "rcn", "order", "role", "ecContribution", "netEcContribution", "totalCost",
          "endOfParticipation", "active"]
COUNTRIES = ["DE", "FR", "ES", "IT", "NL", "BE", "SE", "UK", "EL", "AT", "FI", "DK", "PT", "PL", "IE", "CH"]
WORDS = ["UNIVERSITET", "TECHNOLOGY", "INSTITUTE", "RESEARCH", "ENERGY", "MATERIALS", "SYSTEMS", "HEALTH",
         "NORDIC", "EUROPEAN", "APPLIED", "DIGITAL", "MARINE", "CLIMATE", "ADVANCED", "CENTRE"]


def luhn_digit(nine: str) -> str:
    from ingest.sources.identifiers import luhn_valid

    return next(str(d) for d in range(10) if luhn_valid(nine + str(d)))


def synthetic_organisations(rows: int, path: Path, seed: int = 9) -> None:
    rng = random.Random(seed)
    n_orgs = max(50, rows // 6)
    orgs = []
    for i in range(n_orgs):
        country = rng.choice(COUNTRIES)
        pic = str(900000000 + i * 7919 % 99999999)
        if country == "SE":
            nine = f"{rng.randint(20, 99):02d}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
            vat = f"SE{nine}{luhn_digit(nine)}01"
        else:
            vat = f"{country}{rng.randint(10**8, 10**9 - 1)}" if rng.random() < 0.7 else ""
        name = " ".join(rng.sample(WORDS, 3)) + f" {i}"
        orgs.append((pic, vat, name, country, rng.choice(["HES", "REC", "PRC", "PUB", "OTH"])))
    popular = orgs[: max(1, n_orgs // 100)]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(HEADER)
        project, order = 100000000, 0
        for _ in range(rows):
            if order == 0 or rng.random() < 0.18:
                project, order = project + 1, 0
            order += 1
            pic, vat, name, country, activity = rng.choice(popular) if rng.random() < 0.2 else rng.choice(orgs)
            cost = rng.randint(10000, 3000000) / 4
            money = f"{cost:.2f}".replace(".", ",") if rng.random() < 0.2 else f"{cost:g}"
            nuts = {"SE": rng.choice(["SE110", "SE121", "SE232", "SE224"])}.get(country, f"{country}1")
            w.writerow([project, f"P{project}", pic, vat, name, "", "false", activity, "STREET 1", "12345", "CITY",
                        country, nuts, "59.3,18.0", "", "", "2024-01-01 10:00:00", str(order), str(order),
                        "coordinator" if order == 1 else "participant", money, money, money, "false", ""])


SWECRIS_HEADER = ["ProjectId", "ProjectTitleSv", "ProjectTitleEn", "ProjectAbstractSv", "ProjectAbstractEn",
                  "ProjectStartDate", "ProjectEndDate", "CoordinatingOrganisationId", "CoordinatingOrganisationNameSv",
                  "CoordinatingOrganisationNameEn", "CoordinatingOrganisationTypeOfOrganisationSv",
                  "CoordinatingOrganisationTypeOfOrganisationEn", "FundingOrganisationId", "FundingOrganisationNameSv",
                  "FundingOrganisationNameEn", "FundingOrganisationTypeOfOrganisationSv",
                  "FundingOrganisationTypeOfOrganisationEn", "FundingsSek", "FundingYear", "FundingStartDate",
                  "FundingEndDate", "TypeOfAwardId", "TypeOfAwardDescrSv", "TypeOfAwardDescrEn", "UpdatedDate",
                  "LoadedDate", "InvolvedPeople", "Scbs"]
THEME_WORDS = ["vätgas", "logistik", "fossilfria", "batterier", "AI", "digitalisering", "stål", "livsmedel",
               "skogsråvara", "turism", "sensorer", "materialteknik", "energieffektiva"]
NEUTRAL_WORDS = ["plattform", "samverkan", "metoder", "modeller", "framtidens", "nya", "analys", "studie", "verktyg",
                 "förbättrad", "styrning", "kvalitet", "användare", "processer", "utvärdering", "design", "data",
                 "mätning", "kartläggning", "förstudie", "skalbar", "robust", "optimering", "lärande"]
FUNDERS = [("202100-5216", "Vinnova"), ("202100-5232", "Formas"), ("202100-5000", "Statens energimyndighet")]
SUBJECTS = ["¤¤¤ 2: Teknik, Engineering and Technology, 20304: Energiteknik, Energy Engineering",
            "¤¤¤ 1: Naturvetenskap, Natural Sciences, 102: Data- och informationsvetenskap, Computer and Information Sciences",
            "¤¤¤ 9: Oklassificerat, Unclassified, 999: Oklassificerat, Unclassified"]


def synthetic_swecris(rows: int, path: Path, seed: int = 9) -> None:
    """A SweCRIS export of N rows: one row per project and funding year (~3 years a project), titles
    of 3–8 words (0–2 of them theme words), an abstract of ~600 characters, SCB subjects, N/20
    coordinators with valid organisation numbers, three funders, one person per project."""
    rng = random.Random(seed)
    orgs = []
    for i in range(max(20, rows // 20)):
        nine = f"{rng.randint(20, 99):02d}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        digits = nine + luhn_digit(nine)
        orgs.append((f"{digits[:6]}-{digits[6:]}", f"Organisation {i} AB"))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(SWECRIS_HEADER)
        n, project = 0, 0
        while n < rows:
            project += 1
            words = rng.sample(THEME_WORDS, rng.randint(0, 2)) + rng.sample(NEUTRAL_WORDS, rng.randint(3, 6))
            rng.shuffle(words)
            title = " ".join(words).capitalize() + f" {project}"
            abstract = " ".join(f"Projektet {' '.join(rng.sample(NEUTRAL_WORDS, 8))} {rng.choice(THEME_WORDS)}."
                                for _ in range(8))  # ~600 characters
            orgnr, org = rng.choice(orgs)
            funder_nr, funder = rng.choice(FUNDERS)
            pid = f"2025-{project:05d}_{funder.split()[-1]}"
            people = f"¤¤¤{project}¤Person {project}¤¤Project leader¤Projektledare¤Female"
            subjects = rng.choice(SUBJECTS)
            for year in range(2025, 2025 + rng.randint(1, 5)):
                if n == rows:
                    break
                w.writerow([pid, title, "", abstract, "", "2025-01-01 00:00:00", "2028-12-31 00:00:00", orgnr, org, "",
                            "Företag", "Companies", funder_nr, funder, "", "Statliga myndigheter",
                            "Government agencies", str(rng.randint(100000, 5000000)), str(year), "", "", "1",
                            "Projektbidrag", "Project grant", "", "", people, subjects])
                n += 1


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu() -> float:
    """CPU seconds (user + system) of this process, all threads: the machine is shared, so wall
    time also measures the neighbours."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(rows: int, store_kind: str, country: str | None, source: str, classify: bool, rdflib_rows: int,
            queue) -> None:
    from graph import open_store
    from ingest.bootstrap import ensure_reference
    from ingest.sources import importer
    from ingest.sources.importer import import_file

    if not classify:  # to measure what the classification of projects costs
        importer.ProjectClassifier.__call__ = lambda self, *args: []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("organization.csv" if source == "cordis" else "swecris.csv")
        (synthetic_organisations if source == "cordis" else synthetic_swecris)(rows, path)
        store = open_store("memory:" if store_kind == "memory" else f"oxigraph:{tmp}/store")
        ensure_reference(store)
        base = rss_mb()
        before_graphs = set(store.graphs())
        samples = []
        start, cpu = time.perf_counter(), _cpu()
        outcome = import_file(store, path, source, country=country, on_rows=lambda n: samples.append((n, rss_mb())))
        elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        again = time.perf_counter()
        unchanged = import_file(store, path, source, country=country).status
        reimport = time.perf_counter() - again
        imported = Path(tmp) / "imported.nq"
        quads = write_new_quads(store, before_graphs, imported)
        store.close()  # so that its compactions do not run beside the references
        references = _references(imported, quads, store_kind, Path(tmp), rows, rdflib_rows)
        mid = next((r for n, r in samples if n >= rows // 2), samples[-1][1] if samples else base)
        end = samples[-1][1] if samples else base
        label = store_kind + (f" --country {country}" if country else "") + ("" if source == "cordis" else f" {source}") \
            + ("" if classify else " (no classification)")
        queue.put(dict(rows=rows, store=label,
                       imported=outcome.rows, status=outcome.status, rejected=outcome.rejected,
                       triples=outcome.triples, seconds=elapsed, rows_per_s=rows / elapsed, cpu=cpu, rows_per_cpu_s=rows / cpu,
                       rss_base=base, rss_mid=mid, rss_end=end, peak=peak, size_mb=path.stat().st_size / 1e6,
                       unchanged=unchanged, reimport_s=reimport, **references))


def _references(quads: Path, total: int, store_kind: str, tmp: Path, rows: int, rdflib_rows: int) -> dict:
    """Rows/s of the store alone and of plain rdflib, storing the ``total`` quads the import wrote
    (the N-Quads file ``quads``)."""
    import rdflib

    from graph import open_store

    fresh = open_store("memory:" if store_kind == "memory" else f"oxigraph:{tmp}/alone")
    start = time.perf_counter()
    with fresh.streaming_load(lenient=True) as stream, quads.open("rb") as f:
        while block := f.read(1 << 20):
            stream.write(block)
    alone = time.perf_counter() - start
    fresh.close()

    share = min(1.0, rdflib_rows / rows)
    head = tmp / "head.nq"
    with quads.open("rb") as f, head.open("wb") as out:
        out.writelines(line for _, line in zip(range(round(total * share)), f))
    start = time.perf_counter()
    rdflib.Dataset().parse(head, format="nquads")
    plain = time.perf_counter() - start
    return dict(quads=total, alone_rows_per_s=rows / alone, rdflib_rows=round(rows * share),
                rdflib_rows_per_s=rows * share / plain)


def write_new_quads(store, before_graphs: set, path: Path) -> int:
    """Write the quads of the graphs ``store`` has beyond ``before_graphs`` to ``path`` as
    N-Quads; their count."""
    import pyoxigraph as ox

    new_graphs = set(store.graphs()) - before_graphs
    count = 0

    def new_quads():
        nonlocal count
        for quad in store.quads():
            if quad.graph_name in new_graphs:
                count += 1
                yield quad

    with path.open("wb") as out:
        ox.serialize(new_quads(), out, ox.RdfFormat.N_QUADS)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20000, 50000, 200000])
    parser.add_argument("--store", choices=["disk", "memory"], nargs="+", default=["disk"])
    parser.add_argument("--country", help="import with --country (e.g. SE): rows of other countries are read and skipped")
    parser.add_argument("--source", choices=["cordis", "swecris"], default="cordis",
                        help="synthetic CORDIS organization.csv (default) or SweCRIS export (titles, abstracts: classified)")
    parser.add_argument("--no-classify", action="store_true", help="leave out the classification of projects")
    parser.add_argument("--rdflib-rows", type=int, default=50000,
                        help="plain rdflib stores the quads of at most this many rows (default 50 000)")
    parser.add_argument("--out", type=Path, help="also write the table (markdown) to this file")
    args = parser.parse_args()
    ctx = mp.get_context("fork")
    results = []
    for kind in args.store:
        for rows in args.rows:
            queue = ctx.Queue()
            child = ctx.Process(target=run_one, args=(rows, kind, args.country, args.source,
                                                      not args.no_classify, args.rdflib_rows, queue))
            child.start()
            results.append(queue.get())
            child.join()
            r = results[-1]
            print(f"{r['store']:6} {rows:>7} rows ({r['imported']:,} imported) {r['size_mb']:6.1f} MB: {r['seconds']:6.1f} s, {r['rows_per_s']:7,.0f} rows/s "
                  f"(CPU {r['cpu']:.1f} s, {r['rows_per_cpu_s']:,.0f} rows per CPU-second), "
                  f"{r['triples']:>9,} triples ({r['triples'] / max(1, r['imported']):.1f} per row), RSS {r['rss_base']:.0f} → {r['rss_mid']:.0f} (half-way) → "
                  f"{r['rss_end']:.0f} MB (end), peak {r['peak']:.0f} MB; re-import {r['unchanged']} in "
                  f"{r['reimport_s']:.2f} s", flush=True)
            print(f"{'':6} the {r['quads']:,} quads it wrote: the store alone {r['alone_rows_per_s']:,.0f} rows/s (the import "
                  f"reaches {r['rows_per_s'] / r['alone_rows_per_s']:.0%} of it); plain rdflib {r['rdflib_rows_per_s']:,.0f} "
                  f"rows/s on {r['rdflib_rows']:,} rows' worth (the import: {r['rows_per_s'] / r['rdflib_rows_per_s']:.1f}×)",
                  flush=True)
    if args.out:
        lines = ["| store | rows | file | wall time | rows/s (wall) | CPU time | rows per CPU-s | triples (per row) | "
                 "RSS before → half-way → end | peak RSS | re-import | store alone, rows/s (import's share) | "
                 "plain rdflib, rows/s (import ×) |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        lines += [f"| {r['store']} | {r['rows']:,} | {r['size_mb']:.1f} MB | {r['seconds']:.1f} s | {r['rows_per_s']:,.0f} | "
                  f"{r['cpu']:.1f} s | {r['rows_per_cpu_s']:,.0f} | "
                  f"{r['triples']:,} ({r['triples'] / max(1, r['imported']):.1f}) | {r['rss_base']:.0f} → {r['rss_mid']:.0f} → {r['rss_end']:.0f} MB | {r['peak']:.0f} MB | "
                  f"{r['unchanged']}, {r['reimport_s']:.2f} s | {r['alone_rows_per_s']:,.0f} ({r['rows_per_s'] / r['alone_rows_per_s']:.0%}) | "
                  f"{r['rdflib_rows_per_s']:,.0f} ({r['rows_per_s'] / r['rdflib_rows_per_s']:.1f}×) |" for r in results]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
