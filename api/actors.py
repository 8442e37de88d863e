"""Actors in the graph: listing and search, and likely duplicates for a person to review.

Why a duplicates report: resolution is deliberately conservative (a wrong merge corrupts every
total), so near-misses are shown to a person, who settles them in the curation file.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph import Store, python_value
from ingest.resolve import ACTOR_CLASSES, normalise
from ontology.terms import IKG, PROV, RDF, SKOS

_CLASSES = " ".join(str(c) for c in ACTOR_CLASSES)


def _type_label(cls_iri: str) -> str:
    return cls_iri.rsplit("#", 1)[-1]


def list_actors(store: Store, search: str | None = None, type_name: str | None = None,
                limit: int = 100, timeout: float | None = 10.0) -> list[tuple]:
    """(name, type, projects, documents, IRI) of actors named in documents, most active first.

    ``search`` matches any of an actor's names (case-insensitive substring); ``type_name`` is a
    class name such as ``University``.
    """
    filters = []
    if search:
        filters.append(f"FILTER EXISTS {{ ?a {SKOS.prefLabel}|{SKOS.altLabel} ?n . "
                       f"FILTER(CONTAINS(LCASE(STR(?n)), LCASE({_string(search)}))) }}")
    if type_name:
        filters.append(f"FILTER(?class = {IKG.term(type_name)})")
    result = store.query(f"""
        SELECT ?a (SAMPLE(?name) AS ?label) (SAMPLE(?class) AS ?type)
               (COUNT(DISTINCT ?p) AS ?projects) (COUNT(DISTINCT ?doc) AS ?documents)
        WHERE {{
          VALUES ?class {{ {_CLASSES} }}
          ?a {RDF.type} ?class ; {PROV.wasDerivedFrom} ?doc ; {SKOS.prefLabel} ?name .
          FILTER(lang(?name) IN ("sv", ""))
          ?doc {RDF.type} {IKG.Document} .
          OPTIONAL {{ ?r {IKG.actor} ?a ; {IKG.project} ?p }}
          {" ".join(filters)}
        }} GROUP BY ?a ORDER BY DESC(?projects) DESC(?documents) ?label LIMIT {int(limit)}""", timeout=timeout)
    return [(label.value, _type_label(kind.value), python_value(p), python_value(d), a.value)
            for a, label, kind, p, d in result.rows]


@dataclass(frozen=True)
class DuplicateCandidate:
    name: str
    other: str
    score: float
    types: str
    iri: str
    other_iri: str


def likely_duplicates(store: Store, threshold: float = 88.0, timeout: float | None = 30.0) -> list[DuplicateCandidate]:
    """Pairs of distinct actors (named in documents) whose names are alike: similar spellings or one
    name's words contained in the other's ("Norrköpings Hamn" / "Norrköpings Hamn och Stuveri AB").
    Best-scoring pair of names per pair of actors, highest score first."""
    result = store.query(f"""
        SELECT DISTINCT ?a ?n ?class WHERE {{
          VALUES ?class {{ {_CLASSES} }}
          ?a {RDF.type} ?class ; {PROV.wasDerivedFrom} ?doc ; {SKOS.prefLabel}|{SKOS.altLabel} ?n .
          ?doc {RDF.type} {IKG.Document} .
        }}""", timeout=timeout)
    entries = [(a.value, n.value, _type_label(c.value)) for a, n, c in result.rows]
    keys = [normalise(n) for _, n, _ in entries]
    types: dict[str, set[str]] = {}
    for iri, _, kind in entries:
        types.setdefault(iri, set()).add(kind)
    best: dict[tuple[str, str], DuplicateCandidate] = {}
    for i, key in enumerate(keys):
        for _, score, j in process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None):
            (a, name_a, _), (b, name_b, _) = entries[i], entries[j]
            if a >= b or min(len(key), len(keys[j])) < 4:
                continue
            candidate = DuplicateCandidate(name_a, name_b, float(score), "/".join(sorted(types[a] | types[b])), a, b)
            if (a, b) not in best or candidate.score > best[(a, b)].score:
                best[(a, b)] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.name))


def _string(text: str) -> str:
    """A SPARQL string literal for user text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
