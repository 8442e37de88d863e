"""Entities of one document with alias merging, so that one real entity is output once.

Forms of one entity are merged when they normalise equally, differ by a genitive -s, a legal
form ("Fjällby Science Park" / "Fjällby Science Park AB"), a preposition ("Strukturfonds-
partnerskapet för Mellersta Norrland" / "… Mellersta Norrland"), point at the same fund row,
or when one is the acronym of the other ("BTH" / "Blekinge Tekniska Högskola", "Region JH" /
"Region Jämtland Härjedalen", or a university acronym of the gazetteer: "LiU" / "Linköpings
universitet"). The fullest form becomes the name, the others aliases.

>>> r = Registry("sv")
>>> _ = r.actor("Linköpings universitet", "University"); _ = r.actor("LiU", None, alias_of="Linköpings universitet")
>>> _ = r.actor("Fjällby Science Park", None); _ = r.actor("Fjällby Science Park AB", "ScienceParkOrIncubator")
>>> [(a.name, sorted(a.aliases), a.type) for a in r.actors]
[('Linköpings universitet', ['LiU'], 'University'), ('Fjällby Science Park AB', ['Fjällby Science Park'], 'ScienceParkOrIncubator')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from .gazetteer import FundEntry, university_acronyms

_LEGAL = re.compile(r"\s+(?:AB|HB|KB|Ltd|Inc|Oy|AS|ek\.?\s*för\.?|\(publ\))$")
_CANONICAL_FUNDS = {"eruf", "esf", "esf_plus"}


@lru_cache(maxsize=16384)
def norm(name: str) -> str:
    """Comparison key of a name (case, punctuation and dashes ignored), as the scorer does.
    Cached, as :func:`_variants`: the rules compare each form of a document's entities with
    every other many times (50 000 calls for 300 documents)."""
    s = unicodedata.normalize("NFKC", name or "").casefold()
    s = re.sub(r"[\u2010-\u2015\-–—/]", " ", s)
    s = re.sub(r"[^\w&\s]", "", s)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=16384)
def _variants(name: str) -> frozenset[str]:
    """Keys under which a name is also known (genitive, legal form and prepositions stripped)."""
    n = norm(name)
    out = {n}
    if n.endswith("s") and len(n) > 4:
        out.add(n[:-1])
    out.add(norm(_LEGAL.sub("", name)))
    out.add(re.sub(r"\s(?:för|i|in|of)\s", " ", n))
    out.update(norm(full) for full in university_acronyms().get(name.strip(), ()))
    return frozenset(v for v in out if v)


def _fold(name: str) -> str:
    """A name's comparison key without accents ("Linné" → "linne")."""
    return "".join(c for c in unicodedata.normalize("NFKD", norm(name)) if not unicodedata.combining(c))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\wÅÄÖåäö]+", name) if w[0].isupper() or w.isdigit()).casefold()


@dataclass
class Entity:
    name: str
    type: str | None
    aliases: set[str] = field(default_factory=set)
    evidence: str | None = None
    title: str | None = None
    fund: FundEntry | None = None

    def forms(self) -> set[str]:
        return {self.name, *self.aliases}

    def keys(self) -> set[str]:
        return set().union(*(_variants(f) for f in self.forms()))


@dataclass
class Project:
    name: str
    aliases: set[str] = field(default_factory=set)
    start: str | None = None
    end: str | None = None
    budget_sek: int | None = None
    region: str | None = None
    case_id: str | None = None

    def keys(self) -> set[str]:
        return set().union(*(_variants(f) for f in {self.name, *self.aliases}))

    def as_dict(self) -> dict:
        return {"name": self.name, "aliases": sorted(self.aliases - {self.name}), "start": self.start, "end": self.end,
                "budget_sek": self.budget_sek, "region": self.region, "case_id": self.case_id}


