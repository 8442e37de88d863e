"""The smart-specialisation report of a region (issue 7; docs/s3.md).

``innokg report --region "Östergötlands län" --out report.html`` and ``/report/{region}`` both call
:func:`region_reports` and :func:`render_report`. The pipeline: read the store once
(:mod:`api.report.data`), compute members, matrix, money, gaps and overlaps as pure functions
(:mod:`api.report.model`), then render an offline HTML page (:mod:`api.report.render`) or tables
(:mod:`api.report.tables`: Markdown, CSV of every number, Excel).
"""

from __future__ import annotations

from enum import Enum

from graph import Store
from viz.projections import FilterError

from .data import load_report_data
from .model import RegionReport


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ReportFormat.html: "text/html; charset=utf-8", ReportFormat.md: "text/markdown; charset=utf-8",
    ReportFormat.csv: "text/csv; charset=utf-8",
    ReportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportError(ValueError):
    """A region the graph does not know (the message says which name)."""


def region_reports(store: Store, region: str, compare: str | None = None,
                   timeout: float | None = 60.0) -> list[RegionReport]:
    """The report of ``region`` (and of ``compare``), over one reading of the store."""
    data = load_report_data(store, timeout)
    try:
        return [RegionReport(data, name) for name in (region, compare) if name]
    except FilterError as e:
        raise ReportError(f"{e} (a kommun, län or NUTS 2 area by name or code)") from None


def render_report(reports: list[RegionReport], fmt: ReportFormat = ReportFormat.html, *, lang: str = "en",
                  server: bool = False) -> str | bytes:
    """The report as HTML, Markdown, CSV (every number with its projects and sources) or XLSX bytes."""
    from . import tables
    from .render import html_report

    if fmt is ReportFormat.html:
        return html_report(reports[0], compare=reports[1] if len(reports) > 1 else None, lang=lang, server=server)
    if fmt is ReportFormat.md:
        return tables.markdown(reports, lang)
    if fmt is ReportFormat.csv:
        return tables.numbers_csv(reports, lang)
    return tables.xlsx(reports, lang)
