"""The plain records the network views are built from: actors, projects, participations, areas.

Why records between SPARQL and networkx: the projections (:mod:`viz.projections`) are pure
functions of these few immutable values, so they are tested on hand-built data without a store,
and one load (:func:`viz.load.load_network`) serves every kind of map and every filter.

Roles, actor types and area levels are the local names of their ontology terms (``"Partner"``,
``"University"``, ``"County"``); IRIs are plain strings.

>>> areas = {"k": Area("k", "Linköping", "MunicipalityArea", "l"), "l": Area("l", "Östergötlands län", "County", "n"),
...          "n": Area("n", "Östra Mellansverige", "NutsRegion", None)}
>>> net = NetworkData(areas=areas)
>>> net.ancestors("k")
('k', 'l', 'n')
>>> net.at_level("k", "County"), net.at_level("n", "County")
('l', None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

FUNDING_ROLES = frozenset({"Funder", "CoFinancier"})
"""Roles that give money to a project (their participations are also ``ikg:Funding``)."""

AREA_LEVELS = ("MunicipalityArea", "County", "NutsRegion", "Country")
"""Area classes from the smallest to the largest; ``skos:broader`` goes up this list."""


@dataclass(frozen=True)
class Actor:
    iri: str
    name: str
    type: str
    """The main type: the first of the actor's classes in ``ingest.resolve.ACTOR_CLASSES`` order,
    ``"Person"`` for people, ``"OtherOrganization"`` when nothing else is known."""
    types: tuple[str, ...] = ()
    located_in: str | None = None
    aliases: tuple[str, ...] = ()
    """Every other name the actor is known by (alternative labels, notations)."""


@dataclass(frozen=True)
class Project:
    iri: str
    title: str
    start: str | None = None
    """ISO date (``YYYY-MM-DD``) or None when unknown; likewise ``end``."""
    end: str | None = None
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participation:
    project: str
    actor: str
    role: str
    amount: float | None = None
    """SEK, when the document states an amount."""


@dataclass(frozen=True)
class Area:
    iri: str
    name: str
    level: str
    """One of :data:`AREA_LEVELS`."""
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NetworkData:
    """Everything the projections need, keyed by IRI."""

    actors: dict[str, Actor] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    participations: tuple[Participation, ...] = ()
    areas: dict[str, Area] = field(default_factory=dict)
    fund_parents: dict[str, str] = field(default_factory=dict)
    """Fund or programme → its parent fund (``skos:broader``)."""

    def ancestors(self, area: str) -> tuple[str, ...]:
        """``area`` and every area above it, smallest first."""
        chain = []
        while area is not None and area not in chain:
            chain.append(area)
            area = self.areas[area].parent if area in self.areas else None
        return tuple(chain)

    def at_level(self, area: str, level: str) -> str | None:
        """The area of ``level`` that contains ``area`` (itself included), or None if it lies above that level."""
        return next((a for a in self.ancestors(area) if a in self.areas and self.areas[a].level == level), None)

    def fund_lineage(self, fund: str) -> tuple[str, ...]:
        """``fund`` and its parent programmes up to the top fund."""
        chain = []
        while fund is not None and fund not in chain:
            chain.append(fund)
            fund = self.fund_parents.get(fund)
        return tuple(chain)

    @cached_property
    def by_project(self) -> dict[str, tuple[Participation, ...]]:
        """Participations grouped by project."""
        return _group(self.participations, lambda p: p.project)

    @cached_property
    def by_actor(self) -> dict[str, tuple[Participation, ...]]:
        """Participations grouped by actor."""
        return _group(self.participations, lambda p: p.actor)

    def actor_area(self, actor: str, level: str) -> str | None:
        """The area of ``level`` an actor belongs to: where it is located (``ikg:locatedIn``), else the one
        area of that level all its projects lie in; None when unknown or ambiguous, and for funds (a
        programme is not where its projects are)."""
        known = self.actors.get(actor)
        if known and known.located_in and (home := self.at_level(known.located_in, level)):
            return home
        if known and "Fund" in known.types:
            return None
        found = {self.at_level(a, level) for p in self.by_actor.get(actor, ())
                 for a in self.projects[p.project].areas if p.project in self.projects} - {None}
        return found.pop() if len(found) == 1 else None

    def actor_region(self, actor: str) -> str:
        """The name of the actor's county, else of its NUTS 2 region, else ``""``."""
        for level in ("County", "NutsRegion"):
            if area := self.actor_area(actor, level):
                return self.areas[area].name
        return ""


def _group(items: Iterable[Participation], key) -> dict[str, tuple[Participation, ...]]:
    groups: dict[str, list[Participation]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in groups.items()}
