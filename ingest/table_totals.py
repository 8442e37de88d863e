"""The funding totals entries of an imported table, computed in Python from the quads it writes.

Why not the SPARQL refresh of :mod:`ingest.totals`: a table states 10⁴–10⁶ grants. Listing them
in ``VALUES`` joins superlinearly in Oxigraph, and recomputing the whole totals graph in one
update took ~100 µs per grant in memory and, on disk, 3 minutes for a 200 000-row CORDIS file
(a large RocksDB transaction; decision 005). The importer already sees every quad of its version
graph as it streams, so it keeps the few facts an entry is made of and, when the version is
complete, asks the store only what *other* graphs say about the same projects: their dates and
areas (a project described by a text document, CORDIS ``project.csv`` giving the dates of
``organization.csv``'s grants) and their grants (a text document stating the same grant).
Everything the version switch changes in the totals graph is then two lists of quads, deleted
and inserted in the switch commit itself, so the totals stay atomic with the data.

The entries are the same as :func:`ingest.totals.rebuild_operations` makes (tests compare the
two): per grant and stated currency the largest amount stated in one graph together with that
currency, every funder and project a graph states together, the projects' areas with every
broader area of the reference graph, and their earliest start year and latest end year (none
when a date is not an ``xsd:date``: SPARQL's ``MIN(YEAR(…))`` is then unbound).

Two facts of the writers are relied on (both hold for every writer in :mod:`ingest.to_rdf`): a
graph that states anything of a grant states its project (grant IRIs are minted from it), and a
grant's ``rdf:type ikg:Funding`` comes before its other quads in the stream.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from graph import Change, Store
from ontology import ids
from ontology.terms import IKG, RDF, SCHEMA, SKOS, XSD

from .to_rdf import Statement

T = ids.TOTALS_GRAPH
_GRANT_FACTS = (IKG.actor, IKG.project, IKG.amount, IKG.currency)
_PROJECT_FACTS = (IKG.area, SCHEMA.startDate, SCHEMA.endDate)
_DATES = (XSD.date, XSD.dateTime)


class _Grant:
    """What one graph states of one grant (slots and tuples: a table holds 10⁵–10⁶ of them)."""

    __slots__ = ("funding", "actors", "projects", "amounts", "currencies")

    def __init__(self):
        self.funding = False
        self.actors = self.projects = self.amounts = self.currencies = ()


class _Project:
    """What all graphs together state of one project's place and period."""

    __slots__ = ("areas", "starts", "ends")

    def __init__(self):
        self.areas = self.starts = self.ends = ()


_SLOT = {IKG.actor: "actors", IKG.project: "projects", IKG.amount: "amounts", IKG.currency: "currencies",
         IKG.area: "areas", SCHEMA.startDate: "starts", SCHEMA.endDate: "ends"}
_PROJECT_SLOTS = ("areas", "starts", "ends")
_STREAMED = {**_SLOT, RDF.type: "type"}


class _Facts:
    """Grant facts per graph and grant; project facts merged over graphs."""

    def __init__(self):
        self.grants: dict[object, dict[NamedNode, _Grant]] = defaultdict(dict)
        self.projects: dict[NamedNode, _Project] = {}

    def add(self, graph, subject, predicate, obj) -> None:
        if predicate == RDF.type:
            if obj == IKG.Funding:
                self.grant(graph, subject).funding = True
            return
        slot = _SLOT[predicate]
        holder = self.project(subject) if predicate in _PROJECT_FACTS else self.grant(graph, subject)
        values = getattr(holder, slot)
        if obj not in values:
            setattr(holder, slot, values + (obj,))

    def grant(self, graph, subject) -> _Grant:
        found = self.grants[graph].get(subject)
        if found is None:
            found = self.grants[graph][subject] = _Grant()
        return found

    def project(self, subject) -> _Project:
        found = self.projects.get(subject)
        if found is None:
            found = self.projects[subject] = _Project()
        return found


