"""Reference data (ontology/reference/*.csv) as lookup tables, loaded once per process.

Gazetteers give what capitalisation alone cannot: which words are municipalities, counties,
regional authorities, NUTS areas and funds, so that "Region Kalmar län", "Linköpings kommun"
or "ERUF" are recognised and typed even without a type cue, and so that a place name is not
mistaken for an organisation.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ontology import REFERENCE_DIR


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


@dataclass(frozen=True)
class FundEntry:
    """One row of funds.csv: the canonical Swedish/English labels and every surface form."""

    id: str
    label_sv: str
    label_en: str
    kind: str
    parent: str
    forms: tuple[str, ...]


@dataclass
class Gazetteer:
    municipalities: dict[str, str] = field(default_factory=dict)
    """short name ("Linköping") → long name ("Linköpings kommun")."""
    municipality_forms: set[str] = field(default_factory=set)
    """every written form of a municipality as an organisation (long name, self-designation …)."""
    counties: dict[str, str] = field(default_factory=dict)
    """county forms ("Östergötlands län", "Östergötland") → län name."""
    regional_authorities: set[str] = field(default_factory=set)
    county_boards: set[str] = field(default_factory=set)
    nuts: set[str] = field(default_factory=set)
    """NUTS2 area names in Swedish and English ("Östra Mellansverige", "East Middle Sweden")."""
    funds: list[FundEntry] = field(default_factory=list)
    fund_forms: dict[str, FundEntry] = field(default_factory=dict)
    """casefolded surface form → fund row."""


# Surface forms of funds that the CSV does not list but that texts use; they point at a CSV row.
_EXTRA_FUND_FORMS = {
    "eruf": ["Europeiska regionalfonden", "EU:s regionala utvecklingsfond", "EU:s regionalfond",
             "EUs regionala utvecklingsfond", "EUs regionala fond", "EU:s regionala fond",
             "Regionalfondsprogrammet", "ERUF-programmet"],
    "esf": ["Socialfondsprogrammet", "EU:s socialfond", "Europeiska socialfonden (ESF)"],
    "interreg_npa": ["Norra Periferi och Arktisprogrammet", "Northern Periphery and Arctic Programme"],
    "interreg_bsr": ["Interreg Baltic Sea Region"],
}

# Swedish universities by the acronyms texts use alone ("KTH coordinates …", "LNU och kommunen"), with the
# Swedish and English names they stand for. Two-letter acronyms (GU, LU, JU …) are left out: too ambiguous.
_UNIVERSITY_ACRONYMS = {
    "KTH": ("Kungliga Tekniska högskolan", "KTH Royal Institute of Technology"),
    "LiU": ("Linköpings universitet", "Linköping University"),
    "LTU": ("Luleå tekniska universitet", "Luleå University of Technology"),
    "LNU": ("Linnéuniversitetet", "Linnaeus University"),
    "MIUN": ("Mittuniversitetet", "Mid Sweden University"),
    "SLU": ("Sveriges lantbruksuniversitet", "Swedish University of Agricultural Sciences"),
    "BTH": ("Blekinge tekniska högskola", "Blekinge Institute of Technology"),
    "KAU": ("Karlstads universitet", "Karlstad University"),
    "ORU": ("Örebro universitet", "Örebro University"),
    "UmU": ("Umeå universitet", "Umeå University"),
    "MDU": ("Mälardalens universitet", "Mälardalen University"),
    "MDH": ("Mälardalens högskola", "Mälardalen University"),
    "MAU": ("Malmö universitet", "Malmö University"),
    "HiG": ("Högskolan i Gävle", "University of Gävle"),
    "HKR": ("Högskolan Kristianstad", "Kristianstad University"),
    "HiS": ("Högskolan i Skövde", "University of Skövde"),
    "HDa": ("Högskolan Dalarna", "Dalarna University"),
}


@lru_cache(maxsize=1)
def university_acronyms() -> dict[str, tuple[str, str]]:
    """Acronym as written ("LiU", also "LIU") → (Swedish name, English name) of a Swedish university."""
    return {form: names for acronym, names in _UNIVERSITY_ACRONYMS.items() for form in (acronym, acronym.upper())}


# Fund rows whose labels are agencies or generic words rather than paying funds.
_NOT_A_FUND_KIND = {"national agency"}
# State appropriations distributed by the regions: the region, not a fund, is the funder in texts.
_NOT_PAYING = {"regionala_tillvaxtatgarder"} | {f"rum_{code:02d}" for code in range(1, 26)}
_AMBIGUOUS_FORMS = {"he", "digital", "dep", "life", "leader", "aurora", "rum", "ets", "etc", "vr",
                    "regionala utvecklingsmedel", "sydsverige", "småland och öarna", "stem", "sio",
                    "central baltic", "llu", "fro", "öms", "eit", "eic"}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The reference data, read once."""
    g = Gazetteer()
    for row in _rows("kommuner.csv"):
        g.municipalities[row["name"]] = row["long_name"]
        g.municipality_forms.update({row["long_name"], row["self_designation"], *_split(row["alt_labels"])})
    g.municipality_forms.discard("Region Gotland")
    for row in _rows("lan.csv"):
        lan = row["lan_name"]
        g.counties[lan] = lan
        g.counties[row["lan_short"]] = lan
        g.regional_authorities.add(row["regional_authority"])
        g.regional_authorities.update(f for f in _split(row["regional_authority_alt"]) if len(f) > 3)
        g.county_boards.add(row["county_admin_board"])
        g.nuts.update({row["nuts2_name"], row["nuts2_name_en"]})
    for row in _rows("nuts2.csv"):
        g.nuts.update({row["name_sv"], row["name_en"]})
    g.nuts.discard("Stockholm")
    for row in _rows("funds.csv"):
        if row["kind"] in _NOT_A_FUND_KIND or row["id"] in _NOT_PAYING:
            continue
        forms = [row["label_sv"], row["label_en"], *_split(row["abbreviations"]), *_EXTRA_FUND_FORMS.get(row["id"], [])]
        forms = [re.sub(r"\s*\(.*\)$", "", f) for f in forms]
        entry = FundEntry(row["id"], re.sub(r"\s*\(.*\)$", "", row["label_sv"]), re.sub(r"\s*\(.*\)$", "", row["label_en"]),
                          row["kind"], row["parent"], tuple(dict.fromkeys(forms)))
        g.funds.append(entry)
        for form in entry.forms:
            if form.casefold() not in _AMBIGUOUS_FORMS and len(form) > 1:
                g.fund_forms.setdefault(form.casefold(), entry)
    return g


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """National agencies of funds.csv (kind "national agency"): surface form → canonical label."""
    out: dict[str, str] = {}
    for row in _rows("funds.csv"):
        if row["kind"] == "national agency":
            label = re.sub(r"\s*\(.*\)$", "", row["label_sv"])
            for form in [label, row["label_en"], *_split(row["abbreviations"])]:
                out[form] = label
    return out
