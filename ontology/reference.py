"""Swedish reference data (``ontology/reference/*.csv``) as typed rows and as RDF.

Why: resolution needs a gazetteer that knows every name form of every public
body, fund and area, and the graph needs the same facts as RDF so queries can
climb kommun → län → NUTS 2 → Sverige. Both views come from one reading of the
CSVs, so they cannot disagree.

Bodies and territory stay separate: ``Linköpings kommun`` (``ikg:Municipality``,
an organisation) has ``ikg:jurisdiction`` over ``Linköping``
(``ikg:MunicipalityArea``, a SKOS concept).

Region Gotland is one real body: a municipality that also carries the regional
mandate. It is therefore one node, the municipal authority of kommun 0980,
typed both ``ikg:Municipality`` and ``ikg:RegionalAuthority``, governing both the
municipality area 0980 and the county area 09. ``County.authority`` gives the
right IRI for every county; ``ids.regional_authority("09")`` is never written.
The rule is data-driven (a county with one municipality whose self-designation
is the county's regional authority), not a hard-coded code.

>>> ref = load_reference()
>>> len(ref.municipalities), len(ref.counties), len(ref.nuts2)
(290, 21, 8)
>>> ref.labels()["linköpings kommun"] == ids.municipal_authority("0580")
True
>>> ref.labels()["linköping"] == ids.municipality_area("0580")
True
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from ontology import ONTOLOGY_TTL, REFERENCE_DIR, ids
from ontology.terms import DCTERMS, IKG, PROV, RDF, SKOS


SWEDEN_NOTATION = "SE"
SWEDEN_LABELS = {"sv": "Sverige", "en": "Sweden"}


def _split(cell: str) -> tuple[str, ...]:
    """A pipe-separated cell as a tuple of non-empty, stripped values."""
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def _unique(values: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Values in first-seen order without duplicates or excluded values (e.g. the prefLabel)."""
    seen = set(exclude)
    out = []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return tuple(out)


# --------------------------------------------------------------------------- rows
@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    long_name: str
    self_designation: str
    alt_labels: tuple[str, ...]
    lan_code: str
    nuts2_code: str

    @property
    def area(self) -> NamedNode:
        return ids.municipality_area(self.code)

    @property
    def authority(self) -> NamedNode:
        return ids.municipal_authority(self.code)

    @property
    def authority_alt_labels(self) -> tuple[str, ...]:
        return _unique((self.long_name, *self.alt_labels), exclude=[self.self_designation])


@dataclass(frozen=True)
class County:
    code: str
    name: str
    short_name: str
    nuts3_code: str
    nuts2_code: str
    regional_authority: str
    regional_authority_alt: tuple[str, ...]
    county_admin_board: str
    authority: NamedNode
    """The regional authority's IRI; the municipal authority where one body holds both mandates."""

    @property
    def area(self) -> NamedNode:
        return ids.county_area(self.code)

    @property
    def board(self) -> NamedNode:
        return ids.county_board(self.code)

    @property
    def name_en(self) -> str:
        return f"{self.short_name} County"


@dataclass(frozen=True)
class NutsRegion:
    code: str
    name: str
    name_en: str
    lan_codes: tuple[str, ...]

    @property
    def area(self) -> NamedNode:
        return ids.nuts_area(self.code)


@dataclass(frozen=True)
class FundRow:
    id: str
    label_sv: str
    label_en: str
    abbreviations: tuple[str, ...]
    kind: str
    parent: str | None

    @property
    def iri(self) -> NamedNode:
        return ids.fund(self.id)

    @property
    def is_agency(self) -> bool:
        return self.kind == "national agency"


# --------------------------------------------------------------------------- reading
def _rows(filename: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / filename).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _municipality(r: dict[str, str]) -> Municipality:
    return Municipality(
        code=r["kommunkod"], name=r["name"], long_name=r["long_name"],
        self_designation=r["self_designation"], alt_labels=_split(r["alt_labels"]),
        lan_code=r["lanskod"], nuts2_code=r["nuts2_code"],
    )


def _county_authority(r: dict[str, str], municipalities: list[Municipality]) -> NamedNode:
    """Where a county's only municipality calls itself by the regional authority's name
    (Region Gotland), that municipality *is* the regional authority."""
    own = [m for m in municipalities if m.lan_code == r["lanskod"]]
    if len(own) == 1 and own[0].self_designation == r["regional_authority"]:
        return own[0].authority
    return ids.regional_authority(r["lanskod"])


