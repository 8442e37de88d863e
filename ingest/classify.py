"""Classification of one document's projects and actors: S3 themes, support functions, locations.

Why at ingest, into the document's own graph: a classification is a claim made from one text, so
it is written with the document (same atomic Change, replaced with it) and carries its evidence:
an ``ikg:Classification`` node with the rule (``ikg:method``), the matched words
(``ikg:matchedWords``) and the document, beside the shortcut (``ikg:theme``,
``ikg:actorTheme``, ``ikg:supportFunction``, ``ikg:locatedIn``) that queries use.

Rules (docs/s3.md):

- **Projects** get themes and support functions from keywords (:mod:`ontology.s3`) in their title
  (weight 3), category and keyword lines ("Kategori: Hållbar produktion", weight 3), short heading
  lines ("Hållbara transporter", weight 2) and the text (weight 1): the text is the whole document
  when it names one project, else the sentences naming the project. A concept's score is the sum,
  over the distinct words that matched, of the highest weight each appeared with; a concept is
  assigned when it scores at least :data:`MIN_SCORE` and at least :data:`RELATIVE` of the best
  concept of its kind, so a logistics text that mentions energy twice stays logistics.
- **Actors** get support functions from their type (``ikg:typicalActorType``), their roles (a
  funder, or a co-financier of a type that usually funds, carries *funding*; owners, leaders and
  partners carry the functions of their project) and their name ("Dalarna Science Park"); themes
  from their name, and intermediaries (clusters, science parks, associations, other
  organisations) also from the sentences naming them, other organisations' names masked; and a
  location from a municipality, county or NUTS 2 name in their name ("Cleantech Östergötland").
- **Curation** (``[[theme]]``/``[[function]]``) adds and removes, and wins over every rule.

>>> text = "Projektet bygger ett logistikkluster för fossilfria godsflöden i regionen."
>>> found = score_concepts(load_s3().themes, [(text, 1)], "sv")
>>> {load_s3().concept(iri).notation: m.words for iri, m in found.items()}
{'cleantech': ('fossilfria',), 'logistics': ('logistikkluster', 'godsflöden')}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from ontology import ids
from ontology.reference import load_reference
from ontology.s3 import Concept, S3Vocabulary, load_s3
from ontology.terms import IKG, PROV, RDF, SKOS

from .curation import Curation, Override
from .resolve import ACTOR_CLASSES

MIN_SCORE = 3
"""Weighted matches a concept needs: one word in a title or category line, or three in the text."""
RELATIVE = 0.25
"""Share of the best concept's score (of the same kind) a concept needs as well."""

