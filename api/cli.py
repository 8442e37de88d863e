"""The ``innokg`` command line (DESIGN.md §3): each command a few lines calling one library function.

Results go to standard output (``--format table|csv|json`` where it applies); progress, errors and
summaries go to standard error, so pipes get clean data. Exit codes: 0 success, 1 some inputs
failed, 2 bad usage or an unusable store or query.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TransferSpeedColumn)

from graph import DEFAULT_STORE_URI, ExportFormat, QuerySyntaxError, QueryTimeout, Store, StoreError, open_store
from graph.load import DEFAULT_CHUNK, load_file
from graph.results import plain
from ingest.bootstrap import ensure_reference
from ingest.curation import CurationError, load_curation
from ingest.document import ReadError
from ingest.extract import extract_document
from ingest.pipeline import Outcome, ingest_files
from ingest.totals import rebuild_totals
from ingest.readers import find_documents, read_document

from .actors import likely_duplicates, list_actors
from .named_queries import Param, ParameterError, UnknownQueryError, get_query, named_queries
from .output import OutputFormat, render
from .stats import graph_statistics

app = typer.Typer(help="innokg: a knowledge graph of regional innovation actors.", no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # messages print literally, one line each

StoreOption = Annotated[str, typer.Option("--store", envvar="INNOKG_STORE", help=(
    "oxigraph:PATH, memory:, or a SPARQL server: http://HOST:PORT for an Oxigraph server, "
    "http(s)://HOST/PATH for one SPARQL endpoint (Virtuoso …/sparql); other endpoint URLs via "
    "INNOKG_STORE_QUERY_URL / _UPDATE_URL / _GSP_URL, credentials via INNOKG_STORE_TOKEN or "
    "INNOKG_STORE_USER / _PASSWORD."))]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-F", help="Output format.")]


@app.callback()
def main(ctx: typer.Context, store: StoreOption = DEFAULT_STORE_URI) -> None:
    """innokg: a knowledge graph of regional innovation actors."""
    ctx.obj = {"store_uri": store}


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"error: {message}", style="red")
    return typer.Exit(code)


def _store(ctx: typer.Context) -> Store:
    """Open the store of ``--store``, loading the reference data on first use."""
    try:
        store = open_store(ctx.obj["store_uri"])
        ensure_reference(store)
    except StoreError as e:
        raise _fail(str(e))
    ctx.call_on_close(store.close)
    return store


@app.command()
def ingest(ctx: typer.Context,
           paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
           curation: Annotated[Optional[Path], typer.Option(
               envvar="INNOKG_CURATION", help="Your curation file (TOML: [[same]] / [[distinct]] names).")] = None,
           force: Annotated[bool, typer.Option(
               "--force", help="Re-ingest unchanged documents too (after editing the curation file).")] = False,
           workers: Annotated[Optional[int], typer.Option(min=1, help=(
               "Processes that read and extract (batches of 40 files or more); default: the cores, "
               "at most 4. 1 = all in this process."))] = None,
           ) -> None:
    """Ingest documents (.txt, .md, .html, .pdf); atomic per document, unchanged ones are skipped."""
    try:
        decisions = load_curation(curation)
    except CurationError as e:
        raise _fail(str(e))
    store = _store(ctx)
    files = list(find_documents(paths))
    outcomes: list[Outcome] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))
        ingest_files(store, files, on_outcome=lambda o: (outcomes.append(o), progress.advance(task)),
                     curation=decisions, force=force, workers=workers)
    for o in outcomes:
        if o.failed:
            err.print(f"failed: {o.source}: {o.error}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "replaced", "unchanged", "failed")}
    err.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    raise typer.Exit(1 if counts["failed"] else 0)


@app.command()
def extract(files: Annotated[list[Path], typer.Argument(help="Documents to extract from.")],
            format: Annotated[str, typer.Option("--format", help="Output format: json.")] = "json") -> None:
    """Print the extraction of each file as JSON (shared/eval/SCHEMA.md), touching no store."""
    if format != "json":
        raise _fail(f"unsupported format {format!r}; extraction is printed as json")
    results, failed = [], False
    for path in files:
        try:
            results.append(extract_document(read_document(path)))
        except ReadError as e:
            err.print(f"failed: {e}")
            failed = True
    typer.echo(json.dumps(results[0] if len(files) == 1 and results else results, ensure_ascii=False, indent=1))
    raise typer.Exit(1 if failed else 0)


@app.command()
def query(ctx: typer.Context,
          sparql: Annotated[Optional[str], typer.Argument(help="The SPARQL query (or use -f or --named).")] = None,
          file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
          named: Annotated[Optional[str], typer.Option("--named", help="A ready-made question (see `innokg queries`).")] = None,
          param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE for --named; repeatable.")] = None,
          format: FormatOption = OutputFormat.table,
          timeout: Annotated[float, typer.Option(help="Time limit in seconds.", envvar="INNOKG_QUERY_TIMEOUT")] = 10.0,
          ) -> None:
    """Run a read-only SPARQL query over the union of all graphs (the usual prefixes are predeclared),
    or a ready-made question: --named who-funds-what --param region="Östergötlands län"."""
    if sum(x is not None for x in (sparql, file, named)) != 1:
        raise _fail("give one of a query, --file or --named")
    if param and named is None:
        raise _fail("--param goes with --named")
    store = _store(ctx)
    try:
        text = _named_query_text(store, named, param or [], timeout) if named else \
            sparql if sparql is not None else _read_text(file)
        result = store.query(text, timeout=timeout)
    except QuerySyntaxError as e:
        raise _fail(f"malformed query: {e}")
    except QueryTimeout as e:
        raise _fail(str(e))
    if result.kind == "ask":
        columns, rows = ["boolean"], [[result.boolean]]
    elif result.kind == "select":
        columns, rows = result.variables, [[plain(t) if t is not None else None for t in r] for r in result.rows]
    else:
        columns = ["subject", "predicate", "object"]
        rows = [[plain(t.subject), plain(t.predicate), plain(t.object)] for t in result.triples]
    sys.stdout.write(render(columns, rows, format))


def _named_query_text(store, name: str, params: list[str], timeout: float) -> str:
    """The named query with ``NAME=VALUE`` parameters bound and the names it looks up resolved in
    ``store`` (exit 2 on unknown names or bad values)."""
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise _fail(f"--param {item!r}: expected NAME=VALUE")
        if key.strip() in values:
            raise _fail(f"--param {key.strip()} given twice")
        values[key.strip()] = value
    try:
        return get_query(name).resolve(store, values, timeout=timeout)
    except (UnknownQueryError, ParameterError) as e:
        raise _fail(str(e))


@app.command()
def queries(format: FormatOption = OutputFormat.table) -> None:
    """List the ready-made questions: name, title and parameters (run one with query --named)."""
    rows = [[q.name, q.title["en"], ", ".join(_describe_param(p) for p in q.params)] for q in named_queries().values()]
    sys.stdout.write(render(["name", "title", "parameters"], rows, format))


def _describe_param(p: Param) -> str:
    """``region (required)``, ``from (integer)``, ``lang=en``: how a parameter is filled."""
    if p.default is not None:
        return f"{p.name}={p.default}"
    notes = ([p.kind] if p.kind != "string" else []) + (["required"] if p.required else [])
    return p.name + (f" ({', '.join(notes)})" if notes else "")


@app.command()
def stats(ctx: typer.Context, format: FormatOption = OutputFormat.table) -> None:
    """Counts: documents, graphs, quads, entities by type."""
    sys.stdout.write(render(["what", "count"], graph_statistics(_store(ctx)), format))


@app.command()
def actors(ctx: typer.Context,
           search: Annotated[Optional[str], typer.Option(help="Part of any of the actor's names.")] = None,
           type: Annotated[Optional[str], typer.Option(help="A type such as University, Company, Fund.")] = None,
           duplicates: Annotated[bool, typer.Option("--duplicates", help="List likely duplicates for review.")] = False,
           threshold: Annotated[float, typer.Option(help="Similarity (0–100) for --duplicates.")] = 88.0,
           limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
           format: FormatOption = OutputFormat.table) -> None:
    """Actors named in documents (most active first), or with --duplicates the pairs worth reviewing."""
    store = _store(ctx)
    if duplicates:
        found = likely_duplicates(store, threshold)[:limit]
        rows = [[c.name, c.other, round(c.score), c.types, c.iri, c.other_iri] for c in found]
        sys.stdout.write(render(["name", "other", "score", "types", "iri", "other_iri"], rows, format))
        err.print(f"{len(found)} candidate pair(s); settle them in a curation file ([[same]] / [[distinct]])",
                  highlight=False)
    else:
        rows = list_actors(store, search, type, limit)
        sys.stdout.write(render(["name", "type", "projects", "documents", "iri"], rows, format))


@app.command()
def validate(ctx: typer.Context, format: FormatOption = OutputFormat.table) -> None:
    """Check the whole graph against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    import io

    from ontology.validation import validate as shacl_validate

    store = _store(ctx)
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    report = shacl_validate(buf.getvalue())
    rows = [[v.severity, v.focus, v.path, v.message] for v in report.violations]
    if rows:
        sys.stdout.write(render(["severity", "focus", "path", "message"], rows, format))
    err.print("conforms" if report.conforms else f"{len(rows)} violation(s)")
    raise typer.Exit(0 if report.conforms else 1)