def _county(r: dict[str, str], municipalities: list[Municipality]) -> County:
    return County(
        code=r["lanskod"], name=r["lan_name"], short_name=r["lan_short"],
        nuts3_code=r["nuts3_code"], nuts2_code=r["nuts2_code"],
        regional_authority=r["regional_authority"],
        regional_authority_alt=_split(r["regional_authority_alt"]),
        county_admin_board=r["county_admin_board"],
        authority=_county_authority(r, municipalities),
    )


def _nuts(r: dict[str, str]) -> NutsRegion:
    return NutsRegion(code=r["nuts2_code"], name=r["name_sv"], name_en=r["name_en"],
                      lan_codes=_split(r["lan_codes"]))


def _fund(r: dict[str, str]) -> FundRow:
    return FundRow(id=r["id"], label_sv=r["label_sv"], label_en=r["label_en"],
                   abbreviations=_split(r["abbreviations"]), kind=r["kind"],
                   parent=r["parent"] or None)


@dataclass(frozen=True)
class Reference:
    """All reference rows, in CSV order, with lookups and the resolution gazetteer."""

    municipalities: tuple[Municipality, ...]
    counties: tuple[County, ...]
    nuts2: tuple[NutsRegion, ...]
    funds: tuple[FundRow, ...]

    @cached_property
    def municipality(self) -> dict[str, Municipality]:
        """By kommunkod, e.g. ``ref.municipality["0580"]``."""
        return {m.code: m for m in self.municipalities}

    @cached_property
    def county(self) -> dict[str, County]:
        """By länskod, e.g. ``ref.county["05"]``."""
        return {c.code: c for c in self.counties}

    @cached_property
    def nuts(self) -> dict[str, NutsRegion]:
        """By NUTS 2 code, e.g. ``ref.nuts["SE12"]``."""
        return {n.code: n for n in self.nuts2}

    @cached_property
    def fund(self) -> dict[str, FundRow]:
        """By funds.csv id, e.g. ``ref.fund["eruf"]``."""
        return {f.id: f for f in self.funds}

    def labels(self) -> dict[str, NamedNode]:
        """Every casefolded name form of every body, area and fund → its IRI.

        Precedence, most specific first: organisation names (``Linköpings kommun``,
        ``Region Östergötland``, ``Länsstyrelsen i …``) denote bodies; place names
        (``Linköping``, ``Östergötlands län``, ``Östra Mellansverige``) denote areas, the
        smallest area winning (``Stockholm`` is the municipality, not the county or
        NUTS region); fund names come last, and a name shared by several funds
        (``RUM``) denotes their nearest common ancestor.
        """
        return dict(self._labels)

    @cached_property
    def _labels(self) -> dict[str, NamedNode]:
        table: dict[str, NamedNode] = {}
        for names in (self._body_names(), self._area_names(), self._fund_names()):
            for key, iri in names.items():
                table.setdefault(key, iri)
        return table

    def actor_labels(self) -> dict[str, NamedNode]:
        """Name forms that denote organisations: bodies and funds (and a municipality's bare
        name, which in a list of actors means its authority: "Västervik, Vimmerby och Hultsfred")."""
        table = {**self._fund_names(), **_first_wins([(m.name, m.authority) for m in self.municipalities])}
        table.update(self._body_names())
        return table

    def area_labels(self) -> dict[str, NamedNode]:
        """Name forms that denote places: municipalities, counties, NUTS 2 areas, Sweden."""
        return dict(self._area_names())

    def _body_names(self) -> dict[str, NamedNode]:
        pairs: list[tuple[str, NamedNode]] = []
        for m in self.municipalities:
            pairs += [(n, m.authority) for n in (m.self_designation, *m.authority_alt_labels)]
        for c in self.counties:
            pairs += [(n, c.authority) for n in (c.regional_authority, *c.regional_authority_alt)]
            pairs.append((c.county_admin_board, c.board))
        return _first_wins(pairs)

    def _area_names(self) -> dict[str, NamedNode]:
        pairs: list[tuple[str, NamedNode]] = [(m.name, m.area) for m in self.municipalities]
        for c in self.counties:
            pairs += [(c.name, c.area), (c.short_name, c.area), (c.name_en, c.area)]
        for n in self.nuts2:
            pairs += [(n.name, n.area), (n.name_en, n.area)]
        pairs += [(label, ids.SWEDEN) for label in SWEDEN_LABELS.values()]
        return _first_wins(pairs)

    def _fund_names(self) -> dict[str, NamedNode]:
        candidates: dict[str, list[str]] = {}
        for f in self.funds:
            for name in (f.label_sv, f.label_en, *f.abbreviations):
                members = candidates.setdefault(name.casefold(), [])
                if f.id not in members:
                    members.append(f.id)
        return {key: ids.fund(self._common_ancestor(fs)) for key, fs in candidates.items()}

    def fund_ancestry(self, fund_id: str) -> list[str]:
        """The fund itself, then its parent, grandparent … up to a root."""
        chain = [fund_id]
        while (parent := self.fund[chain[-1]].parent) is not None:
            chain.append(parent)
        return chain

    def _common_ancestor(self, fund_ids: list[str]) -> str:
        """The nearest fund that is an ancestor-or-self of all given funds; the first
        candidate when they share no root (that never happens in funds.csv)."""
        chains = [self.fund_ancestry(f) for f in fund_ids]
        shared = set(chains[0]).intersection(*chains[1:])
        return next((f for f in chains[0] if f in shared), fund_ids[0])


