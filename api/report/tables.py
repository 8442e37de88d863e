"""The report's numbers as tables: one row per number with its projects and sources, and readable
sheets, for CSV, Excel and Markdown.

Why one long table of numbers: a strategist's spreadsheet can filter and pivot it, and every
figure carries the projects it counts and the documents they come from, as on the HTML page.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from ..downloads import fill_sheet
from .model import NO_THEME, RegionReport

NUMBER_COLUMNS = ["region", "table", "item", "measure", "value", "projects", "sources"]


def _projects(report: RegionReport, projects) -> str:
    return "; ".join(sorted(report.data.net.projects[p].title for p in projects))


def _sources(report: RegionReport, projects, actors=()) -> str:
    found = {s.url or s.path or s.doc for e in (*projects, *actors) for s in report.data.sources.get(e, ())}
    return "; ".join(sorted(found))


def numbers(report: RegionReport, lang: str = "en") -> list[list]:
    """Every number of the report: (region, table, item, measure, value, projects, sources)."""
    rows = []

    def add(table, item, measure, value, projects=(), actors=()):
        rows.append([report.name, table, item, measure, value, _projects(report, projects),
                     _sources(report, projects, actors)])

    totals = report.totals
    add("summary", report.name, "actors", totals["actors"], report.projects, report.status)
    add("summary", report.name, "projects", totals["projects"], report.projects)
    add("summary", report.name, "SEK", totals["sek"], report.projects)
    for (t, f), cell in sorted(report.matrix.items()):
        item = f"{report.label(t, lang)} × {report.label(f, lang)}"
        add("matrix", item, "actors", len(cell.actors), cell.projects, cell.actors)
        add("matrix", item, "SEK", report.sek(cell.projects), cell.projects)
    for t in report.themes:
        projects = report.theme_projects(t)
        if projects or report.theme_actors(t):
            add("themes", report.label(t, lang), "projects", len(projects), projects)
            add("themes", report.label(t, lang), "actors", len(report.theme_actors(t)), projects, report.theme_actors(t))
            add("themes", report.label(t, lang), "SEK", report.sek(projects), projects)
    for key, by_year in sorted(report.money_by_theme.items()):
        for year, sek in sorted(by_year.items()):
            projects = {p for p in report.theme_projects(key) if report.year(p) == year}
            add("money by theme", f"{report.label(key, lang)} {year}", "SEK", sek, projects)
    top_fund = report.data.net.fund_lineage
    for table, money, gives in (("money by funder", report.money_by_funder, lambda g, k: g.actor == k),
                                ("money by fund", report.money_by_fund, lambda g, k: top_fund(g.actor)[-1] == k)):
        for key, by_year in sorted(money.items()):
            for year, sek in sorted(by_year.items()):
                projects = {g.project for g in report.grants if report.year(g.project) == year and gives(g, key)}
                add(table, f"{report.name_of(key)} {year}", "SEK", sek, projects)
    for m in report.members:
        add("actors", m.name, "projects", len(m.projects), m.projects, (m.iri,))
        if m.given_sek is not None:
            add("actors", m.name, "SEK given", m.given_sek, {g.project for g in report.grants if g.actor == m.iri})
    return rows


def numbers_csv(reports: list[RegionReport], lang: str = "en") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(NUMBER_COLUMNS)
    for report in reports:
        writer.writerows(["" if v is None else v for v in row] for row in numbers(report, lang))
    return buf.getvalue()


def sheets(report: RegionReport, lang: str = "en") -> dict[str, tuple[list[str], list[list]]]:
    """Readable tables: actors, theme × function matrix, projects, gaps, overlaps."""
    fns = report.functions
    matrix_rows = []
    for t in report.themes:
        cells = [report.matrix.get((t, f)) for f in fns]
        row = [report.label(t, lang), ", ".join(report.strength_areas(t, lang)), len(report.theme_projects(t)),
               report.sek(report.theme_projects(t))]
        row += [f"{len(c.actors)} actors · {_money(report.sek(c.projects))} SEK" if c else "" for c in cells]
        matrix_rows.append(row)
    return {
        "actors": (["actor", "type", "status", "functions", "themes", "projects", "SEK given"],
                   [[m.name, m.type, m.status, ", ".join(report.label(f, lang) for f in m.functions),
                     ", ".join(report.label(t, lang) for t in m.themes), len(m.projects), m.given_sek]
                    for m in report.members]),
        "matrix": (["theme", "regional strength areas", "projects", "SEK"] + [report.label(f, lang) for f in fns],
                   matrix_rows),
        "projects": (["project", "start", "end", "themes", "functions", "SEK", "co-financed", "sources"],
                     [[p.title, p.start, p.end, ", ".join(report.label(t, lang) for t in p.themes) or
                       report.label(NO_THEME, lang), ", ".join(report.label(f, lang) for f in p.functions),
                       p.funding_sek, "yes" if p.cofinanced else "no",
                       "; ".join(s.url or s.path or s.doc for s in p.sources)] for p in report.project_rows]),
        "gaps": (["kind", "about", "detail", "projects"],
                 [[g.kind, _gap_subject(report, g.subject, lang), g.detail, _projects(report, g.projects)]
                  for g in report.gaps]),
        "overlaps": (["theme", "function", "actors", "projects"],
                     [[report.label(t, lang), report.label(f, lang), ", ".join(sorted(report.name_of(a) for a in c.actors)),
                       _projects(report, c.projects)] for t, f, c in report.overlaps]),
    }


def _gap_subject(report: RegionReport, subject: str, lang: str) -> str:
    if subject in report.data.net.projects:
        return report.data.net.projects[subject].title
    if subject in report.data.organisations:
        return report.name_of(subject)
    if report.scheme:
        for a in report.scheme.areas:
            if a.iri == subject:
                return a.label(lang)
    return report.label(subject, lang)


def xlsx(reports: list[RegionReport], lang: str = "en") -> bytes:
    """One workbook: a ``numbers`` sheet (every number with its projects and sources), then the
    readable sheets of each region (prefixed with its name when several)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "numbers"
    fill_sheet(ws, NUMBER_COLUMNS, [row for r in reports for row in numbers(r, lang)])
    for report in reports:
        for name, (columns, rows) in sheets(report, lang).items():
            title = (f"{report.name[:18]} {name}" if len(reports) > 1 else name)[:31]
            fill_sheet(wb.create_sheet(title), columns, rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def markdown(reports: list[RegionReport], lang: str = "en") -> str:
    """The readable sheets of each region as Markdown tables (names escaped for the table syntax)."""
    out = []
    for report in reports:
        t = report.totals
        out.append(f"# {_md(report.name)}\n\n{t['actors']} actors ({t['based']} based in the region), "
                   f"{t['projects']} projects, {_money(t['sek'])} SEK stated funding (each grant once).\n")
        for name, (columns, rows) in sheets(report, lang).items():
            out.append(f"## {name.capitalize()}\n")
            if not rows:
                out.append("None.\n")
                continue
            out.append("| " + " | ".join(_md(c) for c in columns) + " |")
            out.append("|" + "---|" * len(columns))
            out += ["| " + " | ".join(_md(_cell(v)) for v in row) + " |" for row in rows]
            out.append("")
    return "\n".join(out) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _money(value)
    return str(value)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: pipes, markup and line breaks neutralised."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " ").replace("[", "\\[").replace("]", "\\]"))