TITLE, CATEGORY, HEADING, TEXT = 3, 3, 2, 1
CATEGORY_LINE = re.compile(
    r"^\s*(?:kategori|kategorier|category|categories|tema|teman|theme|themes|insatsområde|styrkeområde|"
    r"område|nyckelord|sökord|ämnesord|keywords|tags|bransch|sektor|sector)\s*:\s*(?P<value>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE)
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
MAX_EVIDENCE_WORDS = 8

FUNDING_TYPES = frozenset({IKG.Fund.value, IKG.GovernmentAgency.value, IKG.RegionalAuthority.value,
                           IKG.Municipality.value})
"""Types whose co-financing counts as the funding function (a company's in-kind share does not)."""
INTERMEDIARY_TYPES = frozenset({IKG.Cluster.value, IKG.ScienceParkOrIncubator.value, IKG.Association.value,
                                IKG.OtherOrganization.value})
"""Actors whose descriptions give them themes: intermediaries work *in* themes; a municipality
or university mentioned in a sentence about logistics does not thereby specialise in it."""
PUBLIC_TYPES = frozenset({IKG.Municipality.value, IKG.RegionalAuthority.value, IKG.GovernmentAgency.value,
                          IKG.Fund.value})
"""Actors that get no theme from their name: "Region Gävleborg" is not a theme's actor."""
CARRIER_ROLES = frozenset({IKG.Owner.value, IKG.Leader.value, IKG.Partner.value, IKG.Member.value})
"""Roles whose actors carry the functions of their project."""
ACTOR_TYPES = frozenset(c.value for c in ACTOR_CLASSES)


# --------------------------------------------------------------------------------------- matching
def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _word_pattern(word: str) -> str:
    stem = word.strip("*")
    return (r"\w*" if word.startswith("*") else "") + re.escape(stem) + (r"\w*" if word.endswith("*") else "")


@cache
def _keyword_regex(pattern: str) -> re.Pattern:
    """A keyword as a regex over normalised text: words in order, separated by anything that is not
    a letter or digit ("life-science" matches "life science"), each word whole unless starred."""
    words = normalise(pattern).split()
    return re.compile(r"(?<!\w)" + r"\W+".join(_word_pattern(w) for w in words) + r"(?!\w)")


@cache
def _keyword_stem(pattern: str) -> str:
    """The longest literal word of a keyword: every match of its regex contains it."""
    return max((w.strip("*") for w in normalise(pattern).split()), key=len, default="")


@cache
def _applicable(keywords: tuple[tuple[str, str], ...], english: bool) -> tuple[tuple[str, re.Pattern], ...]:
    """The stem and regex of each keyword that applies to a text (Swedish ones not to English
    texts), in order: looked up once per concept rather than per keyword and field."""
    return tuple((_keyword_stem(pattern), _keyword_regex(pattern)) for kw_lang, pattern in keywords
                 if not (kw_lang == "sv" and english))


_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class Match:
    score: float
    words: tuple[str, ...]
    """The matched words, strongest field first, then in order of appearance."""


def score_concepts(concepts: Iterable[Concept], fields: list[tuple[str, int]], lang: str) -> dict[str, Match]:
    """Every concept with at least one keyword in ``fields`` ((text, weight) pairs): its score (each
    distinct matched word counted once, at the highest weight it appeared with) and its words.
    Swedish keywords apply to texts not in English; English keywords to every text."""
    found: dict[str, Match] = {}
    normalised = [(normalise(text), weight) for text, weight in fields if text]
    for concept in concepts:
        keywords = _applicable(concept.keywords, lang == "en")
        best: dict[str, tuple[int, int]] = {}  # word → (weight, order of first appearance)
        order = 0
        for text, weight in normalised:
            # a regex whose stem is not in the text cannot match: skip it (2·10⁶ regex scans per 300 documents)
            for regex in [regex for stem, regex in keywords if stem in text]:
                for m in regex.finditer(text):
                    word = _NON_WORD.sub(" ", m.group())
                    order += 1
                    if word not in best or best[word][0] < weight:
                        best[word] = (weight, best.get(word, (0, order))[1])
        if best:
            ranked = sorted(best, key=lambda w: (-best[w][0], best[w][1]))
            found[concept.iri] = Match(sum(w for w, _ in best.values()), tuple(ranked))
    return found


def assigned(matches: dict[str, Match]) -> dict[str, Match]:
    """The matches that are strong enough (:data:`MIN_SCORE`, :data:`RELATIVE` of the best)."""
    if not matches:
        return {}
    top = max(m.score for m in matches.values())
    return {iri: m for iri, m in matches.items() if m.score >= MIN_SCORE and m.score >= RELATIVE * top}


# --------------------------------------------------------------------------------------- text fields
def category_lines(text: str) -> list[str]:
    """The values of category and keyword lines ("Kategori: Hållbar produktion")."""
    return [m["value"] for m in CATEGORY_LINE.finditer(text)]


def heading_lines(text: str) -> list[str]:
    """Short lines without a sentence's end: headings and category labels ("Hållbara transporter")."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and len(line.split()) <= 6 and line[-1] not in ".!?:,;"
            and not CATEGORY_LINE.match(line) and any(c.isalpha() for c in line)]


def sentences_naming(text: str, names: Iterable[str]) -> list[str]:
    """The sentences of ``text`` that contain one of ``names`` (case-insensitive)."""
    keys = [normalise(n) for n in names if len(n) >= 3]
    return [s.strip() for s in SENTENCE.findall(text) if any(k in normalise(s) for k in keys)]


def mask(text: str, names: Iterable[str]) -> str:
    """``text`` with every one of ``names`` removed (longest first), so an organisation's name does
    not count as a description of another one ("… i samarbete med Cleantech Östergötland")."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = _literal(name).sub(" ", text)
    return text


@lru_cache(maxsize=4096)
def _literal(name: str) -> re.Pattern:
    """A name as a case-insensitive regex, compiled once: the same organisations recur across
    documents, and compiled on each call they flushed re's own cache of 512 patterns."""
    return re.compile(re.escape(name), re.IGNORECASE)


# --------------------------------------------------------------------------------------- the document
@dataclass
class Entity:
    iri: NamedNode
    names: list[str]
    types: set[str]


@dataclass(frozen=True)
class Role:
    actor: NamedNode
    project: NamedNode
    role: str


@dataclass
class DocumentView:
    """What a document's quads say that classification needs: projects, actors, roles, locations."""

    projects: dict[NamedNode, Entity]
    actors: dict[NamedNode, Entity]
    roles: list[Role]
    located: set[NamedNode]

    @classmethod
    def of(cls, quads: list[Quad], doc: NamedNode) -> DocumentView:
        entities: dict[NamedNode, Entity] = {}
        nodes: dict[NamedNode, dict[str, NamedNode]] = {}
        located = set()
        for q in quads:
            if q.graph_name != doc:
                continue
            if q.predicate == RDF.type:
                entities.setdefault(q.subject, Entity(q.subject, [], set())).types.add(q.object.value)
            elif q.predicate == SKOS.altLabel and q.object.value not in _names(entities, q.subject):
                entities.setdefault(q.subject, Entity(q.subject, [], set())).names.append(q.object.value)
            elif q.predicate in (IKG.actor, IKG.project, IKG.role):
                nodes.setdefault(q.subject, {})[q.predicate.value] = q.object
            elif q.predicate == IKG.locatedIn:
                located.add(q.subject)
        projects = {i: e for i, e in entities.items() if IKG.Project.value in e.types and e.names}
        actors = {i: e for i, e in entities.items() if e.types & ACTOR_TYPES and e.names}
        roles = [Role(n[IKG.actor.value], n[IKG.project.value], n[IKG.role.value].value) for n in nodes.values()
                 if {IKG.actor.value, IKG.project.value, IKG.role.value} <= n.keys() and n[IKG.project.value] in projects]
        return cls(projects, actors, roles, located)


def _names(entities: dict[NamedNode, Entity], iri: NamedNode) -> list[str]:
    return entities[iri].names if iri in entities else []


@dataclass(frozen=True)
class Claim:
    """One classification: ``subject`` has ``concept`` by ``method``, with ``words`` as evidence."""

    subject: NamedNode
    concept: NamedNode
    shortcut: NamedNode
    method: str
    words: str
    project: NamedNode | None = None


Scores = dict[tuple[str, tuple[tuple[str, int], ...], str], dict[str, Match]]
""":func:`score_concepts` results by (``themes`` or ``functions``, fields, language)."""


class Classifier:
    """Classifies the projects and actors of one document (see the module docstring).

    ``scores`` may hold the concept scores computed ahead (:func:`scores_ahead`); the others are
    computed here and added to it."""

    def __init__(self, text: str, lang: str, view: DocumentView, vocab: S3Vocabulary,
                 scores: Scores | None = None):
        self.text, self.lang, self.view, self.vocab = text, lang, view, vocab
        self.scores: Scores = {} if scores is None else scores

    def _score(self, kind: str, fields: list[tuple[str, int]]) -> dict[str, Match]:
        """:func:`score_concepts` over the vocabulary's ``themes`` or ``functions``, unless known."""
        key = (kind, tuple(fields), self.lang)
        if key not in self.scores:
            self.scores[key] = score_concepts(getattr(self.vocab, kind), fields, self.lang)
        return self.scores[key]

    def claims(self) -> list[Claim]:
        claims: list[Claim] = []
        project_functions: dict[NamedNode, dict[str, Match]] = {}
        for project in self.view.projects.values():
            fields = self._project_fields(project)
            for iri, m in assigned(self._score("themes", fields)).items():
                claims.append(Claim(project.iri, NamedNode(iri), IKG.theme, "keywords", _evidence(m)))
            project_functions[project.iri] = assigned(self._score("functions", fields))
            for iri, m in project_functions[project.iri].items():
                claims.append(Claim(project.iri, NamedNode(iri), IKG.supportFunction, "keywords", _evidence(m)))
        for actor in self.view.actors.values():
            claims += self._actor_claims(actor)
        claims += self._role_claims(project_functions)
        return claims

    def _project_fields(self, project: Entity) -> list[tuple[str, int]]:
        fields = [(name, TITLE) for name in project.names]
        if len(self.view.projects) == 1:
            fields += [(line, CATEGORY) for line in category_lines(self.text)]
            fields += [(line, HEADING) for line in heading_lines(self.text)]
            fields.append((self.text, TEXT))
        else:
            fields += [(s, TEXT) for s in sentences_naming(self.text, project.names)]
        return fields

    def _actor_claims(self, actor: Entity) -> list[Claim]:
        claims = []
        for f in self.vocab.functions:
            matched = sorted(t.rsplit("#", 1)[-1] for t in actor.types & set(f.actor_types))
            if matched:
                claims.append(Claim(actor.iri, NamedNode(f.iri), IKG.supportFunction, "actor type", ", ".join(matched)))
        name_fields = [(name, TITLE) for name in actor.names]
        by_type = {c.concept.value for c in claims}
        for iri, m in assigned(self._score("functions", name_fields)).items():
            if iri not in by_type:
                claims.append(Claim(actor.iri, NamedNode(iri), IKG.supportFunction, "name", _evidence(m)))
        if not actor.types & PUBLIC_TYPES:
            fields = list(name_fields)
            if actor.types & INTERMEDIARY_TYPES:
                others = [n for a in self.view.actors.values() for n in a.names] + actor.names
                fields += [(mask(s, others), TEXT) for s in sentences_naming(self.text, actor.names)]
            names = {normalise(n) for n in actor.names}
            for iri, m in assigned(self._score("themes", fields)).items():
                in_name = any(w in n for w in m.words for n in names)
                claims.append(Claim(actor.iri, NamedNode(iri), IKG.actorTheme, "name" if in_name else "description",
                                    _evidence(m)))
        if actor.iri not in self.view.located and not actor.types & PUBLIC_TYPES:
            claims += [Claim(actor.iri, area, IKG.locatedIn, "name", words) for area, words in places_in(actor.names)]
        return claims

    def _role_claims(self, project_functions: dict[NamedNode, dict[str, Match]]) -> list[Claim]:
        funding = NamedNode(self.vocab.function("funding").iri)
        claims = []
        for r in self.view.roles:
            actor, project = self.view.actors.get(r.actor), self.view.projects[r.project]
            if actor is None:
                continue
            title = project.names[0]
            if r.role == IKG.Funder.value or (r.role == IKG.CoFinancier.value and actor.types & FUNDING_TYPES):
                label = "funder" if r.role == IKG.Funder.value else "co-financier"
                claims.append(Claim(r.actor, funding, IKG.supportFunction, "role", f"{label} of {title}", r.project))
            if r.role in CARRIER_ROLES:
                role = r.role.rsplit("#", 1)[-1].lower()
                for iri, m in project_functions.get(r.project, {}).items():
                    claims.append(Claim(r.actor, NamedNode(iri), IKG.supportFunction, "project",
                                        f"{role} of {title} ({_evidence(m)})", r.project))
        return claims


def _evidence(m: Match) -> str:
    return ", ".join(m.words[:MAX_EVIDENCE_WORDS])


# --------------------------------------------------------------------------------------- places in names
@cache
def _place_names() -> dict[str, NamedNode]:
    """Municipality, county and NUTS 2 names (casefolded) → area; Sweden is too broad to locate."""
    return {k: v for k, v in load_reference().area_labels().items() if v != ids.SWEDEN}


def places_in(names: Iterable[str]) -> list[tuple[NamedNode, str]]:
    """Areas named inside organisation names, with the words: "Linköpings Science Park" → Linköping.
    A place is a capitalised word or two (genitive -s allowed) of at least four letters; when one
    found area lies inside another, the smaller is kept.

    >>> [w for _, w in places_in(["Cleantech Östergötland", "Paper Province"])]
    ['Östergötland']
    """
    found: dict[NamedNode, str] = {}
    for name in names:
        words = re.findall(r"\w+", name)
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i:i + size])
                if not phrase[0].isupper() or len(phrase) < 4:
                    continue
                key = phrase.casefold()
                area = _place_names().get(key) or (_place_names().get(key[:-1]) if key.endswith("s") else None)
                if area is not None:
                    found.setdefault(area, phrase)
    return [(a, w) for a, w in found.items() if not any(_inside(b, a) for b in found if b != a)]


