"""Organisation, fund and committee mentions in a piece of text.

Three families of evidence, tried longest match first and never overlapping:

1. gazetteers: funds (with abbreviations), national agencies, regional authorities, county
   boards, municipalities;
2. name patterns: "Region X (län)", "Länsstyrelsen i X län", "Högskolan i X", "Stiftelsen X",
   "X-programmet", "Interreg X", committees ("Strukturfondspartnerskapet för X",
   "regionala utvecklingsnämnden");
3. type cues (cues.py): a cue word ("universitet", "AB", "Science Park", "-verket" …) anchors
   a name that is grown leftwards over capitalised words ("Luleå tekniska universitet",
   "Norrköpings Hamn och Stuveri AB") and rightwards over "of X" and legal forms.

Names that carry no cue ("Fjällkraft", "Solvinden") are found by role context instead
(:func:`split_names` on the text after "i samverkan med", "Sökande:" …).

>>> [(m.name, m.type) for m in find_orgs("Projektet drivs av Luleå tekniska universitet och Region Kalmar län.")]
[('Luleå tekniska universitet', 'University'), ('Region Kalmar län', 'Region')]
>>> [m.name for m in find_orgs("Finansiering från Norrköpings och Linköpings kommuner samt ERUF.")]
['Norrköpings kommun', 'Linköpings kommun', 'ERUF']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .cues import GROUP_PREFIXES, org_type
from .gazetteer import FundEntry, agencies, gazetteer, university_acronyms
from .people import GIVEN_NAMES

_UP = "A-ZÅÄÖÉÜ"
TOKEN = re.compile(r"[\wÅÄÖåäöéü][\wÅÄÖåäöéü:'’.&+/-]*[\wÅÄÖåäöéü+]|[\wÅÄÖåäöéü&]|&")

# Capitalised words that start sentences or label lines and never begin an organisation name.
STOP_CAP = {
    "I", "Det", "Den", "De", "Dessa", "En", "Ett", "Nu", "Här", "Där", "Vid", "Med", "För", "Av", "Om", "På",
    "Till", "Från", "Under", "Inom", "Efter", "Även", "Både", "Bland", "Genom", "Hos", "Mellan", "Som", "Och",
    "Samt", "Men", "Projektet", "Projekt", "Projekten", "Projektägare", "Projektägaren", "Sökande", "Organisation",
    "The", "In", "At", "By", "For", "And", "Of", "On", "With", "This", "Among", "From", "Through", "Our", "We",
    "Vi", "Ur", "Enligt", "Totalt", "Summa", "Offentlig", "Finansiering", "Samverkansparter", "Deltagare",
    "Partners", "Koordinator", "Kontaktperson", "Projektledare", "Läs", "Mer", "Nya", "Ny", "Nytt", "Flera",
    "Fem", "Fyra", "Tre", "Två", "Sex", "Sju", "EU", "EU-stöd", "Pressmeddelande", "Foto", "Källa", "Källor",
    "Vinnovas", "Företaget", "Bolaget", "Konsultföretaget", "Nätverket", "Organisationen", "Ytterligare", "Resterande", "Övriga", "Samtliga", "Stödmottagare", "Huvudman", "Beviljat", "Beslut", "Ansökan", "Sverige", "Sveriges", "Swedish",
    "Europe", "Program", "Programmet", "Utöver", "Dessutom", "Satsningen", "Syftet", "Målet", "Pengarna", "Bidragen", "Stödet", "Also",
}
# Lowercase words that may sit inside a name between capitalised ones.
NAME_INTERNAL = {"tekniska", "tekniskt", "kungliga", "lantbruks", "of", "för", "i", "de", "la", "&",
                 "ekonomisk", "företagspartner", "fastighets", "konsult", "kompetens", "science", "park"}
LOWER_STOP = {
    "är", "och", "som", "av", "till", "med", "vid", "på", "har", "ska", "kan", "den", "det", "en", "ett", "att",
    "från", "om", "där", "genom", "inom", "mellan", "samt", "eller", "men", "nu", "också", "även", "via",
    "the", "and", "is", "are", "with", "by", "at", "to", "from", "in", "a", "an", "be", "was", "has", "får",
    "projektet", "projekt", "medel", "stöd", "kronor", "kr", "miljoner",
}
COMPANY_FORMS = {"AB", "HB", "KB", "Ltd", "Inc", "GmbH", "Oy", "AS", "ApS", "A/S", "BV", "(publ)"}
# Common nouns that carry a cue but name no one in particular when they stand alone.
_GENERIC_SINGLE = re.compile(
    r"^(regionen?s?|region|kommunen?s?|kommunerna?s?|universitete[nt]s?|universitet|högskolan?s?|"
    r"klustre[nt]s?|kluster|inkubatorn?s?|föreningen?s?|förbundet?s?|stiftelsen?s?|myndigheten?s?|"
    r"styrelsen?s?|rådet?s?|institutet?s?|verket?s?|verken|landstinget?s?|handelskammaren?s?|"
    r"teknikparken?s?|akademien?s?|science|park|valley|cluster|university|region|incubator|"
    r"regionernas?|kommunernas?|länsstyrelsen?s?|länsstyrelserna|nämnden?s?|ab|projektkluster|"
    r"klusterorganisation(?:en)?|klustermiljö(?:n)?|klustersatsning(?:en)?|miljöteknikkluster|"
    r"strukturfondsprojekten|forskningsinstitut|forskningsinstitutet|samarbetsorganisationer|"
    r"innovationsmiljöer|kluster(?:initiativ|organisationer|miljöer)?)$",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """A name found in text. ``type`` None means the name carries no type (Other)."""

    name: str
    start: int
    end: int
    type: str | None
    fund: FundEntry | None = None
    aliases: list[str] = field(default_factory=list)


def _fund_regex() -> list[tuple[re.Pattern, FundEntry, str | None, bool]]:
    """(pattern, entry, form, ignore case) per fund form; ``form`` is what every match contains
    (lowercased when the pattern ignores case), None when that cannot be tested (see :func:`_absent`)."""
    g = gazetteer()
    out = []
    for form, entry in sorted(g.fund_forms.items(), key=lambda kv: -len(kv[0])):
        original = next(f for f in entry.forms if f.casefold() == form)
        flags = 0 if (original.isupper() and len(original) <= 6) else re.IGNORECASE
        needle = original if not flags else original.lower() if max(original) < "\u0100" else None
        out.append((re.compile(rf"(?<![\w-]){re.escape(original)}(?:-?program(?:met)?)?(?![\w])", flags), entry,
                    needle, bool(flags)))
    return out


_fund_patterns = lru_cache(maxsize=1)(_fund_regex)

_PATTERNS: list[tuple[re.Pattern, str | None]] = [
    (re.compile(rf"\bInterreg(?:-programmet)?(?:\s+(?:[{_UP}][\w]*(?:\s*[–-]\s*[{_UP}]\w+)?)){{1,3}}"
                rf"(?:\s+Programme)?"), "Fund"),
    (re.compile(rf"\b(?:[{_UP}]\w+(?<!programmet)(?<!fonden)\s+(?:och\s+)?)*[{_UP}][\w-]*[a-zåäö-]"
                rf"(?:programmet|programme|fonden)s?\b"), "Fund"),
    (re.compile(r"\b(?:EU-kommissionen|Europeiska kommissionen|European Commission)\b"), None),
    (re.compile(r"\bEU:s\s+strukturfonder\b"), "Fund"),
    (re.compile(rf"\b[Rr]egion(?:en)?\s+[{_UP}][\w-]+(?:\s+[{_UP}][\w-]+)?(?:\s+läns?\b)?"), "Region"),
    (re.compile(rf"\b[Ll]änsstyrelsen(?:\s+i)?\s+[{_UP}]\w+\s+läns?\b"), "GovernmentAgency"),
    (re.compile(rf"\b[Ll]andstinget(?:\s+i)?\s+[{_UP}]\w+(?:\s+läns?)?\b|\b[{_UP}]\w+\s+läns\s+landsting\b"), "Region"),
    (re.compile(rf"\bHögskolan(?:\s+i)?\s+[{_UP}]\w+\b"), "University"),
    (re.compile(rf"\bStiftelsen\s+(?:[{_UP}][\w-]*\s+)*[{_UP}][\w-]*\b"), "Association"),
    (re.compile(r"\b[Ii]nstitutionen\s+för\s+[a-zåäö]+(?:\s+och\s+[a-zåäö]+(?!\s+institutionen))?\b|\b[a-zåäö]+liga\s+institutionen\b"), None),
    (re.compile(rf"\b(?:[Dd]et\s+[a-zåäö]+ska\s+)?(?:[Rr]egionala\s+)?[{_UP}a-zåäö][a-zåäö]*(?:nämnden|partnerskapet)"
                rf"(?:\s+(?:i|för)?\s*(?:[{_UP}][\w-]+)(?:\s+(?:och\s+)?[{_UP}][\w-]+)*)?"), None),
    (re.compile(rf"\bStyrkommittén\s+för\s+(?:[{_UP}][\w-]+\s*)+(?:[–-]\s*[{_UP}]\w+)?"), None),
    (re.compile(rf"\b(?:[Tt]he\s+)?Structural\s+Funds?\s+Partnership(?:\s+(?:for|in|of)\s+(?:[{_UP}][\w-]+\s*){{1,3}})?"), None),
]


def _overlaps(spans: list[Mention], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _add(found: list[Mention], m: Mention) -> None:
    """Collect a candidate; overlaps are resolved later, longest first (see :func:`find_orgs`)."""
    found.append(m)


def _clean_fund_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


_PUNCTUATION = dict.fromkeys(range(0x2000, 0x2070), "\x00")
"""General Punctuation (dashes, quotes, spaces: no case), as a caseless Latin-1 stand-in."""


def _lowered(text: str) -> str | None:
    """``text`` lowercased for :func:`_absent`, when it is Latin-1 but for punctuation; else None."""
    probe = text.translate(_PUNCTUATION)
    return probe.lower() if max(probe, default="") < "\u0100" else None


def _absent(form: str | None, ignore_case: bool, text: str, lowered: str | None) -> bool:
    """True when ``text`` cannot contain ``form`` (lowercased when ``ignore_case``), so a fund
    pattern need not scan it (a fund pattern per text took a sixth of the extraction time).
    A case-insensitive test is sound between Latin-1 texts and forms only: there re's ignore-case
    matching pairs exactly the letters that str.lower does; its extra pairs (ı ~ i, ſ ~ s, μ ~ µ)
    each have a letter outside Latin-1."""
    if form is None:
        return False
    if not ignore_case:
        return form not in text
    return lowered is not None and form not in lowered


def _gazetteer_mentions(text: str, found: list[Mention]) -> None:
    lowered = _lowered(text)
    for pattern, entry, form, ignore_case in _fund_patterns():
        if _absent(form, ignore_case, text, lowered):
            continue
        for m in pattern.finditer(text):
            _add(found, Mention(_clean_fund_name(m.group(0)), m.start(), m.end(), "Fund", entry))
    for pattern, typ in _PATTERNS:
        for m in pattern.finditer(text):
            name = m.group(0).strip()
            if typ is None and _GENERIC_SINGLE.match(name):
                continue
            if typ == "Region" and name.split()[-1] in STOP_CAP:
                continue
            if typ is None and re.fullmatch(r"(?i)(det\s+\w+\s+)?\w*(nämnden|partnerskapet)", name) \
                    and not re.search(r"(?i)utvecklingsnämnden|strukturfondspartnerskapet", name):
                continue
            if typ == "Fund" and re.search(r"(?:programmet|fonden)s$", name):
                name = name[:-1]
            if typ == "Fund" and name.split()[0] in STOP_CAP:
                name = name.split(None, 1)[1] if " " in name else name
            if typ == "Fund" and re.fullmatch(r"(?i)(projekt|program|ramprogram|landsbygds)?programmet", name):
                continue
            if typ is None and name[:1].islower() and name.startswith(("det ", "den ")):
                name = name[0].upper() + name[1:]
            if typ == "Region" and _preceded_by_name(text, m.start()):
                continue
            if typ is None:
                name = re.sub(r"\s+[A-ZÅÄÖ][a-zåäöé]+\s+[A-ZÅÄÖ][a-zåäöé]+$", lambda t: "" if t.group(0).split()[0].casefold()
                              in GIVEN_NAMES else t.group(0), name)
            if typ not in ("Fund", None):
                typ = org_type(name) or typ
            _add(found, Mention(name, m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end(), typ))
    pattern, types = _name_gazetteer()
    for m in pattern.finditer(text):
        form = m.group("form")
        typ = types[form]
        if form in university_acronyms() and re.match(rf"\s+[{_UP}]", text[m.end():]):
            continue  # the head of a longer name: "LTU Innovation" is not the university itself
        name = agencies().get(form, form) if typ == "GovernmentAgency" else form
        _add(found, Mention(name, m.start(), m.end(), typ, aliases=[] if name == form else [form]))


@lru_cache(maxsize=1)
def _name_gazetteer() -> tuple[re.Pattern, dict[str, str]]:
    """One regex over every agency, regional authority, county board, municipality and university acronym form
    (longest first)."""
    g = gazetteer()
    types = {**{f: "Municipality" for f in g.municipality_forms}, **{f: "GovernmentAgency" for f in g.county_boards},
             **{f: "Region" for f in g.regional_authorities}, **{f: "GovernmentAgency" for f in agencies()},
             **{f: "University" for f in university_acronyms()}}
    alternation = "|".join(re.escape(f) for f in sorted(types, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?P<form>{alternation})s?(?![\w-])"), types


def _preceded_by_name(text: str, start: int) -> bool:
    """Whether a capitalised word stands right before ``start`` ("Summit Region AB", "Robotics Region")."""
    m = re.search(r"([\wÅÄÖåäöé&-]+)[ \t]+$", text[:start])
    return bool(m) and m.group(1)[:1].isupper() and m.group(1) not in STOP_CAP


def _coordinated_municipalities(text: str, found: list[Mention]) -> None:
    """'Norrköpings och Linköpings kommuner' → one municipality per member."""
    g = gazetteer()
    pat = re.compile(rf"((?:[{_UP}][\w-]+,\s+)*[{_UP}][\w-]+)\s+(?:och|samt|&)\s+([{_UP}][\w-]+)\s+([Kk]ommuner|[Kk]ommun)\b")
    for m in pat.finditer(text):
        members = [p.strip() for p in m.group(1).split(",")] + [m.group(2)]
        if not all(p.endswith("s") or p in g.municipalities or p.rstrip("s") in g.municipalities for p in members):
            continue
        pos = m.start()
        for member in members:
            start = text.index(member, pos)
            pos = start + len(member)
            found.append(Mention(_municipality_name(member), start, pos, "Municipality"))
    for m in re.finditer(rf"[Kk]ommunerna\s+(?:i\s+)?((?:[{_UP}][\w-]+,\s+)*[{_UP}][\w-]+\s+(?:och|samt)\s+[{_UP}][\w-]+)", text):
        _towns(m.group(1), m.start(1), found)


def _towns(phrase: str, offset: int, found: list[Mention]) -> None:
    g = gazetteer()
    pos = 0
    for town in re.split(r",\s+|\s+och\s+|\s+samt\s+", phrase):
        start = phrase.index(town, pos)
        pos = start + len(town)
        if town in g.municipalities and not _overlaps(found, offset + start, offset + pos):
            found.append(Mention(town, offset + start, offset + pos, "Municipality", aliases=[g.municipalities[town]]))


def town_list_mentions(text: str) -> list[Mention]:
    """Municipalities written as bare town names in a coordinated list ("Arvika, Eda och Säffle").

    Every member must be a municipality and none a county, so that lists of counties or
    landskap ("Gävleborg, Dalarna och Värmland") are left alone.
    """
    g = gazetteer()
    out: list[Mention] = []
    for m in re.finditer(rf"((?:[{_UP}][\w-]+,\s+)+[{_UP}][\w-]+\s+(?:och|samt)\s+[{_UP}][\w-]+)", text):
        towns = re.split(r",\s+|\s+och\s+|\s+samt\s+", m.group(1))
        if all(t in g.municipalities and t not in g.counties for t in towns):
            _towns(m.group(1), m.start(1), out)
    return out


def _municipality_name(word: str) -> str:
    g = gazetteer()
    for short, long in g.municipalities.items():
        if long.startswith(word + " ") or long == f"{word} kommun":
            return long
    return f"{word} kommun"


def _tokens(text: str) -> list[re.Match]:
    return list(TOKEN.finditer(text))


def _is_cap(tok: str) -> bool:
    return (tok[:1].isupper() or tok[:1].isdigit()) and tok not in STOP_CAP


def _cue_mentions(text: str, found: list[Mention]) -> None:
    toks = _tokens(text)
    words = [t.group(0) for t in toks]
    i = 0
    while i < len(toks):
        w = words[i]
        two = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        anchor_end = None
        if two in ("Science Park", "Science City", "Innovation Park", "Research Institute", "Chamber of"):
            anchor_end = i + 1
        elif (w in COMPANY_FORMS and i > 0) or (org_type(w) and (w[:1].isupper() or i > 0)
                                                 and w not in university_acronyms()):  # found by the gazetteer
            anchor_end = i
        if anchor_end is None:
            i += 1
            continue
        start = i
        company = words[anchor_end] in COMPANY_FORMS
        j = i - 1
        while j >= 0 and i - j <= 6:
            t = words[j]
            if text[toks[j].end():toks[j + 1].start()].strip() not in ("", "-", "–") and not \
                    text[toks[j].end():toks[j + 1].start()].strip() == "&":
                break
            if t in COMPANY_FORMS or t in ("Park", "City") or (j < i - 0 and org_type(t) and t[:1].isupper()
                                                                and not _GENERIC_SINGLE.match(t)):
                break
            if _is_cap(t) and not t.isdigit():
                start = j
            elif t == "och" and company and j > 0 and _is_cap(words[j - 1]) and words[j + 1][:1].isupper():
                pass
            elif t.casefold() in NAME_INTERNAL and j > 0 and _is_cap(words[j - 1]):
                pass
            elif t[:1].islower() and company and t not in LOWER_STOP and j > 0 and _is_cap(words[j - 1]) \
                    and not words[j - 1].endswith("s"):
                pass
            else:
                break
            j -= 1
        end = anchor_end
        if start == i and anchor_end == i + 1 and end + 1 < len(words) and _is_cap(words[end + 1]) \
                and text[toks[end].end():toks[end + 1].start()] == " " and words[end + 1] not in COMPANY_FORMS:
            end += 1  # "Science Park Jönköping"
        if start == anchor_end and re.search(r"(et|en)$", w) and w[:1].isupper():
            while end + 1 < len(words) and _is_cap(words[end + 1]) and words[end + 1] not in COMPANY_FORMS \
                    and text[toks[end].end():toks[end + 1].start()] == " ":
                end += 1
            if end + 1 < len(words) and words[end + 1] in ("För", "för") and end + 2 < len(words) \
                    and words[end + 2][:1].isupper():
                end += 2
                while end + 1 < len(words) and words[end + 1][:1].isupper():
                    end += 1
        if start == anchor_end and w in GROUP_PREFIXES:
            end = _group_name_end(text, toks, end)
        # English "University of Technology", "Chamber of Commerce".
        k = end + 1
        if k + 1 < len(words) and words[k] in ("of", "for", "i") and words[k + 1][:1].isupper() and \
                words[end] in ("University", "Institute", "Chamber", "of", "Högskolan", "Agency"):
            end = k + 1
            while end + 1 < len(words) and (words[end + 1][:1].isupper() or words[end + 1] == "and") \
                    and words[end + 1] not in STOP_CAP and text[toks[end].end():toks[end + 1].start()] == " ":
                end += 1
            if words[end] == "and":
                end -= 1
        if end + 1 < len(words) and words[end + 1] in COMPANY_FORMS and not company:
            end += 1
        name = text[toks[start].start():toks[end].end()]
        if re.match(r"(?i)(?:den\s+)?ideella\s+föreningen$", name):
            i = anchor_end + 1
            continue
        if start == end and (_GENERIC_SINGLE.match(name) or name in COMPANY_FORMS or name[:1].islower()):
            i = anchor_end + 1
            continue
        if name[:1].islower() and start != anchor_end:
            i = anchor_end + 1
            continue
        if start == anchor_end and words[start][:1].islower():
            i = anchor_end + 1
            continue
        typ = org_type(name) or org_type(_ungenitive(name))
        if typ == "Region" and not any(name.startswith(p) for p in ("Region", "Landsting")) \
                and name not in gazetteer().regional_authorities and " " not in name \
                and name.rstrip("s") not in gazetteer().regional_authorities:
            i = anchor_end + 1
            continue
        _add(found, Mention(_ungenitive(name), toks[start].start(), toks[end].end(), typ))
        i = end + 1


def _group_name_end(text: str, toks: list[re.Match], end: int) -> int:
    """Last token of a group company's name that starts at a group prefix: capitalised words and name-internal
    lowercase words ("ALMI företagspartner Norr", "Almi Fjällby-Sjö"); the legal form is added by the caller."""
    words = [t.group(0) for t in toks]
    while end + 1 < len(words) and text[toks[end].end():toks[end + 1].start()] == " " \
            and words[end + 1] not in COMPANY_FORMS and (_is_cap(words[end + 1]) or (
                words[end + 1] in NAME_INTERNAL and end + 2 < len(words) and _is_cap(words[end + 2]))):
        end += 1
    return end


def _ungenitive(name: str) -> str:
    """'Uppsala universitets' → 'Uppsala universitet' when the base is itself a typed name."""
    if name.endswith("s") and not name.endswith("ss") and " " in name:
        base = name[:-1]
        last = base.split()[-1].casefold()
        if last in ("universitet", "universitetet", "kommun", "högskola", "högskolan", "park", "ab", "institut",
                    "institutet", "region", "city") or org_type(base) == "Region":
            return base
    return name


def find_orgs(text: str) -> list[Mention]:
    """Organisation and fund mentions in one line or sentence, in textual order, never overlapping.

    Rules ask for the same spans many times; results are cached per text (callers get a fresh list).
    """
    return list(_find_orgs(text))


@lru_cache(maxsize=4096)
def _find_orgs(text: str) -> tuple[Mention, ...]:
    """See :func:`find_orgs`.

    Coordinated municipalities come first (they split one span into several names); among
    the other candidates the longest span wins, so "Styrkommittén för Interreg Aurora"
    beats the fund inside it and "Summit Region AB" beats "Region AB".
    """
    coordinated: list[Mention] = []
    _coordinated_municipalities(text, coordinated)
    candidates: list[Mention] = []
    _gazetteer_mentions(text, candidates)
    _cue_mentions(text, candidates)
    candidates += town_list_mentions(text)
    found = list(coordinated)
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        if not _overlaps(found, m.start, m.end):
            found.append(m)
    return tuple(sorted(found, key=lambda m: m.start))


_DESCRIPTOR = re.compile(
    r"^(?:(?:den|det|de|the|a|an)\s+)?(?:[a-zåäö-]+\s+){0,2}?(?:nätverket|konsultföretaget|företaget|föreningen|"
    r"ideella\s+föreningen|organisationen|bolaget|stiftelsen|kommunen|regionen|universitetet|municipal\s+association|"
    r"association|company|network|klustret|klusterorganisationen|inkubatorn|myndigheten|projektägaren|"
    r"projektet|aktörer\s+som|partnern?|projektpartner)\s+(?=[A-ZÅÄÖ0-9])"
)


def split_names(text: str) -> list[str]:
    """Member names of a coordinated list of organisations, descriptors removed.

    >>> split_names("nätverket Nordisk Ton, Mittuniversitetet och Högskolan i Gävle")
    ['Nordisk Ton', 'Mittuniversitetet', 'Högskolan i Gävle']
    >>> split_names("Region Värmland, Region Dalarna samt 4040 hälsolinjen")
    ['Region Värmland', 'Region Dalarna', '4040 hälsolinjen']
    """
    text = re.split(r"\s+(?:som|who|which|där|where|för att|to|med målet|i syfte)\s+|[.;:](?:\s|$)|\s+[–-]\s+(?=[a-zåäö])",
                    text.strip())[0]
    parts = re.split(r",\s*|\s+och\s+|\s+samt\s+|\s+and\s+|\s+as well as\s+|\s+eller\s+", text)
    out = []
    for part in parts:
        part = re.sub(r"^(?:och|samt|and|eller|&)\s+", "", part.strip())
        part = _DESCRIPTOR.sub("", re.sub(r"^(?:the|a|an)\s+(?=[A-ZÅÄÖ])", "", part.strip().strip("\"”“'")))
        part = re.sub(r"\s*\(.*$", "", part).strip(" .")
        verb = re.search(r"\s(?:jobbar|arbetar|samarbetar|samverkar|deltar|driver|bidrar|utvecklar|erbjuder|leder|står|"
                         r"är|har|ska|kan|vill|får|kommer|som|ingår|blir|[a-zåäö]+erar)\b", part)
        if verb and part[:verb.start()].strip():
            part = part[:verb.start()].strip()
        if not part or not (part[:1].isupper() or part[:1].isdigit()):
            continue
        if len(part.split()) > 9 or part.split()[0] in STOP_CAP - {"The"}:
            continue
        if re.match(r"^\d[\d,.]*\s+(?:procent|%|kr|kronor|miljoner|mnkr|år|st|personer|företag)\b", part):
            continue
        out.append(part)
    return out