def _first_wins(pairs: list[tuple[str, NamedNode]]) -> dict[str, NamedNode]:
    table: dict[str, NamedNode] = {}
    for name, iri in pairs:
        table.setdefault(name.casefold(), iri)
    return table


@cache
def load_reference() -> Reference:
    """Read the CSVs once per process (codes kept as strings: ``0180``, ``01``)."""
    municipalities = [_municipality(r) for r in _rows("kommuner.csv")]
    counties = [_county(r, municipalities) for r in _rows("lan.csv")]
    nuts2 = [_nuts(r) for r in _rows("nuts2.csv")]
    funds = [_fund(r) for r in _rows("funds.csv")]
    return Reference(tuple(municipalities), tuple(counties), tuple(nuts2), tuple(funds))


# --------------------------------------------------------------------------- RDF
Triple = tuple[NamedNode, NamedNode, NamedNode | Literal]


def _sv(text: str) -> Literal:
    return Literal(text, language="sv")


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _concept(iri: NamedNode, cls: NamedNode, scheme: NamedNode, notation: str,
             top: bool = False) -> Iterator[Triple]:
    yield iri, RDF.type, cls
    yield iri, RDF.type, SKOS.Concept
    yield iri, SKOS.inScheme, scheme
    yield iri, SKOS.notation, Literal(notation)
    yield iri, PROV.wasDerivedFrom, ids.REFERENCE_DATASET
    if top:
        yield iri, SKOS.topConceptOf, scheme
        yield scheme, SKOS.hasTopConcept, iri


def _broader(narrow: NamedNode, broad: NamedNode) -> Iterator[Triple]:
    yield narrow, SKOS.broader, broad
    yield broad, SKOS.narrower, narrow


def _alt_labels(iri: NamedNode, labels: Iterable[str], lang: str | None = "sv") -> Iterator[Triple]:
    for label in labels:
        yield iri, SKOS.altLabel, Literal(label, language=lang) if lang else Literal(label)


def _dataset_triples() -> Iterator[Triple]:
    d = ids.REFERENCE_DATASET
    yield d, RDF.type, PROV.Entity
    yield d, DCTERMS.title, _en("Swedish administrative reference data")
    yield d, DCTERMS.title, _sv("Svenska administrativa referensdata")
    yield d, DCTERMS.description, _en(
        "Municipalities, counties, NUTS 2 regions, their public bodies and funds, compiled from "
        "public sources listed in ontology/reference/README.md.")


def _sweden_triples() -> Iterator[Triple]:
    yield from _concept(ids.SWEDEN, IKG.Country, IKG.Countries, SWEDEN_NOTATION, top=True)
    yield ids.SWEDEN, SKOS.prefLabel, _sv(SWEDEN_LABELS["sv"])
    yield ids.SWEDEN, SKOS.prefLabel, _en(SWEDEN_LABELS["en"])
    yield ids.SWEDEN, IKG.nutsCode, Literal(SWEDEN_NOTATION)


def _nuts_triples(n: NutsRegion) -> Iterator[Triple]:
    yield from _concept(n.area, IKG.NutsRegion, IKG.Nuts2, n.code, top=True)
    yield n.area, SKOS.prefLabel, _sv(n.name)
    yield n.area, SKOS.prefLabel, _en(n.name_en)
    yield n.area, IKG.nutsCode, Literal(n.code)
    yield from _broader(n.area, ids.SWEDEN)


