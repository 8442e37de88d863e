"""Project names: from labels (Projekt:, Projektnamn:, Projekttitel:), list items and prose.

In prose a project is named after the word "projektet"/"the project", in quotes near the word
"projekt", or as the subject of "X är ett (…) projekt" / "X is a … project". The name runs
until punctuation or a word that cannot be part of a title (a verb or function word), since
Swedish project titles mix capitalised and lowercase words ("STEG mot arbete", "Grönt torg").

>>> [n for n, _, _ in prose_projects("Projektet STEG mot arbete har utvecklats av Alice AB.")]
['STEG mot arbete']
>>> [n for n, _, _ in prose_projects("Kompetensbron är ett treårigt projekt för fler lärare.")]
['Kompetensbron']
>>> [n for n, _, _ in prose_projects('The new project "Harbour Boost" got funding.')]
['Harbour Boost']
>>> [n for n, _, _ in prose_projects("genom EU-projekten NORD1 och NORD2 har")]
['NORD1', 'NORD2']
"""

from __future__ import annotations

import re

from .structure import quoted

# Words that end a title in prose: verbs, auxiliaries, relative words.
_STOP = {
    "är", "har", "ska", "skall", "vill", "får", "fick", "kan", "kommer", "blir", "blev", "var", "som", "där", "vilket",
    "och", "samt", "med", "genom", "syftar", "sker", "ligger", "leds", "drivs", "handlar", "innebär", "beviljas",
    "beviljades", "beviljats", "tilldelas", "startar", "pågår", "fortsätter", "the", "is", "are", "was", "will",
    "aims", "has", "have", "which", "that", "to", "got", "runs", "encompasses", "by", "from", "till", "av", "vid",
    "under", "mellan", "inom", "efter", "from", "in", "på", "ur", "om", "fungerar", "riktar", "drivs", "tar",
    "ingår", "går", "berör", "ger", "gör", "eller", "också", "även", "nu", "redan", "inte", "sig", "den", "det",
    "de", "en", "ett", "att", "hos", "mot", "for", "and", "of", "also", "aimed", "med", "sex", "sju", "åtta", "nio",
    "tio", "två", "tre", "fyra", "fem", "miljoner", "kronor",
}
# Lowercase words that may stand inside a title.
_INSIDE = {"i", "för", "och", "hos", "mot", "på", "av", "till", "inom", "om", "in", "for", "of", "and",
           "the", "ur", "mellan", "till", "via", "från", "utan", "vid"}
_WORD = re.compile(r"[\wÅÄÖåäöéü][\wÅÄÖåäöéü.:&+'’!-]*[\wÅÄÖåäöéü+!]|[\wÅÄÖåäöéü]")
_INTRO = re.compile(r"(?<![\w-])(?:[Pp]rojektet|[Tt]he project|[Pp]roject|[Pp]rojekt|(?<=\s)projekten|"
                    r"[\w-]*projekten|[Dd]elprojektet|förstudien|[Ss]atsningen|initiativet)\s+(?=\S)")


def _title_span(text: str, start: int) -> tuple[str, int] | None:
    """The title that starts at ``start``: capitalised first word, then until a stop word or punctuation."""
    words = []
    pos = start
    for m in _WORD.finditer(text, start):
        gap = text[pos:m.start()]
        acronym_dash = len(words) == 1 and words[0][0].isupper() and gap.strip() in ("-", "–")
        if words and (gap.strip() not in ("",) and not acronym_dash or "\n" in gap):
            break
        if not words and m.start() != start:
            return None
        w = m.group(0)
        low = w.casefold()
        if not words:
            if not (w[:1].isupper() or w[:1].isdigit()) or low in _STOP:
                return None
        elif w[:1].islower() and (low in _STOP and low not in _INSIDE or (
                len(low) > 4 and re.search(r"(?:ar|er|ir|ade|ats|ar|tt)$", low) and low not in ("center",))):
            break
        elif w[:1].islower() and low.endswith("s") and len(low) > 4 and re.search(r"[a-z]s$", low) \
                and re.fullmatch(r"[a-z]+", low):
            break
        words.append((w, m.start(), m.end()))
        pos = m.end()
        if len(words) >= 9:
            break
    while words and (words[-1][0].casefold() in _INSIDE or words[-1][0] in ("–", "-")):
        words.pop()
    if not words:
        return None
    name = text[words[0][1]:words[-1][2]]
    return name, words[-1][2]


