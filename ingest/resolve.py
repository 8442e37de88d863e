"""Entity resolution: names as written → one canonical IRI per real actor, project or place.

Order of evidence, strongest first:

1. the reference data (every name form of the 290 municipalities, 21 regions, county boards,
   NUTS areas and the funds, abbreviations included);
2. names already in the graph (preferred and alternative labels of actors and projects, so an
   abbreviation learnt in one document — "Linköpings universitet (LiU)" — resolves "LiU" later);
3. a near-equal name of the same kind (case, punctuation, genitive -s, similarity ≥ 0.93:
   "Linköpings Universitet", "Linköping universitet"), but never names that differ by a word
   (e.g. "Mora kommun" and "Orsa kommun" stay apart: they differ by more than spelling);
4. otherwise a new IRI minted from the normalised name (:mod:`ontology.ids`).

See docs/decisions/003-entity-resolution.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pyoxigraph import NamedNode
from rapidfuzz import fuzz, process

from graph import Store
from ontology import ids
from ontology.terms import DCTERMS, IKG, RDF, SKOS

SIMILAR = 93.0


def normalise(name: str) -> str:
    """The comparison key of a name: NFKC, case-folded, punctuation and extra space removed.

    >>> normalise("  Linköpings  Universitet. ")
    'linköpings universitet'
    >>> normalise("Region Östergötland:s")
    'region östergötlands'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\u2010-\u2015\-–—/]", " ", text)
    text = re.sub(r"[^\w&\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _genitive_variants(key: str) -> set[str]:
    """A name with and without a Swedish genitive -s on its last word ("Vinnovas" ↔ "Vinnova")."""
    if key.endswith("s") and len(key) > 4:
        return {key, key[:-1]}
    return {key, key + "s"}


@dataclass
class Resolver:
    """Resolves names of one kind space (actors, projects or areas) to IRIs; learns as it goes."""

    reference: dict[str, NamedNode] = field(default_factory=dict)
    known: dict[str, NamedNode] = field(default_factory=dict)

    def resolve(self, name: str, aliases: list[str] | tuple[str, ...] = (),
                mint=ids.organisation) -> tuple[NamedNode, bool]:
        """The IRI for an entity written as ``name`` (and ``aliases``), and whether it was minted
        now (a new entity, whose preferred label is ``name``)."""
        keys = [k for k in (normalise(n) for n in (name, *aliases)) if k]
        found = self._lookup(keys)
        iri = found or mint(name)
        self.learn(iri, [name, *aliases])
        return iri, found is None

    def lookup(self, name: str) -> NamedNode | None:
        """The IRI of an already known name, without minting."""
        return self._lookup([normalise(name)])

    def learn(self, iri: NamedNode, names: list[str]) -> None:
        for n in names:
            key = normalise(n)
            if key and key not in self.reference:
                self.known.setdefault(key, iri)

    def _lookup(self, keys: list[str]) -> NamedNode | None:
        for table in (self.reference, self.known):
            for key in keys:
                for variant in _genitive_variants(key):
                    if variant in table:
                        return table[variant]
        for key in keys:
            if len(key) < 6:  # abbreviations match exactly or not at all
                continue
            for table in (self.reference, self.known):
                hit = process.extractOne(key, table.keys(), scorer=fuzz.ratio, score_cutoff=SIMILAR)
                if hit and _same_words_but_spelling(key, hit[0]):
                    return table[hit[0]]
        return None


def _same_words_but_spelling(a: str, b: str) -> bool:
    """Near-equal names must have the same number of words and differ only inside a word
    ("linköping universitet" ~ "linköpings universitet"), not by a whole distinct word."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    different = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(different) <= 1 and all(fuzz.ratio(x, y) >= 75 for x, y in different)


def known_labels(store: Store, classes: list[NamedNode]) -> dict[str, NamedNode]:
    """Every name (preferred and alternative labels, titles) of the graph's entities of the given classes."""
    values = " ".join(str(c) for c in classes)
    result = store.query(
        f"SELECT DISTINCT ?e ?label WHERE {{ VALUES ?class {{ {values} }} ?e {RDF.type} ?class ; "
        f"{SKOS.prefLabel}|{SKOS.altLabel}|{DCTERMS.title} ?label }}")
    out: dict[str, NamedNode] = {}
    for entity, label in result.rows:
        out.setdefault(normalise(label.value), entity)
    return out


ACTOR_CLASSES = [IKG.Municipality, IKG.RegionalAuthority, IKG.University, IKG.Company, IKG.ScienceParkOrIncubator,
                 IKG.Cluster, IKG.GovernmentAgency, IKG.ResearchInstitute, IKG.Association, IKG.OtherOrganization,
                 IKG.Fund]
