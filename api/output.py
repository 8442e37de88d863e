"""Printing tabular results for people (a rich table) and for pipes (CSV, JSON).

Why one module: every command that prints rows (query, stats, later network metrics) should
offer the same ``--format table|csv|json`` and behave the same in a terminal and in a pipe.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from enum import Enum

from rich.console import Console
from rich.table import Table
from rich.text import Text


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def render(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: OutputFormat, title: str | None = None) -> str:
    """Rows as text in the chosen format (JSON: a list of objects keyed by column)."""
    if fmt is OutputFormat.json:
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return buf.getvalue()
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))  # Text: no markup in data
    console = Console(file=io.StringIO(), width=_width(), force_terminal=sys.stdout.isatty(), highlight=False)
    console.print(table)
    return console.file.getvalue()


def _width() -> int:
    """The terminal's width, or a wide page when piped (so nothing is cut)."""
    return Console().width if sys.stdout.isatty() else 200
