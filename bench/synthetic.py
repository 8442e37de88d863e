"""A deterministic synthetic graph shaped like innokg's, shared by the benchmarks.

Why one generator: the store benchmark (``bench/store_bench.py``) and the suite (``python -m
bench``) must measure the same data, so their numbers can be compared. For a target size it makes
a reference graph (the real counties, NUTS 2 regions, regional authorities and funds) and one
named graph per project document: the project (Swedish title, dates, county), an owner, partners,
1–3 funders with amounts, evidence sentences and the actors' types and names; actor popularity
is skewed as in real data. See bench/README.md.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

import pyoxigraph as ox

from ontology import ids
from ontology.reference import load_reference
from ontology.terms import DCTERMS, IKG, PROV, RDF, SCHEMA, SKOS, XSD

SEED = 20240605

PLACES = ["Umeå", "Luleå", "Växjö", "Örebro", "Jönköping", "Gävle", "Skövde", "Västerås", "Norrköping",
          "Sundsvall", "Östersund", "Borås", "Malmö", "Härnösand", "Älmhult", "Skellefteå", "Kalmar",
          "Linköping", "Mölndal", "Hälsingland"]
TOPICS = ["Skogsteknik", "Vätgas", "Livsmedel", "Hälsoinnovation", "Fordonsteknik", "Återvinning",
          "Träförädling", "Turism", "Stålforskning", "Mjölkproduktion", "Energilagring", "Batteri",
          "Digitalisering", "Besöksnäring", "Fiskodling"]
KINDS = [(IKG.Company, "AB"), (IKG.University, "universitet"), (IKG.ResearchInstitute, "forskningsinstitut"),
         (IKG.Cluster, "kluster"), (IKG.ScienceParkOrIncubator, "science park"), (IKG.Association, "förening"),
         (IKG.Company, "Sverige AB")]
THEMES = ["Hållbar omställning", "Grön vätgas", "Innovationsstöd för småföretag", "Cirkulär ekonomi",
          "Kompetensförsörjning", "Smart specialisering", "Digital infrastruktur", "Fossilfria transporter"]


@dataclass(frozen=True)
class Actor:
    iri: ox.NamedNode
    cls: ox.NamedNode
    name: str


@dataclass
class Synthetic:
    """One generated graph: reference quads, project documents, and the IRIs the queries ask about."""

    reference: list[ox.Quad]
    documents: list[tuple[ox.NamedNode, list[ox.Quad]]]

    def first(self, predicate: ox.NamedNode) -> ox.Quad:
        """The first quad with ``predicate`` in the first project document: queries about its terms have answers."""
        return next(q for q in self.documents[0][1] if q.predicate == predicate)

    @property
    def quads(self) -> list[ox.Quad]:
        return self.reference + [q for _, quads in self.documents for q in quads]

    def nquads(self) -> bytes:
        return ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS)


def generate(target: int, seed: int = SEED) -> Synthetic:
    """About ``target`` quads: a small reference graph plus project documents until the target is met.

    Actor popularity is skewed (the most popular actor is in 15–25 % of the projects, the median
    actor in 3–4), so joins on actors have the skew of real data. As in innokg's writer, each
    document repeats the type and name of the actors it mentions, so one triple lives in several graphs.
    """
    rng = random.Random(seed)
    ref = load_reference()
    actors = _actors(rng, max(30, target // 80))
    popularity = list(itertools.accumulate(1 / (i + 5) for i in range(len(actors))))
    fund_weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(ref.funds))))
    data = Synthetic(_reference_quads(ref), [])
    size = len(data.reference)
    while size < target:
        county = rng.choice(ref.counties)
        fund = ref.funds[bisect.bisect(fund_weights, rng.random() * fund_weights[-1])]
        members = _distinct(rng, actors, popularity, 1 + rng.randint(1, 6))
        doc = _project_document(rng, len(data.documents), county, fund.iri, members)
        data.documents.append(doc)
        size += len(doc[1])
    return data


def _actors(rng: random.Random, count: int) -> list[Actor]:
    """Organisations with Swedish names; a number is added when a name comes up twice."""
    seen: set[str] = set()
    out = []
    while len(out) < count:
        cls, suffix = rng.choice(KINDS)
        name = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} {suffix}"
        name = name if name not in seen else f"{name} {len(out)}"
        seen.add(name)
        out.append(Actor(ids.organisation(name), cls, name))
    return out


def _distinct(rng: random.Random, actors: list[Actor], cum_weights: list[float], k: int) -> list[Actor]:
    chosen: dict[ox.NamedNode, Actor] = {}
    while len(chosen) < k:
        a = actors[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]
        chosen[a.iri] = a
    return list(chosen.values())


def _reference_quads(ref) -> list[ox.Quad]:
    """Counties (skos:broader their NUTS 2 region), NUTS 2 regions, regional authorities and funds."""
    g = ids.REFERENCE_GRAPH
    out = []
    for n in ref.nuts2:
        out += [ox.Quad(n.area, RDF.type, SKOS.Concept, g), ox.Quad(n.area, SKOS.prefLabel, _sv(n.name), g)]
    for c in ref.counties:
        out += [ox.Quad(c.area, RDF.type, SKOS.Concept, g), ox.Quad(c.area, SKOS.prefLabel, _sv(c.name), g),
                ox.Quad(c.area, SKOS.broader, ids.nuts_area(c.nuts2_code), g),
                ox.Quad(c.authority, RDF.type, IKG.RegionalAuthority, g),
                ox.Quad(c.authority, SKOS.prefLabel, _sv(c.regional_authority), g)]
    for f in ref.funds:
        out += [ox.Quad(f.iri, RDF.type, IKG.Fund, g), ox.Quad(f.iri, SKOS.prefLabel, _sv(f.label_sv), g)]
        if f.parent:
            out.append(ox.Quad(f.iri, SKOS.broader, ids.fund(f.parent), g))
    return out


def _project_document(rng: random.Random, i: int, county, fund: ox.NamedNode,
                      members: list[Actor]) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """One project's graph: the project, an owner, partners, 1–3 funders with amounts, the actors' names."""
    g = ids.document(f"synthetic:{i}")
    title = f"{rng.choice(THEMES)} i {county.short_name} – etapp {i + 1}"
    p = ids.project(title)
    start = rng.randint(2014, 2024)
    triples = [(p, RDF.type, IKG.Project), (p, DCTERMS.title, _sv(title)),
               (p, SCHEMA.startDate, ox.Literal(f"{start}-0{rng.randint(1, 9)}-01", datatype=XSD.date)),
               (p, SCHEMA.endDate, ox.Literal(f"{start + rng.randint(1, 4)}-12-31", datatype=XSD.date)),
               (p, IKG.area, county.area), (p, PROV.wasDerivedFrom, g)]
    owner, *partners = members
    funders = [(fund, IKG.Funder, IKG.funds)]
    if rng.random() < 0.6:
        funders.append((county.authority, IKG.CoFinancier, IKG.coFinances))
    if rng.random() < 0.3:
        funders.append((rng.choice(members).iri, IKG.CoFinancier, IKG.coFinances))
    roles = [(owner.iri, IKG.Owner, IKG.owns)] + [(a.iri, IKG.Partner, IKG.partnerIn) for a in partners]
    for actor, role, shortcut in roles + funders:
        amount = rng.randint(100, 20_000) * 1000 if role in (IKG.Funder, IKG.CoFinancier) else None
        triples += _participation(g, p, title, actor, role, shortcut, amount)
    for a in members:
        triples += [(a.iri, RDF.type, a.cls), (a.iri, SKOS.prefLabel, ox.Literal(a.name))]
    return g, list(dict.fromkeys(ox.Quad(s, pr, o, g) for s, pr, o in triples))


def _participation(g, p, title, actor, role, shortcut, amount: int | None) -> list[tuple]:
    """An n-ary participation node as innokg's writer makes it, plus the actor → project shortcut."""
    node = ids.participation(p, role.value, actor)
    out = [(actor, shortcut, p), (node, RDF.type, IKG.Participation), (node, IKG.actor, actor),
           (node, IKG.project, p), (node, IKG.role, role), (node, PROV.wasDerivedFrom, g),
           (node, IKG.evidence, _sv(f"Aktören deltar i projektet {title} som {role.value.rsplit('#')[-1]}."))]
    if amount is not None:
        out += [(node, RDF.type, IKG.Funding), (node, IKG.amount, ox.Literal(str(amount), datatype=XSD.decimal)),
                (node, IKG.currency, ox.Literal("SEK"))]
    return out


def _sv(text: str) -> ox.Literal:
    return ox.Literal(text, language="sv")


def as_stored(data: Synthetic) -> list[ox.Quad]:
    """``data`` as an innokg store holds it: plus the ontology and the full reference graphs (role
    and type labels, every area and name the named queries match on) and a ``meta`` entry per
    document (its source), so the ready-made questions find what they look for."""
    from ontology.reference import ontology_quads, reference_quads

    meta = [q for g, _ in data.documents for q in (
        ox.Quad(g, RDF.type, IKG.Document, ids.META_GRAPH),
        ox.Quad(g, DCTERMS.source, ox.Literal(f"https://bench.example/{g.value.rsplit('/', 1)[-1]}"), ids.META_GRAPH))]
    return reference_quads() + ontology_quads() + data.quads + meta
