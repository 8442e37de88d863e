"""Amounts of money in Swedish and English text, in SEK at face value.

Swedish writes thousands with spaces ("1 900 000 kr"), decimals with a comma ("3,5 miljoner"),
scales as words or abbreviations (miljoner, milj., mnkr, mkr, MSEK, miljarder, tkr) and
sometimes the number itself as a word ("drygt åtta miljoner"). Amounts in euro are found but
carry no SEK value (the conventions forbid converting them). Parsers never raise.

>>> [m.sek for m in find_amounts("Beviljat 1 900 000 kr och 3,5 miljoner kronor, totalt 2,5 mkr.")]
[1900000, 3500000, 2500000]
>>> [m.sek for m in find_amounts("cirka 20 MSEK, drygt åtta miljoner, SEK 12.4 million")]
[20000000, 8000000, 12400000]
>>> [(m.sek, m.currency) for m in find_amounts("Satsningen får 2,5 miljoner euro.")]
[(None, 'EUR')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
    "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90, "hundra": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_SCALES = [
    (r"miljarder|miljard|mdkr|mdr|billion|bn", 1_000_000_000),
    (r"miljoner|miljon|milj\.?|mnkr|mkr|msek|mln|million|millions|m(?=\s*(?:kr|sek|kronor))", 1_000_000),
    (r"tusen|tkr|ksek|thousand", 1_000),
]
_SCALE = "|".join(f"(?:{s})" for s, _ in _SCALES)
_NUM = r"\d{1,3}(?:[  \u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_WORDNUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_CUR_BEFORE = r"(?P<pre>SEK|EUR|€|euro)\s*"
_CURRENCY_AFTER = r"(?P<cur>kronor|kr\.?|sek|euro|eur|€)"
AMOUNT = re.compile(
    rf"(?:{_CUR_BEFORE})?(?<![\w\d,.-])(?P<num>{_NUM}|(?:{_WORDNUM})(?=\s+(?:{_SCALE})\b))"
    rf"(?:\s*(?P<scale>{_SCALE})(?![a-zåäö]))?(?:\s*(?:{_CURRENCY_AFTER})(?![a-zåäö]))?",
    re.IGNORECASE,
)
_QUALIFIER_RANGE = re.compile(r"(\d)\s*[–-]\s*\d")


@dataclass(frozen=True)
class Amount:
    """An amount found in text: ``sek`` is None for other currencies; ``start``/``end`` are offsets."""

    value: float
    currency: str
    sek: int | None
    start: int
    end: int
    text: str


def _number(text: str) -> float | None:
    text = text.strip().casefold()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    digits = re.sub(r"[  \u202f]", "", text)
    if re.fullmatch(r"\d+", digits):
        return float(digits)
    if re.fullmatch(r"\d+[.,]\d+", digits):
        whole, frac = re.split(r"[.,]", digits)
        if "." in digits and len(frac) == 3 and not text.count(" "):
            return float(whole + frac)  # "1.500" as a thousands separator
        return float(f"{whole}.{frac}")
    return None


def _scale(word: str | None) -> int:
    if not word:
        return 1
    for pattern, factor in _SCALES:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return factor
    return 1


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text`` (a bare number needs a currency, a scale word or thousands spaces).

    A bare figure with thousands separators ("6 005 269") counts as SEK, since tables and lists
    in Swedish project texts leave out the unit; years, phone numbers and percentages do not match.
    """
    out: list[Amount] = []
    try:
        matches = list(AMOUNT.finditer(text))
    except (TypeError, re.error):
        return out
    for m in matches:
        raw, scale, cur, pre = m.group("num"), m.group("scale"), m.group("cur"), m.group("pre")
        after = text[m.end():m.end() + 3]
        if re.match(r"\s*%|\s*procent|\s*percent", text[m.end():m.end() + 9]) or after.startswith("-tal"):
            continue
        value = _number(raw)
        if value is None:
            continue
        grouped = bool(re.search(r"\d[  \u202f]\d{3}", raw))
        if not (scale or cur or pre or grouped):
            continue
        if grouped and not (scale or cur or pre) and (value < 10_000 or _looks_like_phone(text, m.start(), m.end())):
            continue
        currency = (cur or pre or "kr").casefold().rstrip(".")
        currency = "EUR" if currency in ("eur", "euro", "€") else "SEK"
        if currency == "SEK" and not (cur or pre) and scale is None and not grouped:
            continue
        tail = text[m.end():m.end() + 12].casefold()
        if currency == "SEK" and re.match(r"\s*(euro|eur\b|€)", tail):
            currency = "EUR"
        amount = value * _scale(scale)
        sek = int(round(amount)) if currency == "SEK" else None
        out.append(Amount(amount, currency, sek, m.start(), m.end(), m.group(0)))
    return out


def _looks_like_phone(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start]
    return bool(re.search(r"(\d[ \t\-–]*\Z|\+\d+\s*\Z|tel\S*\s*\Z)", before, re.IGNORECASE)) or \
        bool(re.match(r"\s*[-–]\s*\d", text[end:end + 4]))


def parse_amount(text: str) -> int | None:
    """The SEK value of the first amount in ``text``, or None.

    >>> parse_amount("Högst 2 345 678 kr"), parse_amount("5 MSEK"), parse_amount("inget belopp")
    (2345678, 5000000, None)
    """
    for amount in find_amounts(text):
        return amount.sek
    return None


def is_range(text: str) -> bool:
    """Whether an amount is given as a range ("2–3 miljoner"), which the conventions leave null."""
    return bool(_QUALIFIER_RANGE.search(text))
