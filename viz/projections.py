"""Projections: :class:`~viz.records.NetworkData` → networkx graphs, with filters.

Four views of the same participations:

- **collaboration** (:func:`collaboration_graph`): actor — actor, an edge for every project two
  actors take part in together (as owner, leader, partner, member or co-financier: grant givers
  are money, not collaborators, and are shown by the funding view); ``weight`` = shared projects,
  ``projects`` = their IRIs, ``titles`` = their titles.
- **bipartite** (:func:`bipartite_graph`): actor — project, ``roles`` on each edge.
- **funding** (:func:`funding_graph`): a directed flow parent fund → programme → funder → project →
  owner/leader/partners; money edges carry ``sek`` (= ``weight``), participant edges weight 0.
- **region** (:func:`region_graph`): actors aggregated to their county or NUTS 2 region; an edge
  for every project that joins actors of two regions.

Every node has ``label``, ``type``, ``kind`` (actor, project or region) and ``iri``; actors also
``region``, ``projects`` (count), ``given_sek`` (money they give) and ``project_sek`` (known money
of their projects). :func:`network` applies the :class:`Filters` and is what the CLI and the
server call.

>>> P, A, B, C = "p1", "a", "b", "c"
>>> net = NetworkData(
...     actors={x: Actor(x, x.upper(), "Company") for x in (A, B, C)},
...     projects={P: Project(P, "One project")},
...     participations=(Participation(P, A, "Owner"), Participation(P, B, "Partner"),
...                     Participation(P, C, "Funder", 100.0)))
>>> g = collaboration_graph(net)
>>> sorted(g.edges(data="weight")), sorted(g)
([('a', 'b', 1)], ['a', 'b'])
>>> sorted(funding_graph(net).edges(data="sek"))
[('c', 'p1', 100.0), ('p1', 'a', 0.0), ('p1', 'b', 0.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from .records import FUNDING_ROLES, Actor, NetworkData, Participation, Project

COLLABORATION_ROLES = frozenset({"Owner", "Leader", "Partner", "Member", "CoFinancier"})
"""Roles that make actors collaborators in a project (everything but the grant giver)."""

KINDS = ("collaboration", "bipartite", "funding", "county", "nuts2")
"""Every projection :func:`network` builds; ``county``/``nuts2`` are the region view at that level."""

REGION_LEVELS = {"county": "County", "nuts2": "NutsRegion"}


class FilterError(ValueError):
    """A filter names something the graph does not know (a region, fund or actor), or is malformed."""


@dataclass(frozen=True)
class Filters:
    """What to keep. Names are matched case-insensitively against names, aliases and codes; IRIs also work."""

    region: str | None = None
    """Projects in this area or any area inside it (a county, a NUTS 2 region, a municipality)."""
    fund: str | None = None
    """Projects funded (or co-financed) by this fund or any of its programmes."""
    start: str | None = None
    """Projects running on or after this date (``2019``, ``2019-05`` or ``2019-05-01``); projects
    without dates are left out when a period is given."""
    end: str | None = None
    types: tuple[str, ...] = ()
    """Actor types to keep (``University``, ``Fund``, ``Person`` …); empty: every organisation."""
    min_weight: float | None = None
    """Drop edges lighter than this (shared projects; SEK on funding edges), then actors left alone."""
    actor: str | None = None
    """Keep only the ego network of this actor (or, in a region view, region)."""
    depth: int = 1
    """Steps from ``actor`` kept in the ego network."""


# ---------------------------------------------------------------------------------------------- names
def resolve(candidates: Iterable[tuple[str, str, tuple[str, ...]]], text: str, what: str) -> str:
    """The IRI among ``(iri, name, aliases)`` candidates that ``text`` names: the IRI itself, else the one
    whose name or an alias equals ``text`` ignoring case. Raises :class:`FilterError` if none or several.

    >>> resolve([("x:1", "Region Östergötland", ("RÖ",)), ("x:2", "Region Dalarna", ())], "rö", "actor")
    'x:1'
    """
    key = text.strip().casefold()
    found = set()
    for iri, name, aliases in candidates:
        if text == iri:
            return iri
        if key == name.casefold() or any(key == a.casefold() for a in aliases):
            found.add(iri)
    if len(found) == 1:
        return found.pop()
    if not found:
        raise FilterError(f"no {what} named {text!r}")
    raise FilterError(f"{text!r} names several {what}s: {', '.join(sorted(found))}")


def resolve_region(net: NetworkData, text: str) -> str:
    return resolve(((a.iri, a.name, a.aliases) for a in net.areas.values()), text, "region")


def resolve_fund(net: NetworkData, text: str) -> str:
    funds = [a for a in net.actors.values() if "Fund" in a.types]
    return resolve(((a.iri, a.name, a.aliases) for a in funds), text, "fund")


def resolve_actor(net: NetworkData, text: str) -> str:
    return resolve(((a.iri, a.name, a.aliases) for a in net.actors.values()), text, "actor")


# ---------------------------------------------------------------------------------------------- filters
def period_bounds(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """ISO bounds from partial dates: a start is the first day of its year or month, an end the last.

    >>> period_bounds("2019", "2020-02")
    ('2019-01-01', '2020-02-31')
    """
    for value in (start, end):
        if value is not None and not _is_partial_date(value):
            raise FilterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    low = None if start is None else start + "-01-01"[len(start) - 4:]
    high = None if end is None else end + "-12-31"[len(end) - 4:]
    return low, high


def _is_partial_date(value: str) -> bool:
    parts = value.split("-")
    return 1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts) \
        and all(len(p) == 2 for p in parts[1:])


def project_filter(net: NetworkData, filters: Filters) -> Callable[[Project], bool]:
    """A predicate for the projects that pass the region, fund and period filters."""
    region = resolve_region(net, filters.region) if filters.region else None
    fund = resolve_fund(net, filters.fund) if filters.fund else None
    low, high = period_bounds(filters.start, filters.end)

    def keep(p: Project) -> bool:
        if region and not any(region in net.ancestors(a) for a in p.areas):
            return False
        if fund and not any(r.role in FUNDING_ROLES and fund in net.fund_lineage(r.actor)
                            for r in net.by_project.get(p.iri, ())):
            return False
        if low or high:
            first, last = p.start or p.end, p.end or p.start
            if first is None or (high and first > high) or (low and last < low):
                return False
        return True

    return keep


def actor_filter(filters: Filters) -> Callable[[Actor], bool]:
    """A predicate for the actors that pass the type filter (people only when asked for)."""
    wanted = set(filters.types)
    if not wanted:
        return lambda a: a.type != "Person"
    return lambda a: bool(wanted & {a.type, *a.types})


def _kept(net: NetworkData, filters: Filters) -> tuple[set[str], list[Participation]]:
    """The projects that pass the filters, and their participations by actors that pass."""
    keep_project, keep_actor = project_filter(net, filters), actor_filter(filters)
    projects = {iri for iri, p in net.projects.items() if keep_project(p)}
    parts = [r for r in net.participations
             if r.project in projects and r.actor in net.actors and keep_actor(net.actors[r.actor])]
    return projects, parts


# ---------------------------------------------------------------------------------------------- node attributes
def _funding(parts: Iterable[Participation]) -> dict[str, float]:
    """Known money per project (sum of the stated amounts of its funding participations)."""
    total: dict[str, float] = {}
    for r in parts:
        if r.role in FUNDING_ROLES and r.amount:
            total[r.project] = total.get(r.project, 0.0) + r.amount
    return total


def _actor_nodes(g: nx.Graph, net: NetworkData, parts: list[Participation], money: dict[str, float]) -> None:
    """Add every actor of ``parts`` with its attributes."""
    projects: dict[str, set[str]] = {}
    given: dict[str, float] = {}
    for r in parts:
        projects.setdefault(r.actor, set()).add(r.project)
        if r.role in FUNDING_ROLES and r.amount:
            given[r.actor] = given.get(r.actor, 0.0) + r.amount
    for iri, ps in projects.items():
        a = net.actors[iri]
        g.add_node(iri, label=a.name, type=a.type, kind="actor", iri=iri, region=net.actor_region(iri),
                   projects=len(ps), given_sek=given.get(iri, 0.0),
                   project_sek=sum(money.get(p, 0.0) for p in ps))


def _project_node(g: nx.Graph, p: Project, money: dict[str, float]) -> None:
    g.add_node(p.iri, label=p.title, type="Project", kind="project", iri=p.iri,
               start_date=p.start or "", end_date=p.end or "", project_sek=money.get(p.iri, 0.0))


# ---------------------------------------------------------------------------------------------- projections
def collaboration_graph(net: NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """Actors linked by the projects they share (see the module docstring)."""
    projects, parts = _kept(net, filters)
    members = [r for r in parts if r.role in COLLABORATION_ROLES]
    g = nx.Graph(kind="collaboration")
    _actor_nodes(g, net, members, _funding(r for r in net.participations if r.project in projects))
    for project, rs in sorted(_group_actors(members).items()):
        for a, b in combinations(sorted(rs), 2):
            if g.has_edge(a, b):
                data = g.edges[a, b]
                data["weight"] += 1
                data["projects"].append(project)
                data["titles"].append(net.projects[project].title)
            else:
                g.add_edge(a, b, weight=1, projects=[project], titles=[net.projects[project].title])
    return g


def _group_actors(parts: Iterable[Participation]) -> dict[str, set[str]]:
    by_project: dict[str, set[str]] = {}
    for r in parts:
        by_project.setdefault(r.project, set()).add(r.actor)
    return by_project


def bipartite_graph(net: NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """Actors and projects; an edge per actor in a project with its ``roles``, ``sek`` given, and
    ``weight`` = number of roles."""
    projects, parts = _kept(net, filters)
    money = _funding(r for r in net.participations if r.project in projects)
    g = nx.Graph(kind="bipartite")
    _actor_nodes(g, net, parts, money)
    for r in parts:
        if r.project not in g:
            _project_node(g, net.projects[r.project], money)
        data = g.get_edge_data(r.actor, r.project) or {"roles": [], "sek": 0.0, "weight": 0}
        g.add_edge(r.actor, r.project, roles=sorted({*data["roles"], r.role}), sek=data["sek"] + (r.amount or 0.0),
                   weight=data["weight"] + 1)
    for n, kind in g.nodes(data="kind"):
        g.nodes[n]["bipartite"] = 0 if kind == "actor" else 1
    return g


def funding_graph(net: NetworkData, filters: Filters = Filters()) -> nx.DiGraph:
    """Where the money goes: fund → programme → funder → project → the project's owner, leader, partners.

    ``flow`` on each edge says which step it is (``programme``, ``grant``, ``participant``); grant edges
    sum the stated amounts of the funder's funding participations in the project, programme edges the
    grants their programme passes on. Participant edges carry ``roles`` and weight 0.
    """
    projects, parts = _kept(net, filters)
    money = _funding(r for r in net.participations if r.project in projects)
    g = nx.DiGraph(kind="funding")
    _actor_nodes(g, net, parts, money)
    for r in parts:
        if r.project not in g:
            _project_node(g, net.projects[r.project], money)
        funding = r.role in FUNDING_ROLES
        source, target = (r.actor, r.project) if funding else (r.project, r.actor)
        data = g.get_edge_data(source, target) or {"roles": [], "sek": 0.0}
        sek = data["sek"] + ((r.amount or 0.0) if funding else 0.0)
        g.add_edge(source, target, flow="grant" if funding else "participant", roles=sorted({*data["roles"], r.role}),
                   sek=sek, weight=sek)
        if funding:
            _programme_edges(g, net, r)
    return g


def _programme_edges(g: nx.DiGraph, net: NetworkData, grant: Participation) -> None:
    """Add the chain parent fund → … → the granting programme, passing the grant's amount up the chain."""
    lineage = net.fund_lineage(grant.actor)
    for child, parent in zip(lineage, lineage[1:]):
        if parent not in g:
            fund = net.actors.get(parent)
            g.add_node(parent, label=fund.name if fund else parent.rsplit("/", 1)[-1], type="Fund", kind="actor",
                       iri=parent, region="", projects=0, given_sek=0.0, project_sek=0.0)
        sek = g.get_edge_data(parent, child, {"sek": 0.0})["sek"] + (grant.amount or 0.0)
        g.add_edge(parent, child, flow="programme", roles=[], sek=sek, weight=sek)