class ExportChoice(str, Enum):
    ttl = "ttl"
    trig = "trig"
    nq = "nq"
    nt = "nt"
    gexf = "gexf"
    graphml = "graphml"
    csv = "csv"
    json = "json"


class Kind(str, Enum):
    collaboration = "collaboration"
    bipartite = "bipartite"
    funding = "funding"
    county = "county"
    nuts2 = "nuts2"


KindOption = Annotated[Kind, typer.Option("--kind", help="Which network: actors by shared projects, actor–project, "
                                                         "money flow, or regions (county / nuts2).")]
RegionOption = Annotated[Optional[str], typer.Option("--region", help="Projects in this area (county, NUTS 2, kommun).")]
FundOption = Annotated[Optional[str], typer.Option("--fund", help="Projects funded by this fund or its programmes.")]
FromOption = Annotated[Optional[str], typer.Option("--from", help="Projects running on or after YYYY[-MM[-DD]].")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Projects running on or before YYYY[-MM[-DD]].")]
TypeOption = Annotated[Optional[list[str]], typer.Option("--type", help="Actor types to keep (repeat); Person adds people.")]
ActorOption = Annotated[Optional[str], typer.Option("--actor", help="Only the ego network of this actor.")]
DepthOption = Annotated[int, typer.Option("--depth", help="Steps from --actor.")]
WeightOption = Annotated[Optional[float], typer.Option("--min-weight", help="Drop lighter edges (projects; SEK for funding).")]


def _network(ctx: typer.Context, kind: Kind, region, fund, start, end, types, actor, depth, min_weight):
    """The filtered network with metrics, or exit 2 with the reason."""
    from viz import build_network
    from viz.projections import FilterError, Filters

    filters = Filters(region=region, fund=fund, start=start, end=end, types=tuple(types or ()), actor=actor,
                      depth=depth, min_weight=min_weight)
    try:
        return build_network(_store(ctx), kind.value, filters)
    except FilterError as e:
        raise _fail(str(e))


@app.command("map")
def map_(ctx: typer.Context,
         out: Annotated[Path, typer.Option("--out", "-o", help="FILE.html (interactive), FILE.png or FILE.svg (static).")],
         kind: KindOption = Kind.collaboration, region: RegionOption = None, fund: FundOption = None,
         start: FromOption = None, end: ToOption = None, type: TypeOption = None, actor: ActorOption = None,
         depth: DepthOption = 1, min_weight: WeightOption = None,
         size_by: Annotated[Optional[str], typer.Option(help="degree or funding (default: funding for --kind funding).")] = None,
         color_by: Annotated[str, typer.Option(help="type or community.")] = "type",
         title: Annotated[Optional[str], typer.Option(help="Heading of the map.")] = None) -> None:
    """Draw a network map: a self-contained HTML page (works offline), or a PNG/SVG for reports."""
    from viz.maps import write_map
    from viz.static_map import static_map

    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".png", ".svg"):
        raise _fail(f"{out}: write .html, .png or .svg")
    if size_by not in (None, "degree", "funding") or color_by not in ("type", "community"):
        raise _fail("--size-by is degree or funding; --color-by is type or community")
    g = _network(ctx, kind, region, fund, start, end, type, actor, depth, min_weight)
    size_by = size_by or ("funding" if kind is Kind.funding else "degree")
    title = title or f"innokg {kind.value} network"
    if suffix in (".png", ".svg"):
        static_map(g, out, title=title, size_by=size_by)
    else:
        write_map(g, out, title=title, size_by=size_by, color_by=color_by)
    err.print(f"{out}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@app.command()
def network(ctx: typer.Context,
            metrics: Annotated[bool, typer.Option("--metrics", help="Rank actors by their network metrics.")] = True,
            top: Annotated[int, typer.Option("--top", help="How many actors.")] = 20,
            by: Annotated[str, typer.Option("--by", help="Rank by betweenness, degree or weighted_degree.")] = "betweenness",
            kind: KindOption = Kind.collaboration, region: RegionOption = None, fund: FundOption = None,
            start: FromOption = None, end: ToOption = None, type: TypeOption = None, actor: ActorOption = None,
            depth: DepthOption = 1, min_weight: WeightOption = None, format: FormatOption = OutputFormat.table) -> None:
    """The top actors of a network: degree, weighted degree, betweenness (brokers), community."""
    from viz.metrics import RANKING_COLUMNS, ranking

    if by not in ("betweenness", "degree", "weighted_degree"):
        raise _fail("--by is betweenness, degree or weighted_degree")
    g = _network(ctx, kind, region, fund, start, end, type, actor, depth, min_weight)
    sys.stdout.write(render(RANKING_COLUMNS, ranking(g, by=by, top=top), format))
    err.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
              f"{len({d['community'] for _, d in g.nodes(data=True)})} communities")


