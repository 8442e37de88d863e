"""SPARQL → :class:`~viz.records.NetworkData`: the one place the network views read the store.

Oxigraph's union default graph is a bag (a fact stated by two documents comes back twice), so
every query asks for ``DISTINCT`` rows or groups. When two documents give different amounts for
the same participation, the larger is kept: a network edge shows one grant once.

>>> from graph import open_store
>>> from ingest.bootstrap import ensure_reference
>>> store = open_store("memory:"); _ = ensure_reference(store)
>>> net = load_network(store)
>>> len(net.participations), len(net.areas) > 300, net.fund_parents[ids.fund("interreg").value] == ids.fund("eruf").value
(0, True, True)
"""

from __future__ import annotations

from graph import Store, python_value
from ingest.resolve import ACTOR_CLASSES
from ontology import ids
from ontology.terms import DCTERMS, FOAF, IKG, RDF, SCHEMA, SKOS

from .records import AREA_LEVELS, Actor, Area, NetworkData, Participation, Project

ACTOR_TYPES = tuple(c.value.rsplit("#", 1)[-1] for c in ACTOR_CLASSES)
"""Actor class names, in the order that picks an actor's main type."""

_LOCAL = {c.value: c.value.rsplit("#", 1)[-1] for c in ACTOR_CLASSES}
_LOCAL[FOAF.Person.value] = "Person"
_SEP = "\x1f"  # GROUP_CONCAT separator: a control character no label contains


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _split(value) -> tuple[str, ...]:
    return tuple(sorted(v for v in (python_value(value) or "").split(_SEP) if v))


def main_type(types: tuple[str, ...]) -> str:
    """The type an actor is drawn with: the first of ``ACTOR_TYPES`` it has.

    >>> main_type(("Fund", "GovernmentAgency")), main_type(("Person",)), main_type(())
    ('GovernmentAgency', 'Person', 'OtherOrganization')
    """
    for t in (*ACTOR_TYPES, "Person"):
        if t in types:
            return t
    return "OtherOrganization"


def load_participations(store: Store, timeout: float | None) -> tuple[Participation, ...]:
    """Every participation once, with its amount in SEK (amounts in other currencies are left out)."""
    result = store.query(f"""
        SELECT ?p ?a ?role (MAX(?sek) AS ?amount) WHERE {{
          {{ SELECT DISTINCT ?r ?p ?a ?role ?sek WHERE {{
              ?r {IKG.project} ?p ; {IKG.actor} ?a ; {IKG.role} ?role .
              OPTIONAL {{ ?r {IKG.amount} ?sek .
                         FILTER NOT EXISTS {{ ?r {IKG.currency} ?c . FILTER(STR(?c) != "SEK") }} }}
          }} }}
        }} GROUP BY ?r ?p ?a ?role ORDER BY ?p ?a ?role""", timeout=timeout)
    return tuple(Participation(p.value, a.value, _local(role.value), python_value(amount))
                 for p, a, role, amount in result.rows)


def load_actors(store: Store, timeout: float | None) -> dict[str, Actor]:
    """Every actor that takes part in a project, and every fund (parents of the funding ones appear in the
    funding view): name (Swedish or untagged), classes, location, aliases."""
    result = store.query(f"""
        SELECT ?a (MIN(STR(?name)) AS ?label) (GROUP_CONCAT(DISTINCT STR(?class); SEPARATOR="{_SEP}") AS ?classes)
               (MIN(?loc) AS ?located) (GROUP_CONCAT(DISTINCT STR(?alias); SEPARATOR="{_SEP}") AS ?aliases)
        WHERE {{
          {{ SELECT DISTINCT ?a WHERE {{ {{ ?r {IKG.actor} ?a }} UNION {{ ?a {RDF.type} {IKG.Fund} }} }} }}
          OPTIONAL {{ ?a {SKOS.prefLabel}|{FOAF.name} ?name . FILTER(lang(?name) IN ("sv", "")) }}
          OPTIONAL {{ ?a {RDF.type} ?class }}
          OPTIONAL {{ ?a {IKG.locatedIn} ?loc }}
          OPTIONAL {{ ?a {SKOS.altLabel}|{SKOS.notation} ?alias }}
        }} GROUP BY ?a""", timeout=timeout)
    actors = {}
    for a, name, classes, located, aliases in result.rows:
        types = tuple(t for t in (_LOCAL.get(c) for c in _split(classes)) if t)
        actors[a.value] = Actor(a.value, python_value(name) or _local(a.value), main_type(types), types,
                                python_value(located), _split(aliases))
    return actors


def load_projects(store: Store, timeout: float | None) -> dict[str, Project]:
    """Every project: title, the earliest start and latest end stated, its areas."""
    result = store.query(f"""
        SELECT ?p (MIN(STR(?t)) AS ?title) (MIN(STR(?s)) AS ?start) (MAX(STR(?e)) AS ?end)
               (GROUP_CONCAT(DISTINCT STR(?area); SEPARATOR="{_SEP}") AS ?areas)
        WHERE {{
          ?p {RDF.type} {IKG.Project} .
          OPTIONAL {{ ?p {DCTERMS.title} ?t }}
          OPTIONAL {{ ?p {SCHEMA.startDate} ?s }}
          OPTIONAL {{ ?p {SCHEMA.endDate} ?e }}
          OPTIONAL {{ ?p {IKG.area} ?area }}
        }} GROUP BY ?p""", timeout=timeout)
    return {p.value: Project(p.value, python_value(t) or _local(p.value), python_value(s), python_value(e), _split(areas))
            for p, t, s, e, areas in result.rows}


def load_areas(store: Store, timeout: float | None) -> dict[str, Area]:
    """The territory (kommuner, län, NUTS 2, Sweden) with Swedish names, parents and aliases."""
    levels = " ".join(str(IKG.term(level)) for level in AREA_LEVELS)
    result = store.query(f"""
        SELECT ?area ?level (MIN(STR(?name)) AS ?label) (MIN(?up) AS ?parent)
               (GROUP_CONCAT(DISTINCT STR(?alias); SEPARATOR="{_SEP}") AS ?aliases)
        WHERE {{
          VALUES ?level {{ {levels} }}
          ?area {RDF.type} ?level ; {SKOS.prefLabel} ?name . FILTER(lang(?name) IN ("sv", ""))
          OPTIONAL {{ ?area {SKOS.broader} ?up }}
          OPTIONAL {{ ?area {SKOS.altLabel}|{SKOS.notation}|{IKG.nutsCode} ?alias }}
        }} GROUP BY ?area ?level""", timeout=timeout)
    return {a.value: Area(a.value, python_value(name), _local(level.value), python_value(parent), _split(aliases))
            for a, level, name, parent, aliases in result.rows}


def load_fund_parents(store: Store, timeout: float | None) -> dict[str, str]:
    """Each fund or programme → its parent (``skos:broader``)."""
    result = store.query(f"""SELECT DISTINCT ?f ?up WHERE {{ ?f {RDF.type} {IKG.Fund} ; {SKOS.broader} ?up }}""",
                         timeout=timeout)
    return {f.value: up.value for f, up in result.rows}


def load_network(store: Store, timeout: float | None = 60.0) -> NetworkData:
    """Everything the network views need, read once from ``store``."""
    return NetworkData(actors=load_actors(store, timeout), projects=load_projects(store, timeout),
                       participations=load_participations(store, timeout), areas=load_areas(store, timeout),
                       fund_parents=load_fund_parents(store, timeout))