class TableTotals:
    """Collects the facts of one version graph's grants and projects as its statements stream by."""

    def __init__(self, version: NamedNode):
        self.version = version
        self.facts = _Facts()

    def add(self, statements: Iterable[Statement]) -> None:
        version, facts, funding = self.version, self.facts, IKG.Funding
        grants = facts.grants[version]
        for subject, predicate, obj, graph in statements:  # ~19 a row: one dictionary lookup for most
            slot = _STREAMED.get(predicate)
            if slot is None or graph != version:
                continue
            if slot == "type":
                if obj == funding:
                    facts.grant(version, subject).funding = True
            elif slot in _PROJECT_SLOTS or subject in grants:
                facts.add(version, subject, predicate, obj)

    def switch(self, store: Store, replaced: NamedNode | None) -> tuple[list[Quad], Iterator[str]]:
        """(delete, insert): the totals quads to delete, and the entries to insert as N-Quads
        text, when this version becomes current in place of ``replaced`` (the previous version, or
        None). Text, made lazily, one string per entry: a large table has 10⁶ entry quads, which
        Oxigraph parses several times faster than Python builds ``Quad`` objects (the importer
        streams them to the store's bulk loader). Call it once, when every statement of the
        version is known, just before that switch (one writer at a time)."""
        facts = self.facts
        projects = {p for g in facts.grants[self.version].values() for p in g.projects} | set(facts.projects)
        if replaced:
            projects |= _projects_in(store, replaced)
        old: set[Quad] = set()
        if projects:
            listed = sorted(projects, key=str)
            _foreign_facts(store, listed, self.version, [T] + ([replaced] if replaced else []), facts)
            old = _entries_of(store, listed)
        new = entry_text(facts, _broader(store))
        if not old:
            return [], new
        # a re-import: compare line by line (the writers and the store both give canonical literals)
        old_lines = {f"{q.subject} {q.predicate} {q.object} {T} .": q for q in old}
        new_lines = {line for text in new for line in text.splitlines()}
        return ([q for line, q in old_lines.items() if line not in new_lines],
                iter([f"{line}\n" for line in new_lines if line not in old_lines]))


def discard_version(store: Store, version: NamedNode) -> Change:
    """The change that drops a version graph that never became current (an import that failed or
    was killed) together with any totals entries it had loaded before its switch: the entries of
    its projects' grants become what the other graphs alone say."""
    stale, entries = TableTotals(version).switch(store, replaced=version)
    return Change(drop_graphs=[version], delete=stale, insert=entry_quads("".join(entries)))


def entry_quads(text: str) -> list[Quad]:
    """The quads of entries given as N-Quads text (for a commit rather than a bulk load)."""
    return list(parse(text.encode(), format=RdfFormat.N_QUADS))


def entry_text(facts: _Facts, broader: dict[NamedNode, set[NamedNode]]) -> Iterator[str]:
    """The totals entries of every grant ``facts`` holds (what :func:`ingest.totals._compute`
    inserts), one N-Quads string per entry."""
    stated: dict[NamedNode, list[_Grant]] = {}
    for grants in facts.grants.values():
        for grant, g in grants.items():
            if grant in stated:
                stated[grant].append(g)
            else:
                stated[grant] = [g]
    end = f" {T} .\n"
    head = f" {RDF.type} {IKG.GrantTotal}{end}"
    grant_, funder_, item_, currency_, amount_ = (f" {p} " for p in (IKG.grant, SCHEMA.funder, SCHEMA.fundedItem,
                                                                     SCHEMA.currency, SCHEMA.amount))
    for grant, graphs in stated.items():
        if not any(g.funding for g in graphs):
            continue
        # funders and projects that one graph states together (the SPARQL joins them in one GRAPH)
        together = [g for g in graphs if g.actors and g.projects]
        if not together:
            continue
        funders = together[0].actors if len(together) == 1 else tuple(dict.fromkeys(a for g in together for a in g.actors))
        projects = together[0].projects if len(together) == 1 else tuple(dict.fromkeys(p for g in together for p in g.projects))
        largest: dict[Literal | None, Literal] = {}
        for g in graphs:
            for currency in g.currencies:
                for amount in g.amounts:
                    if currency not in largest or _number(amount) > _number(largest[currency]):
                        largest[currency] = amount
        for currency, amount in (largest or {None: None}).items():
            t = str(ids.grant_total(grant, currency.value if currency is not None else None))
            lines = [t, head, t, grant_, str(grant), end]
            for a in funders:
                lines += (t, funder_, str(a), end)
            for p in projects:
                lines += (t, item_, str(p), end)
            if currency is not None:
                lines += (t, currency_, str(currency), end, t, amount_, str(amount), end)
            for p in projects:
                if p in facts.projects:
                    lines += _project_lines(t, facts.projects[p], broader)
            yield "".join(lines)


