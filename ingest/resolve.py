"""Entity resolution: names as written → one canonical IRI per real actor, project or place.

Order of evidence, strongest first:

1. the curation file: names a person declared to be one entity (``same``), checked first;
2. the reference data (every name form of the 290 municipalities, 21 regions, county boards,
   NUTS areas and the funds, abbreviations included);
3. names already in the graph (preferred and alternative labels, titles), so an abbreviation
   learnt in one document — "Linköpings universitet (LiU)" — resolves "LiU" later;
4. variants of the same name: with or without a Swedish genitive -s ("Vinnovas"), without a
   legal-form suffix ("IUC Dalarna AB" ↔ "IUC Dalarna"); for projects also without filler words
   ("Logistikkluster Region Östergötland" ↔ "Logistikkluster Östergötland");
5. a near-equal spelling of the same kind (rapidfuzz ratio ≥ 93 with the same words but one
   spelling variant: "Linköping universitet"), never names that differ by a word ("Mora kommun" /
   "Orsa kommun"), and never names the curation file declares ``distinct``;
6. otherwise a new IRI minted from the name (:mod:`ontology.ids`).

Rows of funding tables carry identifiers (organisation number, PIC, VAT number), which come
before all of the above: :meth:`Resolver.resolve_identified` looks them up first, then the names
by steps 1–4 (plus the ASCII spellings CORDIS uses, "HOEGSKOLAN" for "högskolan"), never by
similarity, and never onto an entity that has another identifier of the same kind; otherwise it
mints the IRI from the identifier.

See docs/decisions/003-iris-and-entity-resolution.md and 005-tabular-import.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode
from rapidfuzz import fuzz, process

from graph import Store
from ontology import ids
from ontology.terms import DCTERMS, IKG, RDF, SKOS

from .curation import Curation

SIMILAR = 93.0
LEGAL_FORMS = ("ab publ", "ab", "hb", "kb", "ltd", "inc", "gmbh", "oy", "as", "aps", "bv", "ek för",
               "ekonomisk förening")
FOLDS = (str.maketrans({"å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "æ": "ae", "ø": "oe", "é": "e"}),
         str.maketrans({"å": "a", "ä": "a", "ö": "o", "ü": "u", "æ": "ae", "ø": "o", "é": "e"}))
"""The two ways ASCII-only registers spell Nordic letters: KUNGLIGA TEKNISKA HOEGSKOLAN,
LINKOPINGS UNIVERSITET."""
ID_STRENGTH = ("organisationNumber", "pic", "vatNumber")
"""Identifier kinds, strongest first: the first one present mints the IRI."""
PROJECT_FILLER = {"region", "regionen", "län", "läns", "projekt", "projektet", "project", "the", "i", "in"}
_DASHES, _PUNCTUATION, _SPACES = re.compile(r"[\u2010-\u2015\-–—/]"), re.compile(r"[^\w&\s]"), re.compile(r"\s+")
"""Compiled once: a batch normalises every name the graph knows (~27 000 at 10⁶ quads)."""


def normalise(name: str) -> str:
    """The comparison key of a name: NFKC, case-folded, punctuation and extra space removed.

    >>> normalise("  Linköpings  Universitet. ")
    'linköpings universitet'
    >>> normalise("Region Östergötland:s")
    'region östergötlands'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _DASHES.sub(" ", text)
    text = _PUNCTUATION.sub("", text)
    return _SPACES.sub(" ", text).strip()


def actor_variants(key: str) -> set[str]:
    """Other ways the same organisation's name is written: genitive -s, legal form dropped.

    >>> sorted(actor_variants("iuc dalarna ab"))
    ['iuc dalarna', 'iuc dalarna ab', 'iuc dalarnas', 'iuc dalarnas ab']
    """
    core, legal = key, ""
    for form in LEGAL_FORMS:
        if key.endswith(" " + form) and len(key) > len(form) + 3:
            core, legal = key[: -len(form) - 1], form
            break
    head, _, last = core.rpartition(" ")
    genitive = last[:-1] if last.endswith("s") and len(last) > 4 else last + "s"
    forms = {core, f"{head} {genitive}".strip()}
    return forms | {f"{f} {legal}" for f in forms if legal}