@app.command()
def export(ctx: typer.Context,
           format: Annotated[ExportChoice, typer.Option("--format", "-F", help="RDF (ttl, trig, nq, nt) or network "
                                                        "(gexf, graphml, csv, json).")] = ExportChoice.nq,
           out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default stdout; csv: "
                                                       "FILE-elements.csv and FILE-connections.csv).")] = None,
           kind: KindOption = Kind.collaboration, region: RegionOption = None, fund: FundOption = None,
           start: FromOption = None, end: ToOption = None, type: TypeOption = None, actor: ActorOption = None,
           depth: DepthOption = 1, min_weight: WeightOption = None,
           ) -> None:
    """Dump the graph: ttl (union of all graphs), trig or nq (with named graphs), nt; or the network (with
    metrics, filters as for `map`): gexf, graphml (Gephi), csv (Kumu elements + connections), json (node-link)."""
    if format.value not in ("ttl", "trig", "nq", "nt"):
        from viz import exports

        g = _network(ctx, kind, region, fund, start, end, type, actor, depth, min_weight)
        if format is ExportChoice.csv:
            if out is None:
                raise _fail("--format csv writes two files: give --out FILE.csv")
            elements, connections = exports.to_csv(g)
            for part, text in (("elements", elements), ("connections", connections)):
                out.with_name(f"{out.stem}-{part}.csv").write_text(text, encoding="utf-8")
            return
        data = {"gexf": exports.to_gexf, "graphml": exports.to_graphml}.get(format.value)
        body = data(g) if data else exports.to_json(g).encode("utf-8")
        if out is None:
            sys.stdout.buffer.write(body)
            sys.stdout.buffer.flush()
        else:
            out.write_bytes(body)
        return
    format = ExportFormat(format.value)
    store = _store(ctx)
    if out is None:
        store.export(sys.stdout.buffer, format)
        sys.stdout.buffer.flush()
    else:
        with out.open("wb") as f:
            store.export(f, format)


