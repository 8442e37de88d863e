"""A query result as a table, and that table as a CSV, JSON or Excel download.

Why one module: the web pages, the REST named-query endpoint and the SPARQL page all offer the
same three downloads, and an analyst who opens the CSV and the Excel file must see the same rows.
Cells keep numbers as numbers (Excel can sum them) and everything else as plain text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from pyoxigraph import Literal

from graph import QueryResult
from graph.base import Term
from graph.results import plain

_NUMERIC = {"integer", "int", "long", "short", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger"}


class DownloadFormat(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


MEDIA_TYPES = {
    DownloadFormat.csv: "text/csv; charset=utf-8",
    DownloadFormat.json: "application/json",
    DownloadFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    """Column names and rows of RDF terms (None: unbound), whatever the kind of query."""

    columns: list[str]
    rows: list[list[Term | None]]

    @classmethod
    def of(cls, result: QueryResult) -> Table:
        if result.kind == "ask":
            return cls(["boolean"], [[Literal(result.boolean)]])
        if result.kind == "select":
            return cls(list(result.variables), [list(r) for r in result.rows])
        return cls(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result.triples])

    def records(self) -> list[dict[str, str | int | float | bool | None]]:
        """Rows as objects keyed by column, with cell values (JSON downloads, REST)."""
        return [dict(zip(self.columns, map(cell, row))) for row in self.rows]


def cell(term: Term | None) -> str | int | float | bool | None:
    """A term as a spreadsheet cell: numbers as int (when whole) or float, booleans, else text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind in _NUMERIC:
            try:
                number = Decimal(term.value)
            except ArithmeticError:
                return term.value
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == "boolean":
            return term.value == "true"
    return plain(term)


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(["" if v is None else _csv_text(v) for v in map(cell, row)] for row in table.rows)
    return buf.getvalue()


def _csv_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_json(table: Table) -> str:
    return json.dumps(table.records(), ensure_ascii=False, indent=1)


def to_xlsx(table: Table, sheet: str = "result") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]  # Excel's limit for sheet names
    fill_sheet(ws, table.columns, (list(map(cell, row)) for row in table.rows))
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def fill_sheet(ws, columns: list[str], rows: Iterable[list]) -> None:
    """A header row in bold, the rows, the header frozen; a cell starting with "=" stays text, so
    data never runs as a formula in the analyst's Excel."""
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"
    ws.freeze_panes = "A2"


def download(table: Table, fmt: DownloadFormat, filename: str) -> Response:
    """The table as a file to save (``Content-Disposition: attachment``)."""
    body: str | bytes
    if fmt is DownloadFormat.csv:
        body = to_csv(table)
    elif fmt is DownloadFormat.json:
        body = to_json(table)
    else:
        body = to_xlsx(table, filename)
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt.value}"'})
