"""The graph writer's transform: an extraction (SCHEMA.md JSON) → quads of one document graph.

Why from the JSON and not from extractor internals: the JSON is the binding, scored contract,
so any extractor (rules today, another tomorrow) plugs in. Roles become n-ary
``ikg:Participation`` nodes that carry amount, currency, the evidence sentence and the source,
plus the direct shortcut (``ikg:funds`` …) so simple questions stay simple.

Funding tables (:mod:`ingest.sources`) produce the same records with a few optional extras,
ignored when absent: a project's ``key`` (its id in the table, also written as ``dcterms:identifier``
``table/id``), ``budget`` + ``currency``, ``funding_scheme``, ``programme_part``, ``call_topic``,
``framework_programme``, ``acronym_only`` (its name is an acronym: never linked by title, not
classified), and ``description`` + ``categories`` (read by :mod:`ingest.sources.themes`); an actor's
``identifiers`` (``organisationNumber``, ``pic``, ``vatNumber``) and a person's ``orcid``; a
relation's ``amount`` + ``currency`` (instead of ``amount_sek``), ``recipient`` (the actor that
receives a grant) and ``year`` (of a funding tranche). :class:`TableWriter` writes a stream of
such records into one document graph, each entity described once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode, Quad

from graph.base import Term
from ontology import ids
from ontology.terms import DCTERMS, FOAF, IKG, ORG, PROV, RDF, SCHEMA, SKOS, XSD

from .curation import Curation
from .resolve import Resolver, normalise, project_variants

ACTOR_CLASS = {
    "Municipality": IKG.Municipality, "Region": IKG.RegionalAuthority, "University": IKG.University,
    "Company": IKG.Company, "ScienceParkOrIncubator": IKG.ScienceParkOrIncubator, "Cluster": IKG.Cluster,
    "GovernmentAgency": IKG.GovernmentAgency, "ResearchInstitute": IKG.ResearchInstitute,
    "Association": IKG.Association, "Fund": IKG.Fund, "Person": FOAF.Person, "Other": IKG.OtherOrganization,
}

PARTICIPATION = {  # predicate → (role concept, shortcut property, is money)
    "owns": (IKG.Owner, IKG.owns, False),
    "leads": (IKG.Leader, IKG.leads, False),
    "partnerIn": (IKG.Partner, IKG.partnerIn, False),
    "funds": (IKG.Funder, IKG.funds, True),
    "coFinances": (IKG.CoFinancier, IKG.coFinances, True),
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECENT = 100_000
"""Shortcut and location statements a table writer remembers, to send each once (memory stays flat)."""


@dataclass
class Resolvers:
    """One resolver per kind of thing; kept for a whole ingest batch so documents learn from each other."""

    actors: Resolver = field(default_factory=Resolver)
    projects: Resolver = field(default_factory=lambda: Resolver(variants=project_variants))
    areas: Resolver = field(default_factory=Resolver)
    curation: Curation | None = None
    """The person's decisions, for what comes after resolution (theme and function overrides)."""


Statement = tuple[Term, NamedNode, Term, NamedNode]
"""A quad as a plain tuple (subject, predicate, object, graph): the writer makes ~19 per table row,
and a tuple costs 30 ns where a pyoxigraph ``Quad`` costs 1.5–2.5 µs (the importer serialises
them to N-Quads text, :mod:`ingest.sources.importer`)."""


def extraction_quads(extraction: dict, doc: NamedNode, resolvers: Resolvers | None = None) -> list[Quad]:
    """All quads for one extraction: the document graph (``doc``), plus the preferred labels of
    entities it names for the first time (in ``ids.LABELS_GRAPH``)."""
    return [Quad(*s) for s in _Writer(extraction, doc, resolvers or Resolvers()).statements()]