def region_graph(net: NetworkData, filters: Filters = Filters(), level: str = "County") -> nx.Graph:
    """Regions of ``level`` (``County`` or ``NutsRegion``) linked by projects joining their actors;
    nodes count ``actors`` and ``projects`` and sum ``given_sek``; actors of unknown region are left out."""
    projects, parts = _kept(net, filters)
    home = {a: net.actor_area(a, level) for a in {r.actor for r in parts}}
    g = nx.Graph(kind=f"region:{level}")
    joined: dict[str, set[str]] = {}
    for r in parts:
        if (area := home[r.actor]) is None:
            continue
        if area not in g:
            g.add_node(area, label=net.areas[area].name, type=level, kind="region", iri=area,
                       actors=set(), projects=set(), given_sek=0.0)
        node = g.nodes[area]
        node["actors"].add(r.actor)
        node["projects"].add(r.project)
        node["given_sek"] += (r.amount or 0.0) if r.role in FUNDING_ROLES else 0.0
        if r.role in COLLABORATION_ROLES:
            joined.setdefault(r.project, set()).add(area)
    for n in g:
        g.nodes[n]["actors"], g.nodes[n]["projects"] = len(g.nodes[n]["actors"]), len(g.nodes[n]["projects"])
    for project, areas in sorted(joined.items()):
        for a, b in combinations(sorted(areas), 2):
            data = g.get_edge_data(a, b) or {"weight": 0, "projects": [], "titles": []}
            g.add_edge(a, b, weight=data["weight"] + 1, projects=[*data["projects"], project],
                       titles=[*data["titles"], net.projects[project].title])
    return g