def _inside(small: NamedNode, big: NamedNode) -> bool:
    """True when area ``small`` lies inside area ``big`` (kommun → län → NUTS 2)."""
    ref = load_reference()
    code = small.value.rsplit("/", 1)[-1]
    if small == ids.municipality_area(code) and code in ref.municipality:
        m = ref.municipality[code]
        return big in (ids.county_area(m.lan_code), ids.nuts_area(m.nuts2_code))
    if small == ids.county_area(code) and code in ref.county:
        return big == ids.nuts_area(ref.county[code].nuts2_code)
    return False


# --------------------------------------------------------------------------------------- curation
def apply_curation(claims: list[Claim], view: DocumentView, curation: Curation, lookup) -> list[Claim]:
    """Remove and add what the curation file says about this document's projects and actors.
    ``lookup(name)`` gives the IRI a curated name resolves to (None when unknown)."""
    vocab = load_s3()
    entities = {**view.projects, **view.actors}
    for overrides, concepts, kind in ((curation.themes, vocab.theme, "theme"),
                                      (curation.functions, vocab.function, "function")):
        for o in overrides:
            iri = _curated_entity(o, entities, lookup)
            if iri is None:
                continue
            removed = {concepts(n).iri for n in o.remove}
            claims = [c for c in claims if not (c.subject == iri and c.concept.value in removed)]
            shortcut = IKG.supportFunction if kind == "function" else (
                IKG.theme if iri in view.projects else IKG.actorTheme)
            claims += [Claim(iri, NamedNode(concepts(n).iri), shortcut, "curation", f"curation file: {o.name}")
                       for n in o.add]
    return claims


