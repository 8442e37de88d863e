"""Small charts as inline SVG: money by year and theme (stacked), and ranked bars.

Why hand-written SVG rather than matplotlib: a few rectangles and text nodes are small, crisp at
any zoom, work offline and in any viewer, and every bar can carry a tooltip (``<title>``) and a
link to the projects behind it. Every text is XML-escaped here, so a label from a document
(``<script>``) stays text; the result is marked safe for Jinja only because of that.

>>> svg = bars([("<b>ERUF</b>", 3_000_000.0, "#m-eruf")], "SEK")
>>> "<b>" in svg, "&lt;b&gt;ERUF" in svg, 'href="#m-eruf"' in svg
(False, True, True)
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

PALETTE = ("#1f6f8b", "#e07b39", "#5a9e4b", "#b0457a", "#7a6bb0", "#c9a227", "#3f8f8f", "#a0522d", "#6b7b8c",
           "#d45d5d", "#8c8c3a")


def sek_short(value: float) -> str:
    """12.3 M, 450 k, 900 — for axis and bar labels (tables give the exact figure)."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} M".replace(".0 M", " M")
    if value >= 1_000:
        return f"{value / 1_000:.0f} k"
    return f"{value:.0f}"


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12, fill: str = "#1d2630") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">'
            f"{escape(text)}</text>")


def _linked(body: str, href: str | None, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    return f'<a href="{escape(href)}">{tip}{body}</a>' if href else f"<g>{tip}{body}</g>"


def bars(rows: list[tuple[str, float, str | None]], unit: str = "SEK", width: int = 640) -> Markup:
    """Horizontal bars, largest first: (label, value, link) rows."""
    rows = sorted(rows, key=lambda r: -r[1])
    top = max((v for _, v, _ in rows), default=0) or 1
    label_w, bar_w, row_h = 230, width - 230 - 80, 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{row_h * len(rows) + 8}" '
             f'viewBox="0 0 {width} {row_h * len(rows) + 8}" role="img" aria-label="{escape(unit)}">']
    for i, (label, value, href) in enumerate(rows):
        y = i * row_h + 4
        w = max(1.0, bar_w * value / top)
        short = label if len(label) <= 34 else label[:33] + "…"
        body = (_text(label_w - 8, y + 15, short, "end") +
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[0]}" rx="2"/>' +
                _text(label_w + w + 6, y + 15, sek_short(value), size=11, fill="#5b6773"))
        parts.append(_linked(body, href, f"{label}: {value:,.0f} {unit}".replace(",", " ")))
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_years(series: dict[str, dict[str, float]], labels: dict[str, str], links: dict[str, str],
                  width: int = 640, height: int = 260) -> Markup:
    """Vertical bars per year, stacked by series (themes), with a legend; ``labels`` and ``links`` by series key."""
    years = sorted({y for s in series.values() for y in s}, key=lambda y: (y == "undated", y))
    keys = sorted(series, key=lambda k: -sum(series[k].values()))
    totals = {y: sum(series[k].get(y, 0.0) for k in keys) for y in years}
    top = max(totals.values(), default=0) or 1
    left, bottom, legend_h = 70, 30, 20 * ((len(keys) + 1) // 2) + 10
    plot_h = height - bottom - 10
    slot = (width - left - 10) / max(len(years), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height + legend_h}" '
             f'viewBox="0 0 {width} {height + legend_h}" role="img" aria-label="SEK per year">']
    for frac in (0, 0.5, 1):
        y = 10 + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee3"/>')
        parts.append(_text(left - 6, y + 4, sek_short(top * frac), "end", 11, "#5b6773"))
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    bar_w = min(slot * 0.6, 56)
    for i, year in enumerate(years):
        x, base = left + i * slot + (slot - bar_w) / 2, 10 + plot_h
        for k in keys:
            value = series[k].get(year, 0.0)
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            rect = f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour[k]}"/>'
            parts.append(_linked(rect, links.get(k), f"{labels.get(k, k)} {year}: {value:,.0f} SEK".replace(",", " ")))
        parts.append(_text(x + bar_w / 2, height - 10, year, "middle", 11))
    for i, k in enumerate(keys):
        lx, ly = 10 + (i % 2) * (width / 2), height + 14 + (i // 2) * 20
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour[k]}"/>')
        parts.append(_text(lx + 18, ly, labels.get(k, k)))
    parts.append("</svg>")
    return Markup("".join(parts))