def _county_triples(c: County) -> Iterator[Triple]:
    yield from _concept(c.area, IKG.County, IKG.Lan, c.code, top=True)
    yield c.area, SKOS.prefLabel, _sv(c.name)
    yield c.area, SKOS.prefLabel, _en(c.name_en)
    yield from _alt_labels(c.area, [c.short_name])
    yield c.area, IKG.code, Literal(c.code)
    yield c.area, IKG.nutsCode, Literal(c.nuts3_code)
    yield from _broader(c.area, ids.nuts_area(c.nuts2_code))
    yield from _county_board_triples(c)
    yield from _regional_authority_triples(c)


def _county_board_triples(c: County) -> Iterator[Triple]:
    yield c.board, RDF.type, IKG.GovernmentAgency
    yield c.board, SKOS.prefLabel, _sv(c.county_admin_board)
    yield c.board, IKG.jurisdiction, c.area
    yield c.board, IKG.locatedIn, c.area
    yield c.board, PROV.wasDerivedFrom, ids.REFERENCE_DATASET


def _regional_authority_triples(c: County) -> Iterator[Triple]:
    """A regional authority, or the regional mandate added to a municipal authority
    that holds it (Region Gotland: prefLabel and provenance then come from the municipality)."""
    merged = c.authority != ids.regional_authority(c.code)
    yield c.authority, RDF.type, IKG.RegionalAuthority
    if not merged:
        yield c.authority, SKOS.prefLabel, _sv(c.regional_authority)
        yield c.authority, PROV.wasDerivedFrom, ids.REFERENCE_DATASET
        yield c.authority, IKG.locatedIn, c.area
    yield from _alt_labels(c.authority, c.regional_authority_alt)
    yield c.authority, IKG.jurisdiction, c.area
    yield c.authority, IKG.governs, c.area


def _municipality_triples(m: Municipality) -> Iterator[Triple]:
    yield from _concept(m.area, IKG.MunicipalityArea, IKG.Kommuner, m.code, top=True)
    yield m.area, SKOS.prefLabel, _sv(m.name)
    yield m.area, IKG.code, Literal(m.code)
    yield from _broader(m.area, ids.county_area(m.lan_code))
    body = m.authority
    yield body, RDF.type, IKG.Municipality
    yield body, SKOS.prefLabel, _sv(m.self_designation)
    yield from _alt_labels(body, m.authority_alt_labels)
    yield body, IKG.jurisdiction, m.area
    yield body, IKG.governs, m.area
    yield body, IKG.locatedIn, m.area
    yield body, PROV.wasDerivedFrom, ids.REFERENCE_DATASET


def _fund_triples(f: FundRow) -> Iterator[Triple]:
    yield from _concept(f.iri, IKG.Fund, IKG.Funds, f.id, top=f.parent is None)
    if f.is_agency:
        yield f.iri, RDF.type, IKG.GovernmentAgency
    yield f.iri, SKOS.prefLabel, _sv(f.label_sv)
    yield f.iri, SKOS.prefLabel, _en(f.label_en)
    yield from _alt_labels(f.iri, _unique(f.abbreviations, exclude=[f.label_sv, f.label_en]), lang=None)
    yield f.iri, IKG.kind, Literal(f.kind)
    if f.parent:
        parent = ids.fund(f.parent)
        yield from _broader(f.iri, parent)
        yield f.iri, IKG.programmeOf, parent


def _reference_triples(ref: Reference) -> Iterator[Triple]:
    yield from _dataset_triples()
    yield from _sweden_triples()
    for n in ref.nuts2:
        yield from _nuts_triples(n)
    for c in ref.counties:
        yield from _county_triples(c)
    for m in ref.municipalities:
        yield from _municipality_triples(m)
    for f in ref.funds:
        yield from _fund_triples(f)


def reference_quads() -> list[Quad]:
    """The reference data as quads in ``ids.REFERENCE_GRAPH``, in a fixed order without
    duplicates, so two calls (or two machines) give identical output."""
    seen: dict[Triple, None] = dict.fromkeys(_reference_triples(load_reference()))
    return [Quad(s, p, o, ids.REFERENCE_GRAPH) for s, p, o in seen]


def ontology_quads() -> list[Quad]:
    """innokg.ttl in ``ONTOLOGY_GRAPH``, so queries can use labels of classes and roles
    and follow rdfs:subClassOf."""
    return [Quad(q.subject, q.predicate, q.object, ids.ONTOLOGY_GRAPH)
            for q in parse(path=ONTOLOGY_TTL, format=RdfFormat.TURTLE)]
