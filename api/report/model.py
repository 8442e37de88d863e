"""A region's support system as numbers: members, theme × function matrix, money, gaps, overlaps.

Pure functions of :class:`~api.report.data.ReportData`, so every figure is checked on hand-built
data. Rules (docs/s3.md):

**Projects of a region R**: a project with an area in R (kommun, län or NUTS 2, ``skos:broader*``);
or one whose area contains R (a NUTS 2 or national project) or is not stated, when an actor based
in R takes part (SKISS, stated for Östra Mellansverige, owned by Region Östergötland).

**Actors of R's support system** (organisations some document names; people are left out):
*based* in R — located there (``ikg:locatedIn``, also from a place in the name) or a public body
with jurisdiction there; *active* in R — taking part in a project of R in any role; *linked* — named
with a based actor in a relation without a project ("funded by Linköpings kommun").

**Matrix**: an actor is in cell (theme *t*, function *f*) for each project of R it takes part in
with theme *t*, where it carries *f* (by its role, its project's function, or its own functions
from type, name or curation); and, without a project, for its own themes and functions (a
cluster such as Cleantech Östergötland). A cell's SEK is the stated funding of its projects, each
grant once; a project with two themes counts in both rows, the totals count it once.

**Money over time** is dated by the project's start (else end) year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ontology.s3 import S3Vocabulary, load_s3
from viz.load import main_type
from viz.projections import resolve_region
from viz.records import FUNDING_ROLES, Participation

from .data import Classification, Organisation, ReportData, Source

NO_THEME = "none"
"""Row key of projects no theme was found for (cross-cutting efforts)."""
INTERMEDIARY_FUNCTIONS = ("incubation", "cluster", "testbed", "advice")
"""Functions that make an actor an intermediary between companies and the rest of the system."""
FUNCTION_ORDER = ("funding", "incubation", "cluster", "testbed", "research", "advice", "policy")


@dataclass
class Cell:
    """Who does one function for one theme, through which projects."""

    entries: set[tuple[str, str | None]] = field(default_factory=set)
    """(actor, project or None for the actor's own theme and function)."""

    @property
    def actors(self) -> set[str]:
        return {a for a, _ in self.entries}

    @property
    def projects(self) -> set[str]:
        return {p for _, p in self.entries if p is not None}


@dataclass(frozen=True)
class Member:
    iri: str
    name: str
    type: str
    status: str
    """``based``, ``active`` or ``linked``."""
    projects: tuple[str, ...]
    functions: tuple[str, ...]
    """Function notations, in :data:`FUNCTION_ORDER`."""
    themes: tuple[str, ...]
    """Theme notations of its own and of its projects."""
    given_sek: float | None
    evidence: tuple[Classification, ...] = ()


@dataclass(frozen=True)
class ProjectRow:
    iri: str
    title: str
    start: str | None
    end: str | None
    themes: tuple[str, ...]
    functions: tuple[str, ...]
    funding_sek: float | None
    cofinanced: bool
    participants: tuple[tuple[str, str], ...]
    """(actor, role) pairs."""
    evidence: tuple[Classification, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Gap:
    kind: str
    """``no-intermediary``, ``missing-functions``, ``single-project``, ``no-cofinancing``, ``strength-area``."""
    subject: str
    detail: str
    projects: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


class RegionReport:
    """The report of one region over ``data`` (see the module docstring for the rules)."""

    def __init__(self, data: ReportData, region: str, vocab: S3Vocabulary | None = None):
        self.data, self.vocab = data, vocab or load_s3()
        net = data.net
        self.area = resolve_region(net, region)
        self.name = net.areas[self.area].name
        self.level = net.areas[self.area].level
        self.scheme = self.vocab.scheme_of(self.area.rsplit("/", 1)[-1]) if self.level == "County" else None

    # ------------------------------------------------------------------ membership
    def inside(self, area: str) -> bool:
        return self.area in self.data.net.ancestors(area)

    @cached_property
    def based(self) -> set[str]:
        """Organisations located in the region or with jurisdiction there."""
        return {o.iri for o in self.data.organisations.values() if any(self.inside(p) for p in o.places)}

    @cached_property
    def projects(self) -> set[str]:
        net = self.data.net
        around = set(net.ancestors(self.area))
        chosen = set()
        for iri, p in net.projects.items():
            if any(self.inside(a) for a in p.areas):
                chosen.add(iri)
            elif (not p.areas or around & set(p.areas)) and any(r.actor in self.based for r in net.by_project.get(iri, ())):
                chosen.add(iri)
        return chosen

    @cached_property
    def participations(self) -> tuple[Participation, ...]:
        """Participations of organisations in the region's projects."""
        return tuple(r for r in self.data.net.participations
                     if r.project in self.projects and r.actor in self.data.organisations)

    @cached_property
    def status(self) -> dict[str, str]:
        """Every member of the support system → ``based``, ``active`` or ``linked``."""
        found = {a: "based" for a in self.based}
        for r in self.participations:
            found.setdefault(r.actor, "active")
        for link in self.data.links:
            for a, b in ((link.source, link.target), (link.target, link.source)):
                if b in self.based and a in self.data.organisations:
                    found.setdefault(a, "linked")
        return found

    # ------------------------------------------------------------------ classifications
    def _of(self, kind: str) -> list[Classification]:
        return [c for c in self.data.classifications if c.kind == kind]

    def notation(self, concept: str) -> str | None:
        c = self.vocab.concept(concept)
        return c.notation if c else None

    @cached_property
    def project_themes(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for c in self._of("theme"):
            if c.subject in self.projects and (n := self.notation(c.concept)):
                out.setdefault(c.subject, set()).add(n)
        return out

    @cached_property
    def project_functions(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for c in self._of("function"):
            if c.subject in self.projects and (n := self.notation(c.concept)):
                out.setdefault(c.subject, set()).add(n)
        return out

    @cached_property
    def own_functions(self) -> dict[str, set[str]]:
        """Functions an actor carries whatever the project (type, name, curation)."""
        out: dict[str, set[str]] = {}
        for c in self._of("function"):
            if c.project is None and c.subject in self.status and (n := self.notation(c.concept)):
                out.setdefault(c.subject, set()).add(n)
        return out

    @cached_property
    def functions_in(self) -> dict[tuple[str, str], set[str]]:
        """(actor, project) → the functions the actor carries in that project (role or project)."""
        out: dict[tuple[str, str], set[str]] = {}
        for c in self._of("function"):
            if c.project in self.projects and (n := self.notation(c.concept)):
                out.setdefault((c.subject, c.project), set()).add(n)
        return out

    @cached_property
    def actor_themes(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for c in self._of("actor theme"):
            if c.subject in self.status and (n := self.notation(c.concept)):
                out.setdefault(c.subject, set()).add(n)
        return out

    # ------------------------------------------------------------------ matrix
    @cached_property
    def matrix(self) -> dict[tuple[str, str], Cell]:
        cells: dict[tuple[str, str], Cell] = {}
        for r in self.participations:
            fns = self.functions_in.get((r.actor, r.project), set()) | self.own_functions.get(r.actor, set())
            for t in self.project_themes.get(r.project) or {NO_THEME}:
                for f in fns:
                    cells.setdefault((t, f), Cell()).entries.add((r.actor, r.project))
        for actor, themes in self.actor_themes.items():
            for t in themes:
                for f in self.own_functions.get(actor, set()):
                    cells.setdefault((t, f), Cell()).entries.add((actor, None))
        return cells

    @cached_property
    def themes(self) -> list[str]:
        """Row keys: the themes with projects or actors (most projects first), then :data:`NO_THEME`
        when a project has no theme; :attr:`quiet_themes` are the others."""
        active = [t.notation for t in self.vocab.themes if self.theme_projects(t.notation) or self.theme_actors(t.notation)]
        rows = sorted(active, key=lambda t: (-len(self.theme_projects(t)), -len(self.theme_actors(t)), t))
        if any(p not in self.project_themes for p in self.projects):
            rows.append(NO_THEME)
        return rows

    @property
    def quiet_themes(self) -> list[str]:
        """Common themes with neither projects nor actors in the region."""
        return [t.notation for t in self.vocab.themes if t.notation not in self.themes]

    @property
    def functions(self) -> list[str]:
        known = {f.notation for f in self.vocab.functions}
        return [f for f in FUNCTION_ORDER if f in known] + sorted(known - set(FUNCTION_ORDER))

    def theme_projects(self, theme: str) -> set[str]:
        if theme == NO_THEME:
            return {p for p in self.projects if p not in self.project_themes}
        return {p for p, ts in self.project_themes.items() if theme in ts}

    def theme_actors(self, theme: str) -> set[str]:
        return {a for (t, _), cell in self.matrix.items() if t == theme for a in cell.actors}

    # ------------------------------------------------------------------ money
    @cached_property
    def grants(self) -> tuple[Participation, ...]:
        """Funding participations of the region's projects with a stated amount in SEK (each once)."""
        return tuple(r for r in self.data.net.participations
                     if r.project in self.projects and r.role in FUNDING_ROLES and r.amount is not None)

    def sek(self, projects: Iterable[str]) -> float | None:
        """Stated funding of ``projects``, each grant once; None when none is stated."""
        chosen = set(projects)
        amounts = [g.amount for g in self.grants if g.project in chosen]
        return sum(amounts) if amounts else None

    def year(self, project: str) -> str:
        p = self.data.net.projects.get(project)
        date = p and (p.start or p.end)
        return date[:4] if date else "undated"

    def money_by(self, key) -> dict[str, dict[str, float]]:
        """``key(grant)`` → year → SEK, each grant once per key (a key may give several values)."""
        out: dict[str, dict[str, float]] = {}
        for g in self.grants:
            for k in key(g):
                years = out.setdefault(k, {})
                years[self.year(g.project)] = years.get(self.year(g.project), 0.0) + g.amount
        return out

    @cached_property
    def money_by_theme(self) -> dict[str, dict[str, float]]:
        return self.money_by(lambda g: sorted(self.project_themes.get(g.project) or {NO_THEME}))

    @cached_property
    def money_by_funder(self) -> dict[str, dict[str, float]]:
        return self.money_by(lambda g: [g.actor])

    @cached_property
    def money_by_fund(self) -> dict[str, dict[str, float]]:
        """Grants of funds and programmes, by the fund at the top of the programme's lineage (ERUF for
        the national regional fund programme); other funders' money is not a fund's."""
        funds = {a for a, o in self.data.organisations.items() if "Fund" in o.types}
        return self.money_by(lambda g: [self.data.net.fund_lineage(g.actor)[-1]] if g.actor in funds else [])

    # ------------------------------------------------------------------ members
    def name_of(self, iri: str) -> str:
        o = self.data.organisations.get(iri)
        if o:
            return o.name
        a = self.data.net.actors.get(iri)
        return a.name if a else iri.rsplit("/", 1)[-1]

    def main_type(self, o: Organisation) -> str:
        return main_type(o.types)

    @cached_property
    def members(self) -> list[Member]:
        by_actor: dict[str, set[str]] = {}
        for r in self.participations:
            by_actor.setdefault(r.actor, set()).add(r.project)
        order = {f: i for i, f in enumerate(self.functions)}
        out = []
        for iri, status in self.status.items():
            o = self.data.organisations[iri]
            projects = by_actor.get(iri, set())
            fns = set(self.own_functions.get(iri, set()))
            for p in projects:
                fns |= self.functions_in.get((iri, p), set())
            themes = set(self.actor_themes.get(iri, set()))
            for p in projects:
                themes |= self.project_themes.get(p, set())
            given = [g.amount for g in self.grants if g.actor == iri]
            evidence = tuple(c for c in self.data.classifications if c.subject == iri and c.kind != "place"
                             and (c.project is None or c.project in self.projects))
            out.append(Member(iri, o.name, self.main_type(o), status, tuple(sorted(projects)),
                              tuple(sorted(fns, key=lambda f: order.get(f, 99))), tuple(sorted(themes)),
                              sum(given) if given else None, evidence))
        rank = {"based": 0, "active": 1, "linked": 2}
        return sorted(out, key=lambda m: (m.type, rank[m.status], -len(m.projects), m.name))

    @cached_property
    def project_rows(self) -> list[ProjectRow]:
        net = self.data.net
        rows = []
        for iri in self.projects:
            p = net.projects[iri]
            parts = tuple(sorted({(r.actor, r.role) for r in self.participations if r.project == iri},
                                 key=lambda x: (x[1], self.name_of(x[0]))))
            evidence = tuple(c for c in self.data.classifications if c.subject == iri)
            rows.append(ProjectRow(iri, p.title, p.start, p.end, tuple(sorted(self.project_themes.get(iri, ()))),
                                   tuple(sorted(self.project_functions.get(iri, ()))), self.sek([iri]),
                                   any(r == "CoFinancier" for _, r in parts), parts, evidence,
                                   self.data.sources.get(iri, ())))
        return sorted(rows, key=lambda r: (r.start or "9999", r.title))

    # ------------------------------------------------------------------ gaps and overlaps
    @cached_property
    def gaps(self) -> list[Gap]:
        out = []
        for t in self.themes:
            projects = self.theme_projects(t)
            if not projects or t == NO_THEME:
                continue
            covered = {f for (tt, f), cell in self.matrix.items() if tt == t and cell.entries}
            if not covered & set(INTERMEDIARY_FUNCTIONS):
                out.append(Gap("no-intermediary", t, "projects but no incubator, cluster, testbed or advisor",
                               tuple(sorted(projects))))
            missing = [f for f in self.functions if f not in covered]
            if missing:
                out.append(Gap("missing-functions", t, ", ".join(missing), tuple(sorted(projects))))
        for m in self.members:
            if len(m.projects) == 1 and "Fund" not in self.data.organisations[m.iri].types:
                out.append(Gap("single-project", m.iri, "takes part in one project only", m.projects, (m.iri,)))
        for row in self.project_rows:
            if not row.cofinanced:
                out.append(Gap("no-cofinancing", row.iri, "no co-financier stated", (row.iri,)))
        if self.scheme:
            for area in self.scheme.areas:
                mapped = {self.vocab.concept(t).notation for t in area.themes if self.vocab.concept(t)}
                if not any(self.theme_projects(t) for t in mapped):
                    out.append(Gap("strength-area", area.iri, "a strength area of the region with no project"))
        return out

    @cached_property
    def overlaps(self) -> list[tuple[str, str, Cell]]:
        """Cells (theme, intermediary function) where several actors do the same in separate efforts
        (different projects, or on their own): partners of one project are coordinated, not overlapping."""
        out = []
        for (t, f), cell in sorted(self.matrix.items()):
            if f in INTERMEDIARY_FUNCTIONS and len(cell.actors) >= 2 and len({p for _, p in cell.entries}) >= 2:
                out.append((t, f, cell))
        return out

    # ------------------------------------------------------------------ labels
    def label(self, notation: str, lang: str = "en") -> str:
        if notation == NO_THEME:
            return "Inget tema (tvärgående)" if lang == "sv" else "No theme (cross-cutting)"
        for c in (*self.vocab.themes, *self.vocab.functions):
            if c.notation == notation:
                return c.label(lang)
        return notation

    def strength_areas(self, theme: str, lang: str = "en") -> list[str]:
        """The region's own strength areas that map onto a common theme."""
        if not self.scheme:
            return []
        iri = self.vocab.theme(theme).iri if theme != NO_THEME else None
        return [a.label(lang) for a in self.scheme.areas if iri in a.themes]

    @property
    def totals(self) -> dict[str, float | int | None]:
        return {"actors": len(self.status), "based": len(self.based & set(self.status)),
                "projects": len(self.projects), "sek": self.sek(self.projects)}