class Registry:
    """Actors and projects of one document, looked up by any of their forms."""

    def __init__(self, lang: str):
        self.lang = lang
        self.actors: list[Entity] = []
        self.projects: list[Project] = []

    # -- actors -------------------------------------------------------------------------------
    def find(self, name: str) -> Entity | None:
        keys = _variants(name)
        for a in self.actors:
            if keys & a.keys():
                return a
        n = norm(name)
        if " " not in n and len(n) > 6:
            longer = [a for a in self.actors if any(norm(f).startswith(n + " ") for f in a.forms())]
            if len(longer) == 1:
                return longer[0]
        short = self._company_short_form(name)
        if short is not None:
            return short
        variant = self._spelling_variant(name)
        if variant is not None:
            return variant
        for a in self.actors:
            if " " not in name and name.isupper() and len(name) >= 2 and any(_initials(f) == n for f in a.forms()):
                return a
            first, _, rest = name.partition(" ")
            if rest.isupper() and 2 <= len(rest) <= 4 and any(
                    f.startswith(first + " ") and _initials(f.partition(" ")[2]) == rest.casefold() for f in a.forms()):
                return a
        return None

    def _company_short_form(self, name: str) -> Entity | None:
        """The one entity of which ``name`` is the short or the registered form of a company: a text names
        "Fjällby Trä Utveckling AB" once and "Fjällby Trä" after it (or before it)."""
        n = norm(name)
        if _LEGAL.search(name):
            hits = [a for a in self.actors if a.type in (None, "Company") and any(
                " " in norm(f) and n.startswith(norm(f) + " ") for f in a.forms())]
        elif " " in n:
            hits = [a for a in self.actors if any(_LEGAL.search(f) and norm(f).startswith(n + " ") for f in a.forms())]
        else:
            return None
        return hits[0] if len(hits) == 1 else None

    def _spelling_variant(self, name: str) -> Entity | None:
        """The entity a long one-word name is a spelling variant of ("Linneuniversitetet", a typo, a definite
        form): one-word names of ten letters or more that nearly agree without accents are one organisation."""
        key = _fold(name)
        if " " in key or len(key) < 10:
            return None
        for a in self.actors:
            if any(" " not in _fold(f) and SequenceMatcher(None, key, _fold(f)).ratio() >= 0.9 for f in a.forms()):
                return a
        return None

    def find_fund(self, entry: FundEntry) -> Entity | None:
        for a in self.actors:
            if a.fund is not None and a.fund.id == entry.id:
                return a
        return None

    def actor(self, name: str, type_: str | None, evidence: str | None = None, fund: FundEntry | None = None,
              alias_of: str | None = None, aliases: tuple[str, ...] | list[str] = ()) -> Entity:
        """The entity named ``name`` (created or merged); ``alias_of`` forces a merge with a known one."""
        name = re.sub(r"\s+", " ", name).strip()
        existing = (self.find(alias_of) if alias_of else None) or (self.find_fund(fund) if fund else None) \
            or self.find(name)
        if existing is None:
            for alias in aliases:
                existing = existing or self.find(alias)
        if existing is None:
            existing = Entity(name, type_, evidence=evidence, fund=fund)
            self.actors.append(existing)
        else:
            existing.aliases.add(name)
            if existing.type is None or (type_ and existing.type == "Other"):
                existing.type = type_
            existing.fund = existing.fund or fund
            existing.evidence = existing.evidence or evidence
        existing.aliases.update(aliases)
        self._rename(existing)
        return existing

    def _rename(self, e: Entity) -> None:
        forms = e.forms()
        if e.fund is not None and e.fund.id in _CANONICAL_FUNDS:
            best = e.fund.label_en if self.lang == "en" else e.fund.label_sv
        else:
            best = max(forms, key=lambda f: (not f.isupper() or len(f) > 6, f[:1].isupper(), len(f) - 2 * f.endswith("s")
                                             * (f[:-1] in forms), -f.count("\n")))
        e.aliases = {f for f in forms if f != best}
        e.name = best

    def remove(self, entity: Entity) -> None:
        self.actors = [a for a in self.actors if a is not entity]

    # -- projects -----------------------------------------------------------------------------
    def find_project(self, name: str) -> Project | None:
        keys = _variants(name)
        for p in self.projects:
            if keys & p.keys():
                return p
        return None

    def project(self, name: str, aliases: tuple[str, ...] | list[str] = ()) -> Project:
        name = re.sub(r"\s+", " ", name).strip(" \"”“'.,:;")
        existing = self.find_project(name)
        for alias in aliases:
            existing = existing or self.find_project(alias)
        if existing is None:
            existing = Project(name)
            self.projects.append(existing)
        elif len(name) > len(existing.name):
            existing.aliases.add(existing.name)
            existing.name = name
        elif name != existing.name:
            existing.aliases.add(name)
        existing.aliases.update(a for a in aliases if a != existing.name)
        return existing