class _Writer:
    def __init__(self, extraction: dict, doc: NamedNode, resolvers: Resolvers,
                 memo: dict[tuple, NamedNode] | None = None, recent: dict[tuple, None] | None = None,
                 on_project: Callable[[NamedNode, list[str], dict, str], list[Quad]] | None = None):
        self.x = extraction
        self.doc = doc
        self.r = resolvers
        self.memo = memo  # entity description → IRI, for entities already written to this document
        self.recent = recent  # statements written to this document a few rows before
        self.on_project = on_project  # (IRI, names, record, language) of each project described → more quads (its classification)
        self.lang = extraction.get("lang") or "sv"
        self.out: list[Statement] = []
        self.iris: dict[str, NamedNode] = {}  # every name form in this document → IRI
        self.projects: set[NamedNode] = set()
        self._evidence: tuple[str | None, Literal | None] = (None, None)

    def add(self, s, p, o) -> None:
        self.out.append((s, p, o, self.doc))

    def once(self, s, p, o) -> bool:
        """False for a statement this table wrote a few rows before (a funder's shortcut to a
        project with many participants, an organisation's location): it is not sent again."""
        if self.recent is None:
            return True
        key = (s, p, o)
        if key in self.recent:
            return False
        if len(self.recent) >= RECENT:
            self.recent.clear()  # bounded memory: a statement repeated far apart is sent again (the store keeps it once)
        self.recent[key] = None
        return True

    def name(self, iri: NamedNode, names: list[str], new_label: str | None, *preferred: NamedNode) -> None:
        """Every form as an alternative label in the document; for an entity new to the graph, its
        preferred label (and any other ``preferred`` naming property) once, in the labels graph."""
        for form in names:
            self.add(iri, SKOS.altLabel, Literal(form))
        if new_label:
            for prop in (SKOS.prefLabel, *preferred):
                self.out.append((iri, prop, Literal(new_label), ids.LABELS_GRAPH))

    def text(self, value: str) -> Literal:
        return Literal(value, language=self.lang)

    def statements(self) -> list[Statement]:
        for project in self.x.get("projects", []):
            self._once(project, self._project)
        for actor in self.x.get("actors", []):
            self._once(actor, self._actor)
        for relation in self.x.get("relations", []):
            self._relation(relation)
        return list(dict.fromkeys(self.out)) if self.memo is None else self.out  # each statement once, order kept

    def _once(self, entity: dict, describe) -> None:
        """Describe an entity, unless the same description was written to this document before
        (then only its names are mapped to its IRI, for this record's relations)."""
        if self.memo is None:
            describe(entity)
            return
        key = (describe.__name__, repr(entity))  # a source builds its records' dicts in one key order
        iri = self.memo.get(key)
        if iri is None:
            before = len(self.out)
            describe(entity)
            described = [s for s, _, _, graph in self.out[before:] if graph == self.doc]
            if described:  # an entity without names or identity writes nothing and is not remembered
                self.memo[key] = described[0]
        else:
            self.iris.update({n: iri for n in self._names(entity)})
            if describe == self._project:
                self.projects.add(iri)

    # entities -------------------------------------------------------------
    def _names(self, item: dict) -> list[str]:
        return [n for n in [item.get("name"), *(item.get("aliases") or [])] if n and n.strip()]

    def _project(self, p: dict) -> None:
        names = self._names(p)
        if not names and not p.get("key"):
            return
        if p.get("key"):  # a table's project id: the same project in every import of that table
            iri = self._keyed_project(tuple(p["key"]), names, link=not p.get("acronym_only"))
            new_label = self.r.projects.claim(iri, names) if names else None
        else:
            # a project is resolved by its name only: aliases such as "Logistikklustret" ("the
            # logistics cluster") are too generic to identify a project across documents
            iri, new_label = self.r.projects.resolve(names[0], mint=ids.project)
        self.iris.update({n: iri for n in names})
        self.projects.add(iri)
        if names:  # a keyed row without names only adds details (CORDIS topics.csv)
            self.add(iri, RDF.type, IKG.Project)
            self.name(iri, names, new_label, DCTERMS.title)
        if p.get("key"):
            self.add(iri, DCTERMS.identifier, Literal(record_key(*p["key"])))
        for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
            if isinstance(p.get(key), str) and ISO_DATE.match(p[key]):
                self.add(iri, prop, Literal(p[key], datatype=XSD.date))
        if p.get("case_id"):
            self.add(iri, IKG.caseId, Literal(str(p["case_id"])))
        budget, currency = _money(p, "budget")
        if budget is not None:
            self.add(iri, IKG.totalBudget, budget)
            self.add(iri, IKG.currency, Literal(currency))
        for key, prop in (("funding_scheme", IKG.fundingScheme), ("programme_part", IKG.programmePart),
                          ("call_topic", IKG.callTopic)):
            if p.get(key):
                self.add(iri, prop, Literal(str(p[key])))
        programme = p.get("framework_programme") and self.r.actors.lookup(p["framework_programme"])
        if programme:
            self.add(iri, IKG.frameworkProgramme, programme)
        for region in [p.get("region")] if p.get("region") else self.x.get("regions", []):
            area = self.r.areas.lookup(region)
            if area:
                self.add(iri, IKG.area, area)
        self.add(iri, PROV.wasDerivedFrom, self.doc)
        if self.on_project is not None and names:
            self.out += [(q.subject, q.predicate, q.object, q.graph_name) for q in self.on_project(iri, names, p, self.lang)]

    def _keyed_project(self, key: tuple[str, str], names: list[str], link: bool) -> NamedNode:
        """The IRI of a table's project: the one its key (table, project id) was given before;
        else a project already known by the same title (curated, exact or variant spelling, never
        by similarity) that has no other project id of the same table — the project a text
        document describes, or another table's —; else one minted from the key. Titles of fewer
        than two words (acronyms, ids) never link."""
        projects = self.r.projects
        iri = projects.identifiers.get(key)
        if iri is None:
            title = names[0] if names and link and len(normalise(names[0]).split()) >= 2 else None
            found = projects.lookup(title, similar=False) if title else None
            if found is None or projects.identifier(found, key[0]) is not None:
                found = ids.record_project(*key)
            iri = projects.identify(*key, found)
        return iri

    def _actor(self, a: dict) -> None:
        names = self._names(a)
        kind = a.get("type") or "Other"
        if not names:
            return
        if kind == "Person":
            iri = ids.person(names[0])
            self.add(iri, RDF.type, FOAF.Person)
            self.add(iri, FOAF.name, Literal(names[0]))
            if a.get("title"):
                self.add(iri, SCHEMA.jobTitle, self.text(a["title"]))
            if a.get("orcid"):
                self.add(iri, IKG.orcid, Literal(a["orcid"]))
        elif a.get("identifiers"):
            iri, new_label = self.r.actors.resolve_identified(names[0], names[1:], a["identifiers"], _mint_identified)
            self.add(iri, RDF.type, ACTOR_CLASS.get(kind, IKG.OtherOrganization))
            self.name(iri, names, new_label)
            for id_kind, value in a["identifiers"].items():
                self.add(iri, IDENTIFIER_PROPERTY[id_kind], Literal(value))
        else:
            iri, new_label = self.r.actors.resolve(names[0], names[1:])
            self.add(iri, RDF.type, ACTOR_CLASS.get(kind, IKG.OtherOrganization))
            self.name(iri, names, new_label)
        self.iris.update({n: iri for n in names})
        self.add(iri, PROV.wasDerivedFrom, self.doc)

    # relations ------------------------------------------------------------
    def _relation(self, r: dict) -> None:
        subject, obj = self.iris.get(r.get("subject", "")), self.iris.get(r.get("object", ""))
        predicate = r.get("predicate")
        if predicate == "locatedIn" and subject is not None:
            area = self.r.areas.lookup(r.get("object", ""))
            if area and self.once(subject, IKG.locatedIn, area):
                self.add(subject, IKG.locatedIn, area)
            return
        if subject is None or obj is None:
            return
        if predicate in PARTICIPATION:
            self._participation(subject, obj, r)
        elif predicate == "worksFor":
            self.add(subject, SCHEMA.worksFor, obj)
        elif predicate == "memberOf":
            self.add(subject, ORG.memberOf, obj)
        elif predicate == "programmeOf":
            self.add(subject, IKG.programmeOf, obj)
            self.add(subject, SKOS.broader, obj)

    def _participation(self, actor: NamedNode, target: NamedNode, r: dict) -> None:
        role, shortcut, money = PARTICIPATION[r["predicate"]]
        doc, out = self.doc, self.out
        if self.once(actor, shortcut, target):
            out.append((actor, shortcut, target, doc))
        if target not in self.projects:
            return  # money to an organisation without a named project: the shortcut says it
        recipient = self.iris.get(r.get("recipient") or "")
        if money and recipient is not None:
            node = ids.grant(target, actor, recipient, str(r.get("year") or ""))
            out.append((node, IKG.recipient, recipient, doc))
        else:
            node = ids.participation(target, role.value, actor)
        out.append((node, RDF.type, IKG.Participation, doc))
        if money:
            out.append((node, RDF.type, IKG.Funding, doc))
        out += ((node, IKG.actor, actor, doc), (node, IKG.project, target, doc), (node, IKG.role, role, doc))
        amount, currency = _money(r, "amount")
        if amount is not None:
            out += ((node, IKG.amount, amount, doc), (node, IKG.currency, _currency(currency), doc))
        if r.get("year"):
            out.append((node, IKG.year, Literal(str(int(r["year"])), datatype=XSD.integer), doc))
        evidence = r.get("evidence") or _fallback_evidence(r)
        if evidence != self._evidence[0]:  # the relations of a table row share their evidence (file and row)
            self._evidence = (evidence, self.text(evidence))
        out += ((node, IKG.evidence, self._evidence[1], doc), (node, PROV.wasDerivedFrom, doc, doc))


