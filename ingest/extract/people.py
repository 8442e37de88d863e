"""People: names recognised by their context (säger X, "X, titel på Org", Projektledare: X, X (S)).

Capitalised word pairs are everywhere in Swedish project texts (organisations, project names,
places), so a bare pair is a person only in a person context, or when its first word is a
common given name. A person's title and employer come from the words around the name.

>>> [(p.name, p.title, p.org) for p in find_people("– Bra, säger Anna Berg, vd på Exempel AB.")]
[('Anna Berg', 'vd', 'Exempel AB')]
>>> [p.name for p in find_people("Projektledare: Karl-Erik Holm")]
['Karl-Erik Holm']
>>> find_people("Region Östergötland och Fjällby Science Park samverkar.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import org_type
from .gazetteer import gazetteer

_UP = "A-ZÅÄÖÉÜØÆ"
_LOW = "a-zåäöéèüøæáí"
_PART = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
NAME = rf"{_PART}(?:\s+(?:af\s+|von\s+|de\s+)?{_PART}){{1,2}}"
_NAME_RE = re.compile(rf"(?<![\w-])(?P<name>{NAME})(?![\w-])")

# Common given names (Swedish and Nordic), used only where the context alone is weak.
GIVEN_NAMES = set("""
adam agneta alexander alice alva amanda anders andreas ann anna anne annika anton arne axel barbro bengt
birgitta björn bo britt camilla carina carl caroline cecilia charlotte christer christina dan daniel david
ebba elin elisabeth ella emil emma erik eva fredrik frida gabriel gunilla gunnar gustav göran hanna hans
helen helena henrik ida inga inger ingrid isak jakob jan janne jens jesper joakim johan johanna john jonas
jonatan josefin karin karl katarina kerstin kim kjell klara kristina kristoffer lars lena lennart leo lina
linda linnea lisa louise lovisa magnus malin maria marie martin mats mattias max mikael moa monica nils
niklas nina ola olle oscar ove patrik per peter petra pia rebecka robert roger rolf sara sebastian simon
sofia stefan susanne sven svante thomas tobias tomas torbjörn ulf ulla ulrika viktor åsa åke elsa karolina
marcus markus jenny jessica josefine madeleine mikaela maja sandra therese jonna hugo william oskar liam
""".split())
# Words that take a person name in their context.
TITLE_WORDS = (
    r"vd|VD|ordförande|vice ordförande|projektledare|projektkoordinator|verksamhetsansvarig|verksamhetschef|"
    r"affärsutvecklare|regionråd|kommunalråd|oppositionsråd|direktör|regionalutvecklingsdirektör|chef|"
    r"områdeschef|enhetschef|avdelningschef|ekonomichef|strateg|handläggare|samordnare|koordinator|rektor|"
    r"prorektor|professor|forskare|docent|lektor|doktorand|konsult|grundare|CTO|CEO|COO|CFO|vice president|"
    r"Vice President|President|director|Director|manager|Manager|head|Head|professor|Professor|coordinator|"
    r"projektansvarig|kontaktperson|beredningssekreterare|sekreterare|utvecklingsledare|processledare|"
    r"näringslivschef|kommunchef|regiondirektör|generaldirektör|styrelseordförande|ledamot|talesperson|"
    r"samverkansansvarig|samverksansansvarig|kommunikatör|analytiker|expert|rådgivare|ansvarig"
)
_TITLE = re.compile(rf"^(?:{TITLE_WORDS})\b")
_PARTY = re.compile(r"^\s*\((?:S|M|C|V|L|KD|MP|SD|FP)\)")


@dataclass
class Person:
    name: str
    start: int
    end: int
    title: str | None = None
    org: str | None = None
    politician: bool = False
    strong: bool = True


_BAD_FIRST = {
    "Region", "Projektet", "Projekt", "Interreg", "Science", "The", "Den", "Det", "Högskolan", "Länsstyrelsen",
    "Stiftelsen", "Europeiska", "European", "Nationella", "Västra", "Östra", "Norra", "Södra", "Mellersta",
    "Kontakta", "Läs", "Mer", "Foto", "Bild", "Sveriges", "Svenska", "Swedish", "Campus", "Almi", "Vinnova",
}


def _plausible(name: str) -> bool:
    parts = name.split()
    if re.search(r"(?:gata|gatan|vägen|väg|torget|torg|plan|gränd|backe|Box)$", parts[-1]):
        return False
    if parts[0] in _BAD_FIRST or any(p in ("Region", "Park", "AB", "Science", "Kommun", "Center", "Centre")
                                     for p in parts):
        return False
    g = gazetteer()
    if any(p in g.counties or p.rstrip("s") in g.counties for p in parts):
        return False
    return org_type(name) is None


def _context_org(after: str) -> tuple[str | None, str | None]:
    """(title, organisation) from the words after a name: ", vd på X", ", CTO, X", " vd för X"."""
    m = re.match(rf"\s*(?:[,(]|från\s+[{_UP}]\w+\s+är|är)?\s*(?P<title>(?:[{_LOW}-]+\s+){{0,3}}?(?:{TITLE_WORDS})(?:\s+[{_LOW}]+){{0,3}}?)"
                 rf"(?:(?:\s*,\s*|\s+(?:på|vid|för|i|hos|at|of|från)\s+|\s+)(?P<org>[{_UP}0-9][^,.;:–\n()]*))?",
                 after)
    if not m:
        return None, None
    title = m.group("title").strip()
    org = re.split(rf"\s+(?:och|and|som|samt|who|which|med|och)\s+(?=[{_LOW}])", (m.group("org") or "").strip())[0]
    org = org.strip() or None
    return title, org


def find_people(text: str) -> list[Person]:
    """Person mentions in ``text`` with any title and employer written next to them."""
    out: list[Person] = []
    for m in _NAME_RE.finditer(text):
        name = m.group("name")
        parts = name.split()
        if len(parts) == 3 and parts[1].casefold() not in GIVEN_NAMES and re.match(r"\s+[a-zåäö]", text[m.end():]):
            name = " ".join(parts[:2])
        if not _plausible(name):
            continue
        before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 120]
        nxt = re.match(r"\s+(\S+)", after)
        if nxt and org_type(f"{name} {nxt.group(1)}") and not org_type(nxt.group(1).rstrip(",.")) == "Region":
            continue
        title, org = _context_org(after)
        politician = bool(_PARTY.match(after))
        if politician:
            title2, org2 = _context_org(re.sub(r"^\s*\([A-Z]+\)", "", after))
            title, org = title or title2, org or org2
        strong = bool(
            title or politician
            or re.search(r"(?:säger|sa|enligt|says|said|contact|kontakta|av)\s*$", before)
            or re.search(rf"(?:{TITLE_WORDS})\s*:?\s*$", before)
            or (re.match(r"\s*(?:,\s*)?(?:säger|says|berättar|menar|förklarar|från\s+[A-ZÅÄÖ]\w+\s+är)\b", after)
                and name.split()[0].split("-")[0].casefold() in GIVEN_NAMES)
            or re.match(r"\s*[-–]\s*\d", after)
            or re.match(r"\s*(?:\(|\d{2,4}[- ]|\+\d|[\w.]+@)", after)
        )
        title_before = re.search(rf"(?P<t>(?:{TITLE_WORDS}))(?:\s+(?:i|för|på|vid|at|of)\s+(?P<o>[\w-]+"
                                 rf"(?:\s+[{_UP}][\w-]+)*))?\s*:?\s*$", before)
        if not title and title_before:
            title, org = title_before.group("t"), org or title_before.group("o")
            strong = True
        first = name.split()[0].split("-")[0].casefold()
        if not strong and first not in GIVEN_NAMES:
            continue
        out.append(Person(name, m.start(), m.end(), title, org, politician, strong))
    return out


def is_person_line(text: str) -> bool:
    """A line that is just a name ("Per Lindahl"), as in contact blocks and bylines.

    >>> is_person_line("Per Lindahl"), is_person_line("Water Innovation Center")
    (True, False)
    """
    m = re.fullmatch(NAME, text.strip())
    return bool(m) and _plausible(text.strip()) and text.split()[0].split("-")[0].casefold() in GIVEN_NAMES