# ---------------------------------------------------------------------------------------------- graph filters
def drop_light_edges(g: nx.Graph, min_weight: float) -> nx.Graph:
    """A copy without edges lighter than ``min_weight`` (participant edges of a funding graph stay), and
    without the nodes left with no edge at all.

    >>> g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})])
    >>> sorted(drop_light_edges(g, 2).edges())
    [('a', 'b')]
    """
    h = g.copy()
    h.remove_edges_from([(u, v) for u, v, d in g.edges(data=True)
                         if d.get("flow") != "participant" and d.get("weight", 0) < min_weight])
    h.remove_nodes_from([n for n in g if h.degree(n) == 0])
    return h


def ego_network(g: nx.Graph, center: str, depth: int = 1) -> nx.Graph:
    """The nodes within ``depth`` steps of ``center`` (edge direction ignored) and the edges among them.

    >>> sorted(ego_network(nx.path_graph(5), 0, 2))
    [0, 1, 2]
    """
    if center not in g:
        raise FilterError(f"{center!r} is not in this network (after the other filters)")
    if depth < 0:
        raise FilterError("depth must be 0 or more")
    return nx.ego_graph(g, center, radius=depth, undirected=True).copy()


def strongest_edges(g: nx.Graph, k: int) -> nx.Graph:
    """A copy keeping, for every node, only its ``k`` heaviest edges (an edge stays if it is among the
    strongest of either end); every node stays. Ties go to the neighbour that sorts first.

    >>> star = nx.Graph([("hub", x, {"weight": w}) for x, w in [("a", 3), ("b", 2), ("c", 1)]])
    >>> sorted(strongest_edges(star, 1).edges())
    [('hub', 'a'), ('hub', 'b'), ('hub', 'c')]
    >>> star.add_edge("a", "b", weight=1)
    >>> sorted(strongest_edges(star, 1).edges())
    [('hub', 'a'), ('hub', 'b'), ('hub', 'c')]
    """
    keep = set()
    for n in g:
        ranked = sorted(_incident(g, n), key=lambda e: (-e[2], str(e[1])))[:k]
        keep.update((u, v) for u, v, _ in ranked)
    h = g.copy()
    h.remove_edges_from([(u, v) for u, v in g.edges() if (u, v) not in keep and (v, u) not in keep])
    return h


