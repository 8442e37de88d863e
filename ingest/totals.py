"""Materialised funding totals: one entry per grant in the graph ``ids.TOTALS_GRAPH``.

Why: the questions users ask most (who funds what, top funders, the support system of a region)
sum each grant once — the largest amount any document states for it, per currency — and filter
by region, fund and period through ``skos:broader*``. Computed from the document graphs that takes
1–25 s at 10⁶ quads; read from one small graph it takes milliseconds
(docs/decisions/007-totals-and-cache.md). The graph is derived data:

* :func:`totals_refresh_operations` builds the SPARQL Update operations that delete and recompute
  the entries of some grants. :func:`ingest.pipeline.ingest_document` appends them to the
  document's own :class:`graph.Change` (``refresh``), so the entries change in the same atomic
  update as the document: no reader ever sees a document without its totals or the reverse.
* :func:`with_totals` does that for any change (drop graphs, insert quads): it asks the store what
  the graphs about to be dropped say (before the commit) and reads the inserted quads.
* :func:`rebuild_totals` recomputes the whole graph, after bulk loads (``innokg load``) and a
  reload of the reference graph.
* Table imports state 10⁴–10⁶ grants at once; listing them in ``VALUES`` joins superlinearly in
  Oxigraph (a 20 000-row table took 110 s), so the importer computes its entries in Python
  instead (:mod:`ingest.table_totals`) and writes them in its switch commit.

One entry (an ``ikg:GrantTotal``, IRI ``ids.grant_total(grant, currency)``) per grant (an
``ikg:Funding`` node) and currency its amounts are stated in, or one without amount and currency
when no document states one::

    <grant/total/SEK> a ikg:GrantTotal ; ikg:grant <grant> ;
        schema:funder <actor> ; schema:fundedItem <project> ;
        schema:amount 2000000.0 ; schema:currency "SEK" ;      # the largest stated in SEK
        ikg:inArea <project area>, <its broader areas> … ;     # ikg:area/skos:broader*
        ikg:startYear 2020 ; ikg:endYear 2022 .                # earliest start, latest end

An entry depends on the grant's own statements (funder, project, amounts, currencies) and on its
project's areas and dates. So a change touches the grants it states (before and after) and the
grants of the projects whose area or dates it states (before and after). The area hierarchy
lives in the reference graph only (:func:`ingest.bootstrap.ensure_reference` rebuilds the totals
when that graph is reloaded). The fund hierarchy is *not* materialised: documents add to it
(``ikg:programmeOf``), and a question asking for a fund climbs ``skos:broader*`` from the fund it
names down to the funders, a few index lookups (docs/decisions/007-totals-and-cache.md).

SPARQL Update evaluates ``WHERE`` over the store's real default graph, not the union of all
graphs that queries see, so every pattern here names its graph (``GRAPH ?g``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pyoxigraph import NamedNode, Quad

from graph import Change, Store
from ontology import ids
from ontology.terms import IKG, RDF, SCHEMA, SKOS

T = ids.TOTALS_GRAPH
_PROJECT_FACTS = (IKG.area, SCHEMA.startDate, SCHEMA.endDate)


# --------------------------------------------------------------------------- the operations
@dataclass(frozen=True)
class Touched:
    """What a change touches: grants it states, projects whose area or dates it states."""

    grants: frozenset[NamedNode] = field(default_factory=frozenset)
    projects: frozenset[NamedNode] = field(default_factory=frozenset)

    def __or__(self, other: Touched) -> Touched:
        return Touched(self.grants | other.grants, self.projects | other.projects)

    def __bool__(self) -> bool:
        return bool(self.grants or self.projects)


def totals_refresh_operations(grants: Iterable[NamedNode], projects: Iterable[NamedNode] = ()) -> list[str]:
    """SPARQL Update operations that delete and recompute the totals entries of ``grants`` and of
    every grant of ``projects``. Run them after the data they summarise is written, in the same
    request (``Change.refresh``), so the totals are atomic with it. A grant no longer stated in
    any graph just loses its entry. Nothing touched → no operations."""
    touched = Touched(frozenset(grants), frozenset(projects))
    if not touched:
        return []
    return [_delete(touched), *_compute(_touched_grants(touched))]


def rebuild_operations() -> list[str]:
    """SPARQL Update operations that recompute the whole totals graph from the other graphs."""
    return [f"DROP SILENT GRAPH {T}", *_compute(f"GRAPH ?g0 {{ ?f {RDF.type} {IKG.Funding} }}")]


def rebuild_totals(store: Store) -> None:
    """Recompute the whole totals graph in one atomic update: after a bulk load, or an import
    that wrote quads without :func:`with_totals` (seconds per 10⁶ quads; see decision 007)."""
    store.commit(Change(refresh=rebuild_operations()))


def _values(var: str, iris: Iterable[NamedNode]) -> str:
    return f"VALUES ?{var} {{ {' '.join(sorted(str(i) for i in iris))} }}"


def _touched_grants(t: Touched) -> str:
    """A group pattern binding ?f to every grant (``ikg:Funding``) the touched set reaches."""
    branches = []
    if t.grants:
        branches.append(f"{{ {_values('f', t.grants)} }}")
    if t.projects:
        branches.append(f"{{ {_values('touchedProject', t.projects)} GRAPH ?gp {{ ?f {IKG.project} ?touchedProject }} }}")
    return " UNION ".join(branches) + f" GRAPH ?g0 {{ ?f {RDF.type} {IKG.Funding} }}"


def _delete(t: Touched) -> str:
    branches = []
    if t.grants:
        branches.append(f"{{ {_values('f', t.grants)} GRAPH {T} {{ ?t {IKG.grant} ?f }} }}")
    if t.projects:
        branches.append(f"{{ {_values('touchedProject', t.projects)} GRAPH {T} {{ ?t {SCHEMA.fundedItem} ?touchedProject }} }}")
    return (f"DELETE {{ GRAPH {T} {{ ?t ?tp ?to }} }} WHERE {{ {' UNION '.join(branches)} "
            f"GRAPH {T} {{ ?t ?tp ?to }} }}")


def _compute(touched: str) -> list[str]:
    """INSERT operations for the grants ``touched`` binds to ?f (whose entries are absent)."""
    grants = f"{{ SELECT DISTINCT ?f WHERE {{ {touched} }} }}"
    return [
        # the entries: funder, project and, per currency, the largest amount a document states
        # (amount and currency are read inside one document graph, so they belong together)
        f"INSERT {{ GRAPH {T} {{ ?t {RDF.type} {IKG.GrantTotal} ; {IKG.grant} ?f ; {SCHEMA.funder} ?a ; "
        f"{SCHEMA.fundedItem} ?p ; {SCHEMA.currency} ?cur ; {SCHEMA.amount} ?amount }} }} WHERE {{ "
        f"{{ SELECT ?f ?a ?p ?cur (MAX(?stated) AS ?amount) WHERE {{ {grants} "
        f"GRAPH ?g1 {{ ?f {IKG.actor} ?a ; {IKG.project} ?p }} "
        f"OPTIONAL {{ GRAPH ?g2 {{ ?f {IKG.amount} ?stated ; {IKG.currency} ?cur }} }} }} GROUP BY ?f ?a ?p ?cur }} "
        f'BIND (IRI(CONCAT(STR(?f), "/total", IF(BOUND(?cur), CONCAT("/", ENCODE_FOR_URI(STR(?cur))), ""))) AS ?t) }}',
        # where the project runs: its areas and every area above them (the reference graph's hierarchy)
        f"INSERT {{ GRAPH {T} {{ ?t {IKG.inArea} ?area , ?above }} }} WHERE {{ {grants} "
        f"GRAPH {T} {{ ?t {IKG.grant} ?f ; {SCHEMA.fundedItem} ?p }} GRAPH ?g3 {{ ?p {IKG.area} ?area }} "
        f"OPTIONAL {{ GRAPH {ids.REFERENCE_GRAPH} {{ ?area {SKOS.broader}+ ?above }} }} }}",
        # the project's period: its earliest start year and its latest end year (one operation
        # each: Oxigraph's MIN/MAX are unbound over a group where some rows lack the value)
        *(f"INSERT {{ GRAPH {T} {{ ?t {prop} ?year }} }} WHERE {{ "
          f"{{ SELECT ?p ({agg}(YEAR(?date)) AS ?year) WHERE {{ "
          f"{{ SELECT DISTINCT ?p WHERE {{ {grants} GRAPH ?g4 {{ ?f {IKG.project} ?p }} }} }} "
          f"GRAPH ?g5 {{ ?p {date} ?date }} }} GROUP BY ?p }} "
          f"{grants} GRAPH {T} {{ ?t {IKG.grant} ?f ; {SCHEMA.fundedItem} ?p }} }}"
          for prop, agg, date in ((IKG.startYear, "MIN", SCHEMA.startDate), (IKG.endYear, "MAX", SCHEMA.endDate))),
    ]


# --------------------------------------------------------------------------- what a change touches
def touched_by_quads(quads: Iterable[Quad]) -> Touched:
    """The grants and the projects (area or dates) that ``quads`` state."""
    grants, projects = set(), set()
    for q in quads:
        if q.graph_name == T:
            continue
        if q.predicate == RDF.type and q.object == IKG.Funding:
            grants.add(q.subject)
        elif q.predicate in _PROJECT_FACTS:
            projects.add(q.subject)
    return Touched(frozenset(grants), frozenset(projects))


def touched_by_graphs(store: Store, graphs: Iterable[NamedNode]) -> Touched:
    """The same for what some graphs of ``store`` hold now (ask before dropping or replacing them)."""
    graphs = [g for g in graphs if g != T]
    if not graphs:
        return Touched()
    rows = store.query(
        f"SELECT DISTINCT ?s ?p WHERE {{ {_values('g', graphs)} GRAPH ?g {{ "
        f"{{ ?s {RDF.type} {IKG.Funding} BIND ({RDF.type} AS ?p) }} UNION "
        f"{{ VALUES ?p {{ {' '.join(map(str, _PROJECT_FACTS))} }} ?s ?p ?o }} }} }}").rows
    return Touched(frozenset(s for s, p in rows if p == RDF.type), frozenset(s for s, p in rows if p != RDF.type))


def with_totals(store: Store, change: Change) -> Change:
    """``change`` plus the refresh of every totals entry it affects (a document's: tens of grants).
    Asks ``store`` what the graphs it drops hold now, so call it just before committing (one
    writer at a time)."""
    touched = touched_by_graphs(store, change.drop_graphs) | touched_by_quads(change.insert)
    ops = totals_refresh_operations(touched.grants, touched.projects)
    return replace(change, refresh=[*change.refresh, *ops]) if ops else change
