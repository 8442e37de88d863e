"""Organisation type from the name's own words (org_type_cues.csv), with gazetteer checks.

The CSV rows are tried in a fixed order of precedence, not file order, because names often
carry two cues: "Fjällby Science Park AB" is a science park before it is a company,
"Stiftelsen Norrskens Science Park" a science park before a foundation, "Lantmännen ekonomisk
förening" a company before an association, "universitetssjukhus" a region before a university.

>>> org_type("Linköpings universitet"), org_type("Norrköpings Science Park AB"), org_type("Tillväxtverket")
('University', 'ScienceParkOrIncubator', 'GovernmentAgency')
>>> org_type("Region Östergötland"), org_type("Västra Götalandsregionen"), org_type("Hylte kommun")
('Region', 'Region', 'Municipality')
>>> org_type("Västerbergs folkhögskola"), org_type("Saab AB"), org_type("Okänd aktör") is None
('Association', 'Company', True)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ontology import REFERENCE_DIR

from .gazetteer import agencies, gazetteer, university_acronyms

# Precedence of types when several cues match (exception rows are handled first, see _EXCEPTIONS).
_TYPE_ORDER = ["Region", "Municipality", "ScienceParkOrIncubator", "University", "ResearchInstitute",
               "Cluster", "GovernmentAgency", "Company", "Association"]
# Exception rows of the CSV (per its README) win over every generic rule.
_EXCEPTIONS = {"Karolinska Institutet", "universitetssjukhus", "folkhögskola", "ekonomisk förening", "ek. för.",
               "kommunalförbund", "Statens"}
# Word endings that look like a cue but are not the organisation type.
_FALSE_SUFFIXES = ("yrkeshögskola", "yrkeshögskolan", "styrelsen", "rådet", "nätverk", "nätverket", "nätverken",
                   "hantverk", "hantverket", "regionen", "regionens")
_INFLECTIONS = ("", "n", "en", "et", "s", "ns", "ens", "ets", "a", "na", "ar", "er", "r", "t")
# Nationwide company groups whose regional companies carry the group's name first ("Almi Företagspartner X AB",
# "IUC X"): the word types the name and the name runs on to the right.
GROUP_PREFIXES = {"Almi", "ALMI", "IUC"}
# Cues the CSV lacks, in its format; kept here so that the CSV stays the shared reference.
_EXTRA_CUES = [("Science City", "phrase", "ScienceParkOrIncubator"), ("byrån", "suffix", "GovernmentAgency"),
               ("municipality|Municipality", "final_token", "Municipality"), ("Kommun", "final_token", "Municipality"),
               ("institute|Institute", "final_token", "ResearchInstitute"), ("Foundation", "token", "Association"),
               ("Association", "token", "Association"), ("Agency", "token", "GovernmentAgency"),
               # municipal business-development companies ("X Business Region", "Business Region X")
               ("Business Region", "phrase", "Company"),
               ("|".join(sorted(GROUP_PREFIXES)), "prefix_token", "Company")]
# Geographic words that make "X Region" an area, not an organisation's brand ("Baltic Sea Region").
_AREA_WORDS = {"Baltic", "Barents", "Nordic", "Arctic", "Öresund", "Sea", "Bothnian", "Kvarken", "Atlantic",
               "Mälardalen", "Europe", "European"}
_TOKEN = re.compile(r"[\wÅÄÖåäöé&()./:-]+")


@dataclass(frozen=True)
class Cue:
    pattern: str
    match_type: str
    type: str

    def matches(self, name: str, tokens: list[str]) -> bool:
        for alt in self.pattern.split("|"):
            if self.match_type == "phrase":
                if _phrase(alt).search(name):
                    return True
            elif self.match_type == "token":
                if any(t == alt or (alt[0].islower() and t.casefold() == alt) for t in tokens):
                    return True
            elif self.match_type == "final_token":
                if tokens and tokens[-1] == alt:
                    return True
            elif self.match_type == "prefix_token":
                if tokens and tokens[0] == alt:
                    return True
        return False


@lru_cache(maxsize=None)
def _phrase(alt: str) -> re.Pattern:
    """A phrase cue as a whole-word, case-insensitive regex, compiled once (there are a few hundred)."""
    return re.compile(rf"(?<!\w){re.escape(alt)}(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def cues() -> tuple[list[Cue], list[Cue]]:
    """(exception cues, ordinary cues in precedence order)."""
    with open(REFERENCE_DIR / "org_type_cues.csv", encoding="utf-8", newline="") as f:
        rows = [Cue(r["pattern"], r["match_type"], r["type"]) for r in csv.DictReader(f)]
    rows += [Cue(*extra) for extra in _EXTRA_CUES]
    exceptions = [c for c in rows if c.pattern in _EXCEPTIONS]
    ordinary = sorted((c for c in rows if c.pattern not in _EXCEPTIONS), key=lambda c: _TYPE_ORDER.index(c.type))
    return exceptions, ordinary


def _suffix_hit(token: str, stem: str) -> bool:
    """``token`` ends with ``stem`` or an inflected form of it (-en, -et, -n, -s, -ets …)."""
    low = token.casefold()
    stems = [stem, stem[:-2] + "r"] if stem.endswith("er") else [stem]
    for s in stems:
        i = low.rfind(s)
        if i >= 0 and low[i + len(s):] in _INFLECTIONS:
            return True
    return False


@lru_cache(maxsize=8192)
def org_type(name: str) -> str | None:
    """The type an organisation name announces, or None when it announces none."""
    g = gazetteer()
    if name in g.municipality_forms:
        return "Municipality"
    if name in g.regional_authorities:
        return "Region"
    if name in g.county_boards or name.startswith("Länsstyrelsen"):
        return "GovernmentAgency"
    if name in agencies():
        return "GovernmentAgency"
    if name in university_acronyms():
        return "University"
    tokens = _TOKEN.findall(name)
    if not tokens:
        return None
    exceptions, ordinary = cues()
    for cue in exceptions + ordinary:
        if cue.match_type == "suffix":
            if any(_suffix_hit(t, alt.casefold()) and t.casefold() not in _FALSE_SUFFIXES
                   for alt in cue.pattern.split("|") for t in tokens):
                if cue.pattern == "institut" and "karolinska" in name.casefold():
                    return "University"
                return cue.type
        elif cue.matches(name, tokens):
            if cue.pattern in ("stad", "Stad") and tokens[0].rstrip("s") not in g.municipalities \
                    and tokens[0] not in g.municipalities:
                continue
            if cue.pattern == "Region" and len(tokens) == 1:
                continue
            return cue.type
    if len(tokens) >= 2 and tokens[-1] == "Region":
        return _region_suffix_type(tokens[:-1])
    return None


def _region_suffix_type(words: list[str]) -> str | None:
    """Type of "<words> Region": a county's authority ("Kalmar Region"), or an English brand name of a cluster
    initiative ("Robotics Region", "Sustainable Forest Region") when no word is a place or an area."""
    if _place_stem(words[-1]):
        return "Region"
    if all(w[:1].isupper() and not _place_stem(w) and w not in _AREA_WORDS for w in words):
        return "Cluster"
    return None


def _place_stem(word: str) -> bool:
    g = gazetteer()
    return word in g.counties or word in g.municipalities