@cache
def _currency(code: str) -> Literal:
    return Literal(code)


def record_key(table: str, project_id: str) -> str:
    """The ``dcterms:identifier`` of a table's project: ``cordis/101060884``, ``swecris/2025-01169_Vinnova``."""
    return f"{table}/{project_id}"


IDENTIFIER_PROPERTY = {"organisationNumber": IKG.organisationNumber, "pic": IKG.pic, "vatNumber": IKG.vatNumber}
MINT_BY_IDENTIFIER = {"organisationNumber": ids.organisation_number, "pic": ids.pic, "vatNumber": ids.vat}


def _mint_identified(kind: str, value: str) -> NamedNode:
    return MINT_BY_IDENTIFIER[kind](value)


class TableWriter:
    """Statements of a stream of records (rows of one table) in one document graph.

    Why a class: a table names the same organisations and projects in thousands of rows; each
    description is resolved and written once per file (memory grows with the number of distinct
    entities, not rows), while each row's participations and shortcuts are always written. A
    quad may still repeat across rows (a shortcut, a location); the store keeps it once.
    """

    def __init__(self, doc: NamedNode, resolvers: Resolvers,
                 on_project: Callable[[NamedNode, list[str], dict, str], list[Quad]] | None = None):
        self.doc = doc
        self.resolvers = resolvers
        self.on_project = on_project
        """Called once per project description written (e.g. to classify it); returns quads for the graph."""
        self._memo: dict[tuple, NamedNode] = {}
        self._recent: dict[tuple, None] = {}

    def statements(self, record: dict) -> list[Statement]:
        return _Writer(record, self.doc, self.resolvers, self._memo, self._recent, self.on_project).statements()


def _money(item: dict, key: str) -> tuple[Literal | None, str]:
    """An amount with its currency: ``key`` + ``currency`` when given, else ``key_sek`` in SEK."""
    if item.get(key) is not None:
        return _amount(item[key]), item.get("currency") or "SEK"
    return _amount(item.get(f"{key}_sek")), "SEK"


def _amount(value) -> Literal | None:
    """A non-negative ``xsd:decimal`` literal, or None for missing or nonsensical values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return Literal(format(number.normalize(), "f"), datatype=XSD.decimal)


def _fallback_evidence(r: dict) -> str:
    """When the extractor gave no sentence, the relation itself (so every fact still has evidence)."""
    return f"{r.get('subject')} {r.get('predicate')} {r.get('object')}"
