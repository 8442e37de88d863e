"""Smart-specialisation vocabularies: common themes, support functions, regional strength areas.

Why files rather than code: the themes, their keywords and a region's own strength areas are
judgements a regional S3 team owns and edits. The common themes and support functions are SKOS
in Turtle (``s3_themes.ttl``, ``support_functions.ttl``: reusable by any SKOS tool); a region's
strength areas are a small TOML file (``regional_strengths/*.toml``) that names its areas in its
own words and maps each onto common themes. One reading of these files gives both the Python
view (for classification and the report) and the quads loaded into the reference graph, so the
two cannot disagree.

Concept IRIs are data IRIs under ``ids.BASE`` (the Turtle files use relative IRIs): users add
themes without touching the ontology.

>>> vocab = load_s3()
>>> vocab.theme("logistics").label("sv")
'Logistik och transporter'
>>> sorted(f.notation for f in vocab.functions)[:3]
['advice', 'cluster', 'funding']
>>> vocab.scheme_of("05").areas[0].label("en")
'Sustainable logistics'
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from ontology import HERE, ids
from ontology.reference import load_reference
from ontology.terms import DCTERMS, IKG, RDF, SKOS

THEMES_TTL = HERE / "s3_themes.ttl"
FUNCTIONS_TTL = HERE / "support_functions.ttl"
REGIONAL_DIR = HERE / "regional_strengths"


class S3Error(ValueError):
    """A vocabulary file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Concept:
    """A theme or support function with what classification needs."""

    iri: str
    notation: str
    labels: tuple[tuple[str, str], ...]
    """(language, label) pairs."""
    definitions: tuple[tuple[str, str], ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()
    """(language, pattern) pairs; see ``s3_themes.ttl`` for the pattern syntax."""
    actor_types: tuple[str, ...] = ()
    """Class IRIs of the actors that usually carry a support function."""

    def label(self, lang: str = "en") -> str:
        found = dict(self.labels)
        return found.get(lang) or found.get("en") or next(iter(found.values()), self.notation)

    def definition(self, lang: str = "en") -> str:
        found = dict(self.definitions)
        return found.get(lang) or found.get("en", "")


@dataclass(frozen=True)
class StrengthArea:
    iri: str
    notation: str
    labels: tuple[tuple[str, str], ...]
    themes: tuple[str, ...]
    """IRIs of the common themes it maps onto (``skos:closeMatch``)."""

    def label(self, lang: str = "en") -> str:
        found = dict(self.labels)
        return found.get(lang) or found.get("sv") or self.notation


@dataclass(frozen=True)
class RegionalScheme:
    """A region's own strength areas (one TOML file)."""

    iri: str
    county: str
    """The county's code (``05``)."""
    labels: tuple[tuple[str, str], ...]
    areas: tuple[StrengthArea, ...]
    path: Path

    def label(self, lang: str = "en") -> str:
        found = dict(self.labels)
        return found.get(lang) or found.get("sv") or self.path.stem


@dataclass(frozen=True)
class S3Vocabulary:
    themes: tuple[Concept, ...]
    functions: tuple[Concept, ...]
    schemes: tuple[RegionalScheme, ...] = ()

    def theme(self, notation: str) -> Concept:
        return _by_notation(self.themes, notation, "theme")

    def function(self, notation: str) -> Concept:
        return _by_notation(self.functions, notation, "support function")

    def concept(self, iri: str) -> Concept | None:
        """The theme or function with this IRI."""
        return next((c for c in (*self.themes, *self.functions) if c.iri == iri), None)

    def scheme_of(self, county_code: str) -> RegionalScheme | None:
        return next((s for s in self.schemes if s.county == county_code), None)


def _by_notation(concepts: tuple[Concept, ...], notation: str, what: str) -> Concept:
    for c in concepts:
        if c.notation == notation.strip().casefold():
            return c
    raise KeyError(f"no {what} {notation!r} (known: {', '.join(c.notation for c in concepts)})")


# --------------------------------------------------------------------------- reading
def vocabulary_files() -> list[Path]:
    """Every file the vocabularies are read from (for the reference fingerprint)."""
    return [THEMES_TTL, FUNCTIONS_TTL, *sorted(REGIONAL_DIR.glob("*.toml"))]


def _turtle(path: Path) -> list[Quad]:
    try:
        return list(parse(path=path, format=RdfFormat.TURTLE, base_iri=ids.BASE))
    except (OSError, SyntaxError, ValueError) as e:
        raise S3Error(f"{path}: {e}") from e


def _concepts(quads: list[Quad], cls: NamedNode, path: Path) -> tuple[Concept, ...]:
    by_subject: dict[str, list[Quad]] = {}
    for q in quads:
        by_subject.setdefault(q.subject.value, []).append(q)
    concepts = []
    for iri, qs in by_subject.items():
        if not any(q.predicate == RDF.type and q.object == cls for q in qs):
            continue
        values = {p: [q.object for q in qs if q.predicate == p] for p in
                  (SKOS.notation, SKOS.prefLabel, SKOS.definition, IKG.keyword, IKG.typicalActorType)}
        if len(values[SKOS.notation]) != 1:
            raise S3Error(f"{path}: <{iri}> needs exactly one skos:notation")
        keywords = tuple((k.language or "en", k.value) for k in values[IKG.keyword])
        if any(not p.strip("* ") for _, p in keywords):
            raise S3Error(f"{path}: <{iri}> has an empty keyword")
        concepts.append(Concept(
            iri=iri, notation=values[SKOS.notation][0].value,
            labels=tuple((lbl.language or "en", lbl.value) for lbl in values[SKOS.prefLabel]),
            definitions=tuple((d.language or "en", d.value) for d in values[SKOS.definition]),
            keywords=keywords, actor_types=tuple(t.value for t in values[IKG.typicalActorType])))
    return tuple(sorted(concepts, key=lambda c: c.notation))


def _county_code(name: str, path: Path) -> str:
    key = name.strip().casefold()
    for c in load_reference().counties:
        if key in {c.code, c.name.casefold(), c.short_name.casefold(), c.name_en.casefold()}:
            return c.code
    raise S3Error(f"{path}: region {name!r} is not a county (län) name or code")


def _scheme(path: Path, themes: dict[str, str]) -> RegionalScheme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise S3Error(f"{path}: {e}") from e
    if not isinstance(data.get("region"), str):
        raise S3Error(f"{path}: needs region = \"<county name or code>\"")
    county = _county_code(data["region"], path)
    iri = f"{ids.BASE}s3/strength/{county}"
    areas = []
    for i, entry in enumerate(data.get("area", []), 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry.get("sv"):
            raise S3Error(f"{path}: [[area]] {i} needs id and sv (its name)")
        unknown = [t for t in entry.get("themes", []) if t not in themes]
        if unknown or not entry.get("themes"):
            raise S3Error(f"{path}: [[area]] {entry['id']!r}: themes must name common themes "
                          f"({', '.join(sorted(themes))}); got {entry.get('themes')!r}")
        labels = tuple((lang, entry[lang]) for lang in ("sv", "en") if isinstance(entry.get(lang), str))
        areas.append(StrengthArea(f"{iri}/{ids.slug(entry['id'])}", entry["id"], labels,
                                  tuple(themes[t] for t in entry["themes"])))
    title = data.get("title") if isinstance(data.get("title"), dict) else {}
    return RegionalScheme(iri, county, tuple((k, v) for k, v in title.items() if isinstance(v, str)),
                          tuple(areas), path)


@cache
def load_s3() -> S3Vocabulary:
    """Read the vocabulary files once per process; :class:`S3Error` names a broken file."""
    themes = _concepts(_turtle(THEMES_TTL), IKG.Theme, THEMES_TTL)
    functions = _concepts(_turtle(FUNCTIONS_TTL), IKG.SupportFunction, FUNCTIONS_TTL)
    by_notation = {t.notation: t.iri for t in themes}
    schemes = tuple(_scheme(p, by_notation) for p in sorted(REGIONAL_DIR.glob("*.toml")))
    seen: set[str] = set()
    for s in schemes:
        if s.county in seen:
            raise S3Error(f"{s.path}: a second strength-area file for county {s.county}")
        seen.add(s.county)
    return S3Vocabulary(themes, functions, schemes)


# --------------------------------------------------------------------------- RDF
def _scheme_triples(s: RegionalScheme) -> Iterator[tuple]:
    scheme = NamedNode(s.iri)
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield scheme, DCTERMS.spatial, ids.county_area(s.county)
    for lang, label in s.labels:
        yield scheme, SKOS.prefLabel, Literal(label, language=lang)
    for a in s.areas:
        area = NamedNode(a.iri)
        yield area, RDF.type, IKG.StrengthArea
        yield area, RDF.type, SKOS.Concept
        yield area, SKOS.inScheme, scheme
        yield area, SKOS.topConceptOf, scheme
        yield scheme, SKOS.hasTopConcept, area
        yield area, SKOS.notation, Literal(a.notation)
        for lang, label in a.labels:
            yield area, SKOS.prefLabel, Literal(label, language=lang)
        for theme in a.themes:
            yield area, SKOS.closeMatch, NamedNode(theme)


def s3_quads() -> list[Quad]:
    """The vocabularies as quads in ``ids.REFERENCE_GRAPH`` (themes and functions as written in
    their Turtle files, regional schemes as SKOS), without duplicates, in a fixed order."""
    load_s3()  # validates the files before anything is written
    triples = [(q.subject, q.predicate, q.object) for path in (THEMES_TTL, FUNCTIONS_TTL) for q in _turtle(path)]
    for scheme in load_s3().schemes:
        triples += _scheme_triples(scheme)
    return [Quad(s, p, o, ids.REFERENCE_GRAPH) for s, p, o in dict.fromkeys(triples)]
