"""Structure of a text: lines classified as heading, list item, ``Label: value`` or prose, and sentences.

Project texts carry most of their facts in structure rather than prose: "Projektägare: X"
lines, Fakta blocks where the label stands on its own line and the value on the next, list
items naming one project each, financing tables with one cell per line. Rules downstream ask
for these units instead of re-parsing raw text.

>>> [(l.kind, l.label, l.value) for l in parse_lines("Fakta\\n\\nProjektägare: Region Östergötland\\n • Ett listobjekt")]
[('heading', None, None), ('kv', 'Projektägare', 'Region Östergötland'), ('item', None, None)]
>>> split_sentences("Projektet drivs bl.a. av Region Gävleborg. Det startar ca. 1 mars. – Bra, säger hon.")
['Projektet drivs bl.a. av Region Gävleborg.', 'Det startar ca. 1 mars.', '– Bra, säger hon.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|-(?=\s)|–(?=\s(?!\S+\s+säger))|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")
# A label is short, starts with a capital and is followed by a colon ("Projektägare:", "EU-stöd:").
KV = re.compile(r"^(?P<label>[A-ZÅÄÖ][\wÅÄÖåäöé/()&.,+ -]{1,45}?)\s*:(?:\s+(?P<value>.*)|$)")
# Labels that may stand alone on a line, their value on the following line(s) (Fakta blocks, PDF forms).
STANDALONE_LABELS = {
    "ärende id", "ärendeid", "diarienummer", "projektägare", "projektledare", "kontaktperson", "koordinator",
    "projekttitel", "projektnamn", "projektperiod", "beviljat bidrag", "stödmottagare", "sökande",
    "firmatecknare/prefekt", "vinnovas handläggare", "vinnovas administratör", "startdatum-slutdatum",
    "projektets webbplats", "bidragsmottagare", "finansiär", "projektparter", "samverkansparter",
}
# Words that head table columns; a label followed by one is a column header, not a label with a value.
_COLUMN_HEADERS = {"sökt belopp", "beskrivning", "kronor", "procent", "aktör", "belopp", "maxbelopp (kr)", "sökande",
                   "projektägare", "beviljat belopp", "organisation"}
ABBREVIATIONS = {
    "bl.a", "t.ex", "m.fl", "ca", "milj", "kr", "st", "osv", "m.m", "o.s.v", "t.o.m", "fr.o.m", "resp", "jfr",
    "dvs", "d.v.s", "s.k", "f.d", "nr", "tel", "kl", "ang", "inkl", "exkl", "p.g.a", "pga", "mkr", "tkr", "mnkr",
    "e.g", "i.e", "etc", "vs", "dr", "prof", "mr", "mrs", "ms", "jr", "inc", "ltd", "no", "approx", "ek", "för",
    "kungl", "doc", "fil", "tekn", "med", "jan", "feb", "aug", "sept", "okt", "nov", "dec", "ggr", "mm", "s",
}


@dataclass
class Line:
    """One non-empty line. ``kind`` is heading, item, kv or text; ``level`` is the list nesting depth."""

    index: int
    raw: str
    text: str
    kind: str
    label: str | None = None
    value: str | None = None
    level: int = 0

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.kind}, {self.text[:50]!r})"


def _is_heading(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 12 and not re.search(r"[.;,]$", text) and text[:1].isupper()
            and not re.search(r"\d[  ]\d{3}", text))


def _join_wrapped(text: str) -> list[str]:
    """Physical lines with wrapped prose rejoined: a line ending in a comma, or followed by a line that
    starts in lowercase, continues on the next line (PDF text, hard-wrapped paragraphs)."""
    out: list[str] = []
    for raw in text.splitlines():
        if out and raw.strip() and out[-1].strip() and not BULLET.match(raw.strip()) and (
                out[-1].rstrip().endswith(",") or (raw.strip()[:1].islower() and len(out[-1].split()) >= 6
                                                    and not re.search(r"[.:;!?]$", out[-1].rstrip()))):
            out[-1] = out[-1].rstrip() + " " + raw.strip()
        else:
            out.append(raw)
    return out


def parse_lines(text: str) -> list[Line]:
    """Non-empty lines with their kind; list-item markers are removed from ``text``."""
    out: list[Line] = []
    for raw in _join_wrapped(text):
        if not raw.strip():
            continue
        stripped = raw.strip().replace("\u00a0", " ")
        indent = len(raw) - len(raw.lstrip())
        m = BULLET.match(stripped)
        if m and stripped[:1] in "–—" and (re.search(r"\b(?:säger|says|said|sa)\b", stripped) or len(stripped.split()) > 14):
            m = None
        if m and len(stripped) > m.end():
            body = stripped[m.end():].strip()
            kv = KV.match(body)
            label, value = (kv.group("label").strip(), (kv.group("value") or "").strip()) \
                if kv and len(kv.group("label").split()) <= 3 \
                else (None, None)
            out.append(Line(len(out), raw, body, "item", label, value, level=indent // 2))
            continue
        kv = KV.match(stripped)
        if kv and len(kv.group("label").split()) <= 5 and not re.search(r"\d$", kv.group("label")) \
                and "http" not in kv.group("label"):
            out.append(Line(len(out), raw, stripped, "kv", kv.group("label").strip(), (kv.group("value") or "").strip()))
            continue
        if stripped.rstrip(":").casefold() in STANDALONE_LABELS:
            out.append(Line(len(out), raw, stripped, "kv", stripped.rstrip(":").strip(), ""))
            continue
        out.append(Line(len(out), raw, stripped, "heading" if _is_heading(stripped) else "text"))
    for a, b in zip(out, out[1:]):
        if a.kind == "kv" and not a.value and (b.kind == "kv" and not b.value or b.text.casefold() in _COLUMN_HEADERS):
            a.kind, a.label, a.value = "heading", None, None
    return out


_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“”'(–—-]?\s*[A-ZÅÄÖÉ0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a prose paragraph; a full stop after a known abbreviation or initial does not end one."""
    parts: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        before = text[start:m.start()].rstrip("\"”’)")
        last = re.search(r"([\wÅÄÖåäö.]+)[.!?…]$", before)
        if last and not re.match(r"\s*[–—]", text[m.end() - 1:m.end() + 1]):
            word = last.group(1).casefold().rstrip(".")
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        parts.append(text[start:m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def quoted(text: str) -> list[str]:
    """Strings inside quotation marks ("…", “…”, ”…”, «…»).

    >>> quoted('Projekten "Praktisk innovation" och ”Fundament för X” beviljades.')
    ['Praktisk innovation', 'Fundament för X']
    """
    return [m.group(1).strip() for m in re.finditer(r"[\"“”«]([^\"“”«»\n]{2,120})[\"“”»]", text)]


def standalone(phrase: str, text: str) -> re.Match | None:
    """The first place ``phrase`` stands in ``text`` on its own: not part of a longer word or
    hyphenated compound.

    >>> standalone("Region Skåne", "Region Skåne-projektet") is None, standalone("ERUF", "ERUF:s").start()
    (True, 0)
    """
    return _standalone(phrase).search(text) if phrase in text else None  # the regex cannot match otherwise


@lru_cache(maxsize=8192)
def _standalone(phrase: str) -> re.Pattern:
    """Compiled once per phrase: the names of a document's entities are searched for in each of its
    sentences, and compiling them on every search flushed re's own cache (512 patterns), so the
    rules' fixed patterns were compiled again and again too."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")