def prose_projects(sentence: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of projects named in a sentence."""
    out: list[tuple[str, int, int]] = []
    for m in _INTRO.finditer(sentence):
        after = sentence[m.end():]
        q = re.match(r"[\"“”«]([^\"“”«»]{2,120})[\"“”»]", after)
        if q:
            out.append((q.group(1).strip(), m.end(), m.end() + q.end()))
            continue
        if m.group(0).casefold().rstrip().endswith("projekten"):
            pos = 0
            while part := re.compile(r"([A-ZÅÄÖ][\w-]*\d+[\w-]*|[A-ZÅÄÖ]{2,}[\w-]*)(,\s*|\s+och\s+|\s+samt\s+)?").match(after, pos):
                out.append((part.group(1), m.end() + part.start(), m.end() + part.start(1) + len(part.group(1))))
                if not part.group(2):
                    break
                pos = part.end()
            continue
        span = _title_span(sentence, m.end())
        if span and len(span[0]) > 1:
            out.append((span[0], m.end(), span[1]))
    lead = re.match(r"^I\s+([A-ZÅÄÖ][A-ZÅÄÖ0-9]{2,}(?:-[A-ZÅÄÖ0-9]+)*)\s+(?=[a-zåäö])", sentence)
    if lead:
        out.append((lead.group(1), lead.start(1), lead.end(1)))
    among = re.search(r"(?i)(?:among the projects[^.]{0,40}?\bis|bland (?:de )?(?:beviljade )?projekt(?:en)?[^.]{0,40}?\b"
                      r"(?:finns|är))\s+", sentence)
    if among:
        span = _title_span(sentence, among.end())
        if span:
            out.append((span[0], among.end(), span[1]))
    s = re.match(r"^\s*[\"“”]?(?P<n>[A-ZÅÄÖ0-9][^,.;:\"“”]{1,60}?)[\"“”]?\s+(?:är|is)\s+(?:ett|an?|the)\s+(?:[\w-]+\s+){0,3}"
                 r"(?:projekt|project|samarbetsprojekt|samverkansprojekt)\b", sentence)
    if s:
        name = s.group("n").strip()
        if name.split()[0] not in ("Det", "Detta", "Den", "Här", "It", "This", "There", "Projektet") \
                and not name.startswith("The project") \
                and len(name.split()) <= 6 and not any(w.casefold() in _STOP - _INSIDE for w in name.split()[1:]):
            out.append((name, s.start("n"), s.end("n")))
    d = re.search(r"\b(?:drivs|bedrivs|genomförs|is run)\s+(?P<n>[A-ZÅÄÖ][^,.;]{1,60}?)\s+(?:som|as)\s+(?:ett|an?)\s+"
                  r"(?:[\w-]+\s+){0,2}(?:projekt|project)\b", sentence)
    if d:
        out.append((d.group("n"), d.start("n"), d.end("n")))
    last_end = -1
    for q in quoted(sentence):
        i = sentence.find(q)
        if last_end >= 0 and re.fullmatch(r"[\"”“»«\s]*(?:och|samt|and|,)[\"”“»«\s]*", sentence[last_end:i]):
            out.append((q, i, i + len(q)))
            last_end = i + len(q)
            continue
        intro = [m for m in re.finditer(r"(?i)projekt\w*|project\w*", sentence[:i])]
        near = intro and "," not in sentence[intro[-1].end():i] and i - intro[-1].end() <= 40
        funded = re.search(r"(?i)tilldela|beviljat|strukturfondsmedel|finansiering", sentence) and len(q.split()) >= 2
        if (near or funded) and q[:1].isupper() \
                and len(q.split()) <= 10 and not any(q == n for n, _, _ in out):
            out.append((q, i, i + len(q)))
            last_end = i + len(q)
    return out


def split_title(name: str) -> tuple[str, list[str]]:
    """A title and the aliases its parts give ("FLISA - flexibel inlärning" → alias "FLISA").

    >>> split_title("GRIP – Grön regional innovationsplattform")
    ('GRIP – Grön regional innovationsplattform', ['GRIP', 'Grön regional innovationsplattform'])
    >>> split_title("Creative Labs for Design, C-L-D")
    ('Creative Labs for Design', ['C-L-D'])
    """
    name = re.sub(r"\s+", " ", name).strip(" \"”“'.,:;")
    aliases: list[str] = []
    acro = re.match(r"^(?P<n>.+?),\s*(?P<a>[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]{1,10})$", name)
    if acro:
        return acro.group("n"), [acro.group("a")]
    parts = re.split(r"\s+[–—-]\s+|(?<=[A-ZÅÄÖ0-9])-(?=[A-ZÅÄÖ][a-zåäö])", name, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 3 and parts[1]:
        aliases = [parts[0].strip(), parts[1].strip()]
    return name, aliases


def clean_item_title(text: str) -> str:
    """A list item or label value as a project title: leading 'Projekt', quotes and trailing year span removed."""
    text = re.sub(r"^(?:Projektet|Projekt|Project)\s+(?=[A-ZÅÄÖ0-9\"“”])", "", text.strip())
    q = quoted(text)
    if q and len(q[0]) > 3:
        return q[0]
    text = re.sub(r",\s*(?:19|20)\d\d\s*[–-]\s*(?:19|20)\d\d\s*$", "", text)
    return text.strip(" \"”“'.,:;")
