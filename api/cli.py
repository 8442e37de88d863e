"""The ``innokg`` command line: each command a few lines calling one library function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ingest.document import ReadError
from ingest.extract import extract_document
from ingest.readers import read_document

app = typer.Typer(help="innokg: a knowledge graph of regional innovation actors.", no_args_is_help=True,
                  pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """innokg: a knowledge graph of regional innovation actors."""


@app.command()
def extract(files: Annotated[list[Path], typer.Argument(help="Documents to extract from.")],
            format: Annotated[str, typer.Option("--format", help="Output format (json).")] = "json") -> None:
    """Print the extraction of each file as JSON, touching no store."""
    results, failed = [], False
    for path in files:
        try:
            results.append(extract_document(read_document(path)))
        except ReadError as e:
            typer.echo(f"error: {e}", err=True)
            failed = True
    typer.echo(json.dumps(results[0] if len(files) == 1 and results else results, ensure_ascii=False, indent=1))
    raise typer.Exit(1 if failed else 0)