def _project_lines(t: str, project: _Project, broader: dict[NamedNode, set[NamedNode]]) -> list[str]:
    areas = set(project.areas) | {above for area in project.areas for above in broader.get(area, ())}
    lines = [f"{t} {IKG.inArea} {a} {T} .\n" for a in areas]
    for prop, pick, dates in ((IKG.startYear, min, project.starts), (IKG.endYear, max, project.ends)):
        years = [_year(d) for d in dates]
        if years and None not in years:
            lines.append(f"{t} {prop} {Literal(str(pick(years)), datatype=XSD.integer)} {T} .\n")
    return lines


def _number(literal: Literal):
    try:
        return Decimal(literal.value)
    except InvalidOperation:
        return Decimal("-Infinity")


def _year(date) -> int | None:
    if not isinstance(date, Literal) or date.datatype not in _DATES:
        return None
    head = date.value.lstrip("-").split("-", 1)[0]
    return (-1 if date.value.startswith("-") else 1) * int(head) if head.isdigit() else None


# --------------------------------------------------------------------------- what the store says
def _values(var: str, iris: list[NamedNode]) -> str:
    return f"VALUES ?{var} {{ {' '.join(map(str, iris))} }}"


def _projects_in(store: Store, graph: NamedNode) -> set[NamedNode]:
    """The projects ``graph`` states grants of, or areas or dates of."""
    rows = store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH {graph} {{ {{ ?x {IKG.project} ?p }} UNION "
                       f"{{ ?p {IKG.area}|{SCHEMA.startDate}|{SCHEMA.endDate} ?o }} }} }}").rows
    return {p for (p,) in rows}


def _foreign_facts(store: Store, projects: list[NamedNode], version: NamedNode, excluded: list[NamedNode],
                   facts: _Facts) -> None:
    """Add to ``facts`` what graphs other than ``version`` and ``excluded`` state of ``projects``
    (areas, dates) and of their grants. Index lookups per project (~10 µs each in memory); the
    grants' facts are read only for grants such a graph states, in a second query (joined in one,
    Oxigraph first reads every quad of the five predicates)."""
    outside = f"FILTER (?g NOT IN ({', '.join(map(str, [version, *excluded]))}))"
    rows = store.query(
        f"SELECT ?g ?p ?prop ?o WHERE {{ {_values('p', projects)} "
        f"VALUES ?prop {{ {' '.join(map(str, _PROJECT_FACTS))} }} GRAPH ?g {{ ?p ?prop ?o }} {outside} }}").rows
    for g, p, prop, o in rows:
        facts.add(g, p, prop, o)
    grants = [s for (s,) in store.query(
        f"SELECT DISTINCT ?s WHERE {{ {_values('p', projects)} GRAPH ?g {{ ?s {IKG.project} ?p }} {outside} }}").rows]
    if not grants:
        return
    rows = store.query(  # every graph's statements of these grants, the version's included
        f"SELECT ?g ?s ?prop ?o WHERE {{ {_values('s', grants)} "
        f"VALUES ?prop {{ {RDF.type} {' '.join(map(str, _GRANT_FACTS))} }} GRAPH ?g {{ ?s ?prop ?o }} "
        f"FILTER (?g NOT IN ({', '.join(map(str, excluded))})) }}").rows
    for g, s, prop, o in rows:
        facts.add(g, s, prop, o)


def _entries_of(store: Store, projects: list[NamedNode]) -> set[Quad]:
    """The quads of the totals entries now in the store for grants of ``projects``."""
    rows = store.query(f"SELECT DISTINCT ?t ?tp ?to WHERE {{ {_values('p', projects)} "
                       f"GRAPH {T} {{ ?t {SCHEMA.fundedItem} ?p ; ?tp ?to }} }}").rows
    return {Quad(t, tp, to, T) for t, tp, to in rows}


def _broader(store: Store) -> dict[NamedNode, set[NamedNode]]:
    """Every area of the reference graph → all areas above it."""
    above = defaultdict(set)
    for area, up in store.query(f"SELECT ?a ?b WHERE {{ GRAPH {ids.REFERENCE_GRAPH} {{ ?a {SKOS.broader}+ ?b }} }}").rows:
        above[area].add(up)
    return above
