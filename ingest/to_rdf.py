"""The graph writer's transform: an extraction (SCHEMA.md JSON) → quads of one document graph.

Why from the JSON and not from extractor internals: the JSON is the binding, scored contract,
so any extractor (rules today, another tomorrow) plugs in. Roles become n-ary
``ikg:Participation`` nodes that carry amount, currency, the evidence sentence and the source,
plus the direct shortcut (``ikg:funds`` …) so simple questions stay simple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode, Quad

from ontology import ids
from ontology.terms import DCTERMS, FOAF, IKG, ORG, PROV, RDF, SCHEMA, SKOS, XSD

from .resolve import Resolver, project_variants

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


@dataclass
class Resolvers:
    """One resolver per kind of thing; kept for a whole ingest batch so documents learn from each other."""

    actors: Resolver = field(default_factory=Resolver)
    projects: Resolver = field(default_factory=lambda: Resolver(variants=project_variants))
    areas: Resolver = field(default_factory=Resolver)


def extraction_quads(extraction: dict, doc: NamedNode, resolvers: Resolvers | None = None) -> list[Quad]:
    """All quads for one extraction: the document graph (``doc``), plus the preferred labels of
    entities it names for the first time (in ``ids.LABELS_GRAPH``)."""
    return _Writer(extraction, doc, resolvers or Resolvers()).quads()


class _Writer:
    def __init__(self, extraction: dict, doc: NamedNode, resolvers: Resolvers):
        self.x = extraction
        self.doc = doc
        self.r = resolvers
        self.lang = extraction.get("lang") or "sv"
        self.out: list[Quad] = []
        self.iris: dict[str, NamedNode] = {}  # every name form in this document → IRI
        self.projects: set[NamedNode] = set()

    def add(self, s, p, o) -> None:
        self.out.append(Quad(s, p, o, self.doc))

    def name(self, iri: NamedNode, names: list[str], new_label: str | None, *preferred: NamedNode) -> None:
        """Every form as an alternative label in the document; for an entity new to the graph, its
        preferred label (and any other ``preferred`` naming property) once, in the labels graph."""
        for form in names:
            self.add(iri, SKOS.altLabel, Literal(form))
        if new_label:
            for prop in (SKOS.prefLabel, *preferred):
                self.out.append(Quad(iri, prop, Literal(new_label), ids.LABELS_GRAPH))

    def text(self, value: str) -> Literal:
        return Literal(value, language=self.lang)

    def quads(self) -> list[Quad]:
        for project in self.x.get("projects", []):
            self._project(project)
        for actor in self.x.get("actors", []):
            self._actor(actor)
        for relation in self.x.get("relations", []):
            self._relation(relation)
        return list(dict.fromkeys(self.out))  # each quad once, order kept

    # entities -------------------------------------------------------------
    def _names(self, item: dict) -> list[str]:
        return [n for n in [item.get("name"), *(item.get("aliases") or [])] if n and n.strip()]

    def _project(self, p: dict) -> None:
        names = self._names(p)
        if not names:
            return
        # a project is resolved by its name only: aliases such as "Logistikklustret" ("the
        # logistics cluster") are too generic to identify a project across documents
        iri, new_label = self.r.projects.resolve(names[0], mint=ids.project)
        self.iris.update({n: iri for n in names})
        self.projects.add(iri)
        self.add(iri, RDF.type, IKG.Project)
        self.name(iri, names, new_label, DCTERMS.title)
        for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
            if isinstance(p.get(key), str) and ISO_DATE.match(p[key]):
                self.add(iri, prop, Literal(p[key], datatype=XSD.date))
        if p.get("case_id"):
            self.add(iri, IKG.caseId, Literal(str(p["case_id"])))
        budget = _amount(p.get("budget_sek"))
        if budget is not None:
            self.add(iri, IKG.totalBudget, budget)
            self.add(iri, IKG.currency, Literal("SEK"))
        for region in [p.get("region")] if p.get("region") else self.x.get("regions", []):
            area = self.r.areas.lookup(region)
            if area:
                self.add(iri, IKG.area, area)
        self.add(iri, PROV.wasDerivedFrom, self.doc)

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
            if area:
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
        self.add(actor, shortcut, target)
        if target not in self.projects:
            return  # money to an organisation without a named project: the shortcut says it
        node = ids.participation(target, role.value, actor)
        self.add(node, RDF.type, IKG.Participation)
        if money:
            self.add(node, RDF.type, IKG.Funding)
        self.add(node, IKG.actor, actor)
        self.add(node, IKG.project, target)
        self.add(node, IKG.role, role)
        amount = _amount(r.get("amount_sek"))
        if amount is not None:
            self.add(node, IKG.amount, amount)
            self.add(node, IKG.currency, Literal("SEK"))
        self.add(node, IKG.evidence, self.text(r.get("evidence") or _fallback_evidence(r)))
        self.add(node, PROV.wasDerivedFrom, self.doc)


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