def ascii_forms(key: str) -> set[str]:
    """The ASCII spellings of a normalised name with Nordic letters (none for an ASCII name).

    >>> sorted(ascii_forms("kungliga tekniska högskolan"))
    ['kungliga tekniska hoegskolan', 'kungliga tekniska hogskolan']
    """
    return {key.translate(f) for f in FOLDS} if not key.isascii() else set()


def project_variants(key: str) -> set[str]:
    """A project's name without filler words, when at least two content words remain.

    >>> sorted(project_variants("logistikkluster region östergötland"))
    ['logistikkluster region östergötland', 'logistikkluster östergötland']
    """
    content = [w for w in key.split() if w not in PROJECT_FILLER]
    return {key, " ".join(content)} if len(content) >= 2 else {key}


@dataclass
class Resolver:
    """Resolves names of one kind (actors, projects or areas) to IRIs, and learns as it goes."""

    reference: dict[str, NamedNode] = field(default_factory=dict)
    known: dict[str, NamedNode] = field(default_factory=dict)
    forced: dict[str, NamedNode] = field(default_factory=dict)
    """Curated names (normalised) → IRI; wins over everything."""
    distinct: dict[str, int] = field(default_factory=dict)
    """Curated names (normalised) → group number: names of one group are never merged by similarity."""
    variants: Callable[[str], set[str]] = actor_variants

    identifiers: dict[tuple[str, str], NamedNode] = field(default_factory=dict)
    """(kind, value) → IRI, e.g. ("organisationNumber", "202100-3054"); consulted before names."""

    def __post_init__(self) -> None:
        self._unnamed: dict[NamedNode, str] = {}  # curated entities new to the graph → preferred name
        self._variant_index: dict[str, NamedNode] = {}
        self._spelling_blocks: dict[tuple, list[str]] = {}  # where near-equal spellings of a name are
        self._ascii_index: dict[str, NamedNode | None] | None = None  # on first use; None: a shared spelling
        self._iris: set[NamedNode] = set()
        self._id_of: dict[tuple[NamedNode, str], str] = {(iri, kind): v for (kind, v), iri in self.identifiers.items()}
        for key, iri in list(self.reference.items()) + list(self.known.items()):
            self._index(key, iri)

    def resolve(self, name: str, aliases: list[str] | tuple[str, ...] = (),
                mint: Callable[[str], NamedNode] = ids.organisation) -> tuple[NamedNode, str | None]:
        """The IRI for an entity written as ``name`` (and ``aliases``), and, when the entity is
        new to the graph, the preferred label to give it (else None)."""
        keys = [k for k in (normalise(n) for n in (name, *aliases)) if k]
        found = self._lookup(keys)
        iri = found or mint(name)
        self.learn(iri, [name, *aliases])
        return iri, name if found is None else self._unnamed.pop(iri, None)

    def resolve_identified(self, name: str, aliases: list[str] | tuple[str, ...], identifiers: dict[str, str],
                           mint: Callable[[str, str], NamedNode]) -> tuple[NamedNode, str | None]:
        """Like :meth:`resolve` for an organisation with identifiers (``{"pic": "999978239"}``):
        a known identifier wins, then the name by exact, curated, variant or ASCII spelling unless
        that entity has a different identifier of the same kind, else ``mint(kind, value)`` with
        the strongest identifier."""
        found = next((self.identifiers[(k, v)] for k, v in identifiers.items() if (k, v) in self.identifiers), None)
        if found is None:
            keys = [k for k in (normalise(n) for n in (name, *aliases)) if k]
            candidate = self._lookup(keys, similar=False) or self._ascii_lookup(keys)
            if candidate is not None and not any(self._id_of.get((candidate, k), v) != v for k, v in identifiers.items()):
                found = candidate
        if found is None:
            kind = next(k for k in ID_STRENGTH if k in identifiers)
            iri = mint(kind, identifiers[kind])
            new_label = None if iri in self._iris else name
        else:
            iri, new_label = found, self._unnamed.pop(found, None)
        self.learn(iri, [name, *aliases])
        for kind, value in identifiers.items():
            self.identifiers.setdefault((kind, value), iri)
            self._id_of.setdefault((iri, kind), value)
        return iri, new_label

    def claim(self, iri: NamedNode, names: list[str]) -> str | None:
        """Record ``names`` for an entity whose IRI comes from a key (a table's project id); the
        preferred label to write when the entity is new to the graph, else None."""
        new = iri not in self._iris
        self._iris.add(iri)
        self.learn(iri, names)
        return names[0] if new and names else None

    def lookup(self, name: str, similar: bool = True) -> NamedNode | None:
        """The IRI of an already known name, without minting (``similar=False``: curated, exact
        and variant spellings only)."""
        return self._lookup([normalise(name)], similar=similar)

    def identify(self, kind: str, value: str, iri: NamedNode) -> NamedNode:
        """Record that ``iri`` has the identifier (``kind``, ``value``) unless another entity has
        it already; returns the entity that has it."""
        iri = self.identifiers.setdefault((kind, value), iri)
        self._id_of.setdefault((iri, kind), value)
        return iri

    def identifier(self, iri: NamedNode, kind: str) -> str | None:
        """The identifier of that kind known for ``iri``."""
        return self._id_of.get((iri, kind))

    def learn(self, iri: NamedNode, names: list[str]) -> None:
        for n in names:
            key = normalise(n)
            if key and key not in self.reference and key not in self.known:
                self.known[key] = iri
                self._index(key, iri)

    def apply_curation(self, curation: Curation, mint: Callable[[str], NamedNode] = ids.organisation) -> None:
        """Curated ``same`` groups resolve to one IRI (an existing one when a name is known, else
        minted from the first name); ``distinct`` groups are never merged by similarity."""
        for names in curation.same:
            iri = self._lookup([normalise(n) for n in names])
            if iri is None:
                iri = mint(names[0])
                self._unnamed[iri] = names[0]
            for n in names:
                self.forced[normalise(n)] = iri
            self.learn(iri, list(names))
        for group_number, names in enumerate(curation.distinct):
            for n in names:
                self.distinct[normalise(n)] = group_number

    def _index(self, key: str, iri: NamedNode) -> None:
        self._iris.add(iri)
        for variant in self.variants(key):
            self._variant_index.setdefault(variant, iri)
        for block in spelling_blocks(key):
            self._spelling_blocks.setdefault(block, []).append(key)
        if self._ascii_index is not None:
            self._index_ascii(key, iri)

    def _index_ascii(self, key: str, iri: NamedNode) -> None:
        for form in ascii_forms(key):
            if self._ascii_index.setdefault(form, iri) != iri:
                self._ascii_index[form] = None

    def _ascii_lookup(self, keys: list[str]) -> NamedNode | None:
        """An ASCII-only name against the ASCII spellings of known names, when unambiguous.

        The index is built on the first lookup, from every name indexed so far in the same order
        (reference, then known, which only grows): only table rows with identifiers need it, and
        at 10⁶ quads it costs a quarter of a second that a batch of text documents would waste."""
        if self._ascii_index is None:
            self._ascii_index = {}
            for key, iri in list(self.reference.items()) + list(self.known.items()):
                self._index_ascii(key, iri)
        for key in keys:
            if key.isascii():
                for variant in self.variants(key):
                    iri = self._ascii_index.get(variant)
                    if iri is not None:
                        return iri
        return None

    def _lookup(self, keys: list[str], similar: bool = True) -> NamedNode | None:
        for key in keys:
            if key in self.forced:
                return self.forced[key]
        for table in (self.reference, self.known):
            for key in keys:
                if key in table:
                    return table[key]
        for key in keys:
            for variant in self.variants(key):
                iri = self._variant_index.get(variant)
                if iri is not None and not self._kept_apart(key, iri):
                    return iri
        if not similar:
            return None
        for key in keys:
            if len(key) < 6:  # abbreviations match exactly or not at all
                continue
            candidates = {c for block in spelling_blocks(key) for c in self._spelling_blocks.get(block, ())}
            for table in (self.reference, self.known):
                hit = process.extractOne(key, [c for c in candidates if c in table], scorer=fuzz.ratio,
                                         score_cutoff=SIMILAR)
                if hit and _same_words_but_spelling(key, hit[0]) and not self._curated_apart(key, hit[0]):
                    return table[hit[0]]
        return None

    def _curated_apart(self, a: str, b: str) -> bool:
        group = self.distinct.get(a)
        return group is not None and group == self.distinct.get(b) and a != b

    def _kept_apart(self, key: str, iri: NamedNode) -> bool:
        """Whether a curated 'distinct' name of ``iri`` is in ``key``'s group."""
        if key not in self.distinct:
            return False
        return any(self._curated_apart(key, other) for other, target in self.known.items() if target == iri)


