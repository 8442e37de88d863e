"""The ``innokg`` command line (DESIGN.md §3): each command a few lines calling one library function.

Results go to standard output (``--format table|csv|json`` where it applies); progress, errors and
summaries go to standard error, so pipes get clean data. Exit codes: 0 success, 1 some inputs
failed, 2 bad usage or an unusable store or query.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph import DEFAULT_STORE_URI, ExportFormat, QuerySyntaxError, QueryTimeout, Store, StoreError, open_store
from graph.results import plain
from ingest.bootstrap import ensure_reference
from ingest.curation import CurationError, load_curation
from ingest.document import ReadError
from ingest.extract import extract_document
from ingest.pipeline import Outcome, ingest_files
from ingest.readers import find_documents, read_document

from .actors import likely_duplicates, list_actors
from .output import OutputFormat, render
from .stats import graph_statistics

app = typer.Typer(help="innokg: a knowledge graph of regional innovation actors.", no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # messages print literally, one line each

StoreOption = Annotated[str, typer.Option("--store", envvar="INNOKG_STORE",
                                          help="oxigraph:PATH, memory: (or later a SPARQL server URL).")]
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
                     curation=decisions, force=force)
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
          sparql: Annotated[Optional[str], typer.Argument(help="The SPARQL query (or use -f).")] = None,
          file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
          format: FormatOption = OutputFormat.table,
          timeout: Annotated[float, typer.Option(help="Time limit in seconds.", envvar="INNOKG_QUERY_TIMEOUT")] = 10.0,
          ) -> None:
    """Run a read-only SPARQL query over the union of all graphs (the usual prefixes are predeclared)."""
    if (sparql is None) == (file is None):
        raise _fail("give a query or --file, not both or neither")
    text = sparql if sparql is not None else _read_text(file)
    store = _store(ctx)
    try:
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


@app.command()
def export(ctx: typer.Context,
           format: Annotated[ExportFormat, typer.Option("--format", "-F", help="RDF format.")] = ExportFormat.NQUADS,
           out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (default stdout).")] = None,
           ) -> None:
    """Dump the graph: ttl (union of all graphs), trig or nq (with named graphs), nt."""
    store = _store(ctx)
    if out is None:
        store.export(sys.stdout.buffer, format)
        sys.stdout.buffer.flush()
    else:
        with out.open("wb") as f:
            store.export(f, format)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(f"{path}: cannot read query file ({e})")
