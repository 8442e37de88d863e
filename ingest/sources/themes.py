"""S3 classification of imported projects: themes and support functions, with their evidence.

Why here and per project: a text document is classified as a whole after its quads are made
(:func:`ingest.classify.classification_quads`); a table streams, so each project is classified
once, when the table first describes it, from what the table says about it — its titles (weight
3, as a title in a text), its categories (SweCRIS' SCB subject classes, weight 3, as a
``Kategori:`` line) and its description (SweCRIS abstracts, CORDIS objectives, a mapped
``description`` column; weight 1, as a text naming one project). The rules, thresholds, evidence
nodes (``ikg:Classification`` with ``ikg:method "keywords"`` and ``ikg:matchedWords``) and
curation overrides are those of text documents (docs/s3.md); the claims go into the table's
version graph with the rest of the file.

A project a table names by its acronym only (CORDIS ``organization.csv``) is not classified: an
acronym is not a title (``project.csv`` gives the title and the objective). Actors of tables are
not classified by their role in each row (one claim per row would double
a large import); their functions follow from their projects' (actor → project → function).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pyoxigraph import NamedNode, Quad

from ontology.s3 import Concept, load_s3
from ontology.terms import IKG

from ..classify import CATEGORY, TEXT, TITLE, Claim, DocumentView, Entity, apply_curation, assigned, claim_quads, \
    normalise, score_concepts
from ..curation import Curation

MAX_EVIDENCE_WORDS = 8


class ProjectClassifier:
    """Classifies each project of one table as the table describes it (a :class:`TableWriter` hook)."""

    def __init__(self, doc: NamedNode, curation: Curation | None = None, lookup=lambda name: None):
        self.doc, self.curation, self.lookup = doc, curation, lookup
        self.vocab = load_s3()
        self.curated = bool(curation and (curation.themes or curation.functions))
        self.kinds = [(_Index(self.vocab.themes), IKG.theme), (_Index(self.vocab.functions), IKG.supportFunction)]

    def __call__(self, iri: NamedNode, names: list[str], project: dict, lang: str) -> list[Quad]:
        if project.get("acronym_only"):
            return []  # CORDIS organization.csv names projects by acronym only; project.csv brings titles and objectives
        # titles and categories weigh the same: one field (one scan per keyword instead of one per name)
        fields = [("\n".join([*names, *(project.get("categories") or ())]), max(TITLE, CATEGORY))]
        if project.get("description"):
            fields.append((project["description"], TEXT))
        text = _Text("\n".join(normalise(t) for t, _ in fields))
        claims = [Claim(iri, NamedNode(concept), shortcut, "keywords", ", ".join(m.words[:MAX_EVIDENCE_WORDS]))
                  for index, shortcut in self.kinds
                  for concept, m in assigned(score_concepts(index.candidates(text), fields, lang)).items()]
        if self.curated:
            view = DocumentView({iri: Entity(iri, list(names), {IKG.Project.value})}, {}, [], set())
            claims = apply_curation(claims, view, self.curation, self.lookup)
        return claim_quads(claims, self.doc) if claims else []


WORD = re.compile(r"\w+")
MIN_PREFIX = 3


@dataclass(frozen=True)
class _Keyword:
    """A keyword and the test that a text may contain it: its longest word (every match contains
    it) is a token of the text (``plain``), the start of one (``prefix``: ``kluster*``), or somewhere
    in the text (``inside``: ``*kluster*``, ``*kluster``, words with punctuation)."""

    entry: tuple[str, str]  # (language, pattern), as in Concept.keywords
    stem: str
    test: str

    @classmethod
    def of(cls, entry: tuple[str, str]) -> _Keyword:
        words = normalise(entry[1]).split()
        word = max(words, key=lambda w: len(w.strip("*")), default="")
        stem = word.strip("*")
        plain_word = WORD.fullmatch(stem) is not None
        test = ("plain" if "*" not in word else "prefix" if word == stem + "*" else "inside") if plain_word else "inside"
        return cls(entry, stem, test)


class _Index:
    """The keywords of some concepts by their longest word and its test, to find in a few set
    operations which keywords a text may contain."""

    def __init__(self, concepts):
        self.concepts = list(concepts)
        self.by_test: dict[str, dict[str, list[tuple[int, tuple[str, str]]]]] = {"plain": {}, "prefix": {}, "inside": {}}
        for i, concept in enumerate(self.concepts):
            for entry in concept.keywords:
                k = _Keyword.of(entry)
                test = "inside" if k.test == "prefix" and len(k.stem) < MIN_PREFIX else k.test
                self.by_test[test].setdefault(k.stem, []).append((i, entry))
        self.plain, self.prefix = frozenset(self.by_test["plain"]), frozenset(self.by_test["prefix"])

    def candidates(self, text: _Text) -> list[Concept]:
        """The concepts that may match ``text``, each with only the keywords that may (in their
        order): :func:`ingest.classify.score_concepts` gives the same result on them, several times
        faster (set intersections instead of a scan of every field for every keyword)."""
        hits = [self.by_test["plain"][s] for s in self.plain & text.tokens]
        hits += [self.by_test["prefix"][s] for s in self.prefix & text.prefixes()]
        hits += [found for s, found in self.by_test["inside"].items() if s in text.text]
        kept: dict[int, set[tuple[str, str]]] = {}
        for found in hits:
            for i, entry in found:
                kept.setdefault(i, set()).add(entry)
        return [replace(self.concepts[i], keywords=tuple(e for e in self.concepts[i].keywords if e in kept[i]))
                for i in sorted(kept)]


class _Text:
    """A normalised text with its words, and the beginnings of its words when first needed."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = set(WORD.findall(text))
        self._prefixes: set[str] | None = None

    def prefixes(self) -> set[str]:
        if self._prefixes is None:
            self._prefixes = {t[:i] for t in self.tokens for i in range(MIN_PREFIX, len(t) + 1)}
        return self._prefixes
