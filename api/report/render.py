"""The report as one self-contained HTML page: tables, inline SVG charts, the network map as an image.

Why one file with everything inside: a strategist mails it, opens it on a train, prints it; it
loads nothing (the site's stylesheet is inlined, charts are inline SVG, the map a data: image) and
runs no script. Every label is escaped by Jinja's autoescape; the only markup marked safe is our
own stylesheet and the charts of :mod:`api.report.charts`, which escape their texts themselves.
Every number links to the list of its projects further down, and each project to its sources
(and, in the server, to its ``/projects/…`` page).
"""

from __future__ import annotations

import base64
import io
from functools import cached_property
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from viz.maps import TYPE_STYLES
from viz.projections import collaboration_graph
from viz.records import NetworkData

from ..pages import web_link
from .charts import bars, stacked_years
from .model import NO_THEME, RegionReport

HERE = Path(__file__).resolve().parent.parent
environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
environment.globals["web_link"] = web_link  # the pages' rule: only http(s) sources become links

METHODS = {"keywords": "keywords in the text", "actor type": "its type", "role": "its role",
           "project": "its project", "name": "its name", "description": "its description",
           "curation": "the curation file"}


def money(value: float | None) -> str:
    """3 000 000 kr with thin spaces; — when no amount is stated."""
    return "—" if value is None else f"{value:,.0f}".replace(",", "\u202f") + "\u00a0kr"


class View:
    """Helpers the template uses for one region: ids for anchors, labels, links, charts, map."""

    def __init__(self, report: RegionReport, lang: str = "en", server: bool = False, prefix: str = ""):
        self.r, self.lang, self.server, self.prefix = report, lang, server, prefix
        self._ids = {iri: f"{prefix}p{i}" for i, iri in enumerate(sorted(report.projects), 1)}
        self._ids |= {iri: f"{prefix}a{i}" for i, iri in enumerate(sorted(report.status), 1)}

    def anchor(self, iri: str) -> str:
        return self._ids.get(iri, "")

    def cell_id(self, theme: str, function: str) -> str:
        return f"{self.prefix}c-{theme}-{function}"

    def theme_id(self, theme: str) -> str:
        return f"{self.prefix}t-{theme}"

    def label(self, notation: str) -> str:
        return self.r.label(notation, self.lang)

    def page(self, iri: str) -> str | None:
        """The server page of a project or actor (None in a file: there is no server to link to)."""
        if not self.server:
            return None
        from ..pages import entity_path

        return entity_path(iri)

    def title(self, project: str) -> str:
        return self.r.data.net.projects[project].title

    def name(self, actor: str) -> str:
        return self.r.name_of(actor)

    def sorted_projects(self, projects) -> list[str]:
        return sorted(projects, key=self.title)

    def sorted_actors(self, actors) -> list[str]:
        return sorted(actors, key=self.name)

    def method(self, method: str) -> str:
        return METHODS.get(method, method)

    def type_label(self, t: str) -> str:
        return TYPE_STYLES.get(t, ("", t))[1] or t

    def efforts(self, cell, actor: str) -> list[str | None]:
        """The projects (None: on its own) through which ``actor`` is in ``cell``."""
        found = {p for a, p in cell.entries if a == actor}
        return sorted(found - {None}, key=self.title) + ([None] if None in found else [])

    def function_count(self, function: str) -> int:
        return sum(function in m.functions for m in self.r.members)

    def evidence_of(self, actor: str, function: str, project: str | None) -> list:
        """The classifications behind an actor's function in a project (or its own)."""
        concept = self.r.vocab.function(function).iri
        return [c for c in self.r.data.classifications if c.subject == actor and c.concept == concept
                and (c.project is None or c.project == project)]

    # charts -------------------------------------------------------------------------
    def theme_chart(self) -> Markup | None:
        series = self.r.money_by_theme
        if not series:
            return None
        return stacked_years(series, {k: self.label(k) for k in series}, {k: "#" + self.theme_id(k) for k in series})

    def funder_chart(self) -> Markup | None:
        rows = [(self.name(a), sum(y.values()), "#" + self.anchor(a) if self.anchor(a) else None)
                for a, y in self.r.money_by_funder.items()]
        return bars(rows) if rows else None

    def fund_chart(self) -> Markup | None:
        rows = [(self.name(f), sum(y.values()), "#" + self.anchor(f) if self.anchor(f) else None)
                for f, y in self.r.money_by_fund.items()]
        return bars(rows) if rows else None

    @cached_property
    def map_image(self) -> str | None:
        """The support system's collaboration network (viz), as a data: URI of a static SVG map."""
        from viz.static_map import static_map

        g = support_network(self.r)
        if g.number_of_nodes() < 2:
            return None
        buf = io.BytesIO()
        static_map(g, buf, fmt="svg", title=f"{self.r.name}: who works with whom")
        return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def support_network(report: RegionReport) -> nx.Graph:
    """The region's collaboration network (:func:`viz.projections.collaboration_graph` over its projects),
    plus the members joined only by a relation without a project (a municipality funding a cluster)."""
    net = report.data.net
    sub = NetworkData(actors=net.actors, projects={p: net.projects[p] for p in report.projects},
                      participations=report.participations, areas=net.areas, fund_parents=net.fund_parents)
    g = collaboration_graph(sub)
    for link in report.data.links:
        if link.source in report.status and link.target in report.status:
            for iri in (link.source, link.target):
                if iri not in g:
                    o = report.data.organisations[iri]
                    g.add_node(iri, label=o.name, type=report.main_type(o), kind="actor", iri=iri, region="",
                               projects=0, given_sek=0.0, project_sek=0.0)
            if not g.has_edge(link.source, link.target):
                g.add_edge(link.source, link.target, weight=1, projects=[], titles=[])
    return g


def _css() -> Markup:
    """The site's stylesheet and the report's own, inlined so the file needs nothing else."""
    site = (HERE / "static" / "style.css").read_text(encoding="utf-8")
    return Markup(site + environment.get_template("report.css.html").render())


def html_report(report: RegionReport, *, compare: RegionReport | None = None, lang: str = "en",
                server: bool = False) -> str:
    """The whole page (with the comparison when ``compare`` is given)."""
    views = [View(report, lang, server)] + ([View(compare, lang, server, prefix="x")] if compare else [])
    return environment.get_template("report.html").render(
        views=views, v=views[0], r=report, lang=lang, css=_css(), money=money, NO_THEME=NO_THEME, server=server)