@app.command()
def load(ctx: typer.Context,
         file: Annotated[Path, typer.Argument(help="An RDF dump: .nq, .trig, .ttl or .nt.", exists=True, dir_okay=False)],
         graph: Annotated[Optional[str], typer.Option(
             help="Graph IRI for triples (and default-graph quads); default: the file's file:// IRI.")] = None,
         chunk: Annotated[int, typer.Option(min=1, help=(
             "Quads per request / bulk-load step (Turtle, TriG, remote stores; N-Quads and N-Triples "
             "go to the embedded store in pieces of 32 MiB)."))] = DEFAULT_CHUNK,
         lenient: Annotated[bool, typer.Option("--lenient", help=(
             "Skip the validation of IRIs and language tags (N-Quads/N-Triples into the embedded store): "
             "for dumps you trust, such as innokg's own exports; about a quarter faster."))] = False,
         restart: Annotated[bool, typer.Option("--restart", help="Ignore the checkpoint of an earlier run.")] = False,
         ) -> None:
    """Bulk-load a large RDF file, streamed in chunks; an interrupted load resumes from FILE.innokg-load.json."""
    import pyoxigraph as ox

    try:
        target = ox.NamedNode(graph) if graph else None
    except ValueError as e:
        raise _fail(f"--graph must be an absolute IRI: {e}")
    store = _store(ctx)
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TextColumn("{task.fields[quads]} quads"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(f"loading {file.name}", total=file.stat().st_size, quads=0)
        try:
            report = load_file(store, file, graph=target, chunk=chunk, lenient=lenient, restart=restart,
                               progress=lambda done, quads: bar.update(task, completed=done, quads=quads))
        except (StoreError, SyntaxError, OSError) as e:
            raise _fail(f"{file}: {e} (run again to resume from the last complete chunk)", 1)
    resumed = f" (resumed after {report.skipped} quads loaded before)" if report.skipped else ""
    err.print(f"loaded {report.quads} quads from {file} into {store.uri}{resumed}; triples without a graph in {report.graph}")
    with err.status("recomputing the funding totals"):  # the loaded grants are in no totals yet
        rebuild_totals(store)


@app.command()
def report(ctx: typer.Context,
           region: Annotated[str, typer.Option("--region", help="A kommun, län or NUTS 2 area, by name or code.")],
           out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default stdout).")] = None,
           format: Annotated[Optional[str], typer.Option("--format", "-F", help="html, md, csv or xlsx (default: "
                                                         "from --out's suffix, else html).")] = None,
           compare: Annotated[Optional[str], typer.Option("--compare", help="A second region, side by side.")] = None,
           ) -> None:
    """Smart-specialisation report of a region: actors by type and support function, theme × function
    matrix, money by funder, fund and theme over time, network map, gaps and overlaps (docs/s3.md)."""
    from .report import ReportError, ReportFormat, region_reports, render_report

    suffix = out.suffix.lower().lstrip(".") if out else ""
    chosen = format or {"htm": "html", "markdown": "md"}.get(suffix, suffix) or "html"
    if chosen not in {f.value for f in ReportFormat}:
        raise _fail(f"unknown report format {chosen!r}: html, md, csv or xlsx")
    if chosen == "xlsx" and out is None:
        raise _fail("--format xlsx writes a file: give --out FILE.xlsx")
    try:
        body = render_report(region_reports(_store(ctx), region, compare), ReportFormat(chosen))
    except ReportError as e:
        raise _fail(str(e))
    if out is None:
        sys.stdout.write(body)
    elif isinstance(body, bytes):
        out.write_bytes(body)
    else:
        out.write_text(body, encoding="utf-8")
    if out is not None:
        err.print(f"{out}: report of {region}{f' and {compare}' if compare else ''}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(f"{path}: cannot read query file ({e})")


from .serve import serve  # noqa: E402  (the serve command imports from this module)
app.command()(serve)


# --- innokg import swecris|cordis|table (issue 9; docs/importers.md) ---------------------------
import_app = typer.Typer(help="Import funding tables: SweCRIS exports, CORDIS bulk CSVs, any CSV/TSV/XLSX with a mapping.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")
ImportFiles = Annotated[list[Path], typer.Argument(help="Table files; each is imported atomically on its own.")]
EncodingOption = Annotated[str, typer.Option(help="Text encoding of CSV/TSV files, e.g. cp1252.")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Import unchanged files again, replacing their previous version (after editing the curation file).")]
CurationOption = Annotated[Optional[Path], typer.Option(
    envvar="INNOKG_CURATION", help="Your curation file (TOML: [[same]], [[distinct]], [[theme]], [[function]]).")]


@import_app.command("swecris")
def import_swecris(ctx: typer.Context, files: ImportFiles, encoding: EncodingOption = "utf-8",
                   force: ForceOption = False, curation: CurationOption = None) -> None:
    """A SweCRIS export (semicolon-separated): grants in SEK, coordinating organisations, funders."""
    _import(ctx, "swecris", files, encoding=encoding, force=force, curation=curation)


@import_app.command("cordis")
def import_cordis(ctx: typer.Context, files: ImportFiles,
                  country: Annotated[Optional[str], typer.Option(help="Keep participants of this country (EU code: SE).")] = None,
                  programme: Annotated[Optional[str], typer.Option(help="HORIZON, H2020 or FP7: the funder of every row.")] = None,
                  encoding: EncodingOption = "utf-8", force: ForceOption = False, curation: CurationOption = None) -> None:
    """CORDIS organization.csv (contributions in EUR), project.csv, topics.csv, legalBasis.csv."""
    _import(ctx, "cordis", files, country=country, programme=programme, encoding=encoding, force=force, curation=curation)


@import_app.command("table")
def import_table(ctx: typer.Context, files: ImportFiles,
                 mapping: Annotated[Path, typer.Option(help="The mapping file (TOML, see docs/importers.md).")],
                 country: Annotated[Optional[str], typer.Option(help="Keep rows whose mapped country is this.")] = None,
                 encoding: EncodingOption = "utf-8", force: ForceOption = False, curation: CurationOption = None) -> None:
    """Any CSV, TSV or XLSX table whose columns a mapping file names."""
    from ingest.sources.table import MappingError, read_mapping

    try:
        parsed = read_mapping(mapping)
    except MappingError as e:
        raise _fail(str(e))
    _import(ctx, "table", files, mapping=parsed, country=country, encoding=encoding, force=force, curation=curation)


def _import(ctx: typer.Context, source: str, files: list[Path], curation: Path | None = None, **options) -> None:
    """Import each file with progress; row errors and a summary on stderr; exit 1 if any row or file failed."""
    from ingest.pipeline import batch_resolvers
    from ingest.sources.importer import import_file
    from ingest.sources.rates import ensure_rates

    try:
        decisions = load_curation(curation)
    except CurationError as e:
        raise _fail(str(e))
    store = _store(ctx)
    ensure_rates(store)
    resolvers = batch_resolvers(store, decisions)
    outcomes = []
    with Progress(TextColumn("{task.description}"), TextColumn("{task.completed:,.0f} rows"), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        for path in files:
            task = progress.add_task(f"importing {path.name}", total=None)
            outcomes.append(import_file(store, path, source, resolvers=resolvers,
                                        on_rows=lambda n, task=task: progress.update(task, completed=n), **options))
            progress.remove_task(task)
    for o in outcomes:
        for e in o.errors:
            err.print(f"{o.source}: {e}")
        if o.rejected > len(o.errors):
            err.print(f"{o.source}: … and {o.rejected - len(o.errors)} more rejected rows")
        if o.error:
            err.print(f"failed: {o.error}")
        extra = f", {o.skipped} skipped (--country)" if o.skipped else ""
        err.print(f"{o.source}: {o.status}, {o.rows} rows imported, {o.rejected} rejected{extra}, {o.triples} triples")
    raise typer.Exit(1 if any(o.failed for o in outcomes) else 0)