def _incident(g: nx.Graph, n) -> list[tuple]:
    """(u, v, weight) of every edge touching ``n``, in the graph's own orientation."""
    out = [(n, v, d.get("weight", 0)) for v, d in g.adj[n].items()]
    if g.is_directed():
        out += [(u, n, d.get("weight", 0)) for u, d in g.pred[n].items()]
    return out


# ---------------------------------------------------------------------------------------------- entry point
def network(net: NetworkData, kind: str = "collaboration", filters: Filters = Filters()) -> nx.Graph:
    """The ``kind`` projection (one of :data:`KINDS`) with every filter applied: region, fund, period and
    type first, then the minimum weight, then the ego network."""
    if kind not in KINDS:
        raise FilterError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if kind in REGION_LEVELS:
        g = region_graph(net, filters, REGION_LEVELS[kind])
    else:
        g = {"collaboration": collaboration_graph, "bipartite": bipartite_graph, "funding": funding_graph}[kind](net, filters)
    if filters.min_weight is not None:
        g = drop_light_edges(g, filters.min_weight)
    if filters.actor:
        center = resolve_region(net, filters.actor) if kind in REGION_LEVELS else resolve_actor(net, filters.actor)
        g = ego_network(g, center, filters.depth)
    g.graph["filters"] = describe(filters)
    return g


def describe(filters: Filters) -> str:
    """The filters in use, for a caption.

    >>> describe(Filters(region="Östergötlands län", start="2019", actor="LiU", depth=2))
    'region Östergötlands län · from 2019 · 2 steps from LiU'
    """
    parts = [f"region {filters.region}" if filters.region else "", f"fund {filters.fund}" if filters.fund else "",
             f"from {filters.start}" if filters.start else "", f"until {filters.end}" if filters.end else "",
             f"types {', '.join(filters.types)}" if filters.types else "",
             f"weight ≥ {filters.min_weight:g}" if filters.min_weight is not None else "",
             f"{filters.depth} step{'s' if filters.depth != 1 else ''} from {filters.actor}" if filters.actor else ""]
    return " · ".join(p for p in parts if p)