def spelling_blocks(key: str) -> list[tuple]:
    """The blocks in which near-equal spellings of ``key`` are filed, so similarity is computed
    against a handful of names instead of the whole graph (a scan took 9 ms per name at 10⁵ names).

    A near-equal name of several words has the same words but one (:func:`_same_words_but_spelling`),
    so it shares one of the blocks "all words but the i-th"; a one-word name is filed under its
    first and its last three letters (a misspelling rarely touches both ends).

    >>> spelling_blocks("linköpings universitet")
    [(2, 0, ('universitet',)), (2, 1, ('linköpings',))]
    >>> spelling_blocks("mittuniversitetet")
    [('^', 'mit'), ('$', 'tet')]
    """
    words = tuple(key.split())
    n = len(words)
    if n == 1:
        return [("^", key[:3]), ("$", key[-3:])]
    return [(n, i, words[:i] + words[i + 1:]) for i in range(n)]


def _same_words_but_spelling(a: str, b: str) -> bool:
    """Near-equal names must have the same number of words and differ only inside a word
    ("linköping universitet" ~ "linköpings universitet"), not by a whole distinct word."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    different = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(different) <= 1 and all(fuzz.ratio(x, y) >= 75 for x, y in different)


def known_labels(store: Store, classes: list[NamedNode]) -> dict[str, NamedNode]:
    """Every name (preferred and alternative labels, titles) of the graph's entities of the given
    classes; a name several entities share is the first's by IRI.

    The entities are made distinct before their labels are joined: the union of all graphs is a
    bag, and an actor typed and named in 3 000 documents would otherwise give 3 000² rows before
    DISTINCT (11 s at 10⁶ quads; 0.3 s this way). They are put in order here, not by the query:
    its ORDER BY doubled the time on disk (0.9 and 1.3 s against 0.4 and 0.5 s at 10⁶ quads). Only
    the order of the entities matters, and Oxigraph orders IRIs as Python orders their strings."""
    values = " ".join(str(c) for c in classes)
    result = store.query(
        f"SELECT DISTINCT ?e ?label WHERE {{ {{ SELECT DISTINCT ?e WHERE {{ VALUES ?class {{ {values} }} "
        f"?e {RDF.type} ?class }} }} ?e {SKOS.prefLabel}|{SKOS.altLabel}|{DCTERMS.title} ?label }}")
    out: dict[str, NamedNode] = {}
    for entity, label in sorted(result.rows, key=lambda row: row[0].value):
        out.setdefault(normalise(label.value), entity)
    return out


def known_identifiers(store: Store) -> dict[tuple[str, str], NamedNode]:
    """Every organisation number, PIC and VAT number in the graph → its entity."""
    kinds = {IKG.organisationNumber.value: "organisationNumber", IKG.pic.value: "pic", IKG.vatNumber.value: "vatNumber"}
    result = store.query(f"SELECT DISTINCT ?p ?v ?e WHERE {{ VALUES ?p {{ {' '.join(f'<{k}>' for k in kinds)} }} "
                         "?e ?p ?v } ORDER BY ?e")
    out: dict[tuple[str, str], NamedNode] = {}
    for p, value, entity in result.rows:
        out.setdefault((kinds[p.value], value.value), entity)
    return out


ACTOR_CLASSES = [IKG.Municipality, IKG.RegionalAuthority, IKG.University, IKG.Company, IKG.ScienceParkOrIncubator,
                 IKG.Cluster, IKG.GovernmentAgency, IKG.ResearchInstitute, IKG.Association, IKG.OtherOrganization,
                 IKG.Fund]