def _curated_entity(o: Override, entities: dict[NamedNode, Entity], lookup) -> NamedNode | None:
    key = normalise(o.name)
    for iri, e in entities.items():
        if any(normalise(n) == key for n in e.names):
            return iri
    found = lookup(o.name)
    return found if found in entities else None


# --------------------------------------------------------------------------------------- quads
def classification_iri(doc: NamedNode, claim: Claim) -> NamedNode:
    key = f"{doc.value} {claim.subject.value} {claim.concept.value} {claim.method} {claim.project.value if claim.project else ''}"
    return NamedNode(f"{ids.BASE}classification/{ids.digest(key)}")


def claim_quads(claims: list[Claim], doc: NamedNode) -> list[Quad]:
    """Each claim as its shortcut and an ``ikg:Classification`` node, in the document's graph."""
    out = []
    for c in claims:
        node = classification_iri(doc, c)
        out += [Quad(c.subject, c.shortcut, c.concept, doc),
                Quad(node, RDF.type, IKG.Classification, doc),
                Quad(node, IKG.classifies, c.subject, doc),
                Quad(node, IKG.assigned, c.concept, doc),
                Quad(node, IKG.method, Literal(c.method), doc),
                Quad(node, IKG.matchedWords, Literal(c.words), doc),
                Quad(node, PROV.wasDerivedFrom, doc, doc)]
        if c.project is not None:
            out.append(Quad(node, IKG.inProject, c.project, doc))
    return list(dict.fromkeys(out))


def classification_quads(text: str, lang: str, quads: list[Quad], doc: NamedNode,
                         curation: Curation | None = None, lookup=lambda name: None,
                         scores: Scores | None = None) -> list[Quad]:
    """The classification of the projects and actors that ``quads`` (one document's graph) describe,
    from the document's ``text``, as quads for the same graph; ``scores`` from :func:`scores_ahead`."""
    view = DocumentView.of(quads, doc)
    claims = Classifier(text, lang, view, load_s3(), scores).claims()
    if curation is not None:
        claims = apply_curation(claims, view, curation, lookup)
    return claim_quads(claims, doc)


def scores_ahead(text: str, lang: str, quads: list[Quad], doc: NamedNode) -> Scores:
    """The concept scores that classifying a document asks for, computed before its names are
    resolved (by a worker, from quads written with fresh resolvers; scoring is most of the
    classification's time). A score depends only on the fields it scores, so each holds for
    the resolved quads wherever their fields are the same, and the others are computed then."""
    classifier = Classifier(text, lang, DocumentView.of(quads, doc), load_s3())
    classifier.claims()
    return classifier.scores
