"""Project periods → ISO dates (start, end).

Conventions: a month-only bound becomes the first (start) or last (end) day of the month, a
year-only bound 1 January or 31 December. Swedish and English month names, ISO dates and
open starts ("från och med mars 2020") are understood.

>>> find_period("Projektperiod: 1 januari 2018 – 30 april 2021")
('2018-01-01', '2021-04-30')
>>> find_period("2021-08-01-2023-10-31"), find_period("under åren 2018 – 2020")
(('2021-08-01', '2023-10-31'), ('2018-01-01', '2020-12-31'))
>>> find_period("runs between March 2020 and June 2022"), find_period("från och med mars 2020")
(('2020-03-01', '2022-06-30'), ('2020-03-01', None))
"""

from __future__ import annotations

import calendar
import re

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_ISO = rf"{_YEAR}-\d\d-\d\d"
# One bound: ISO date, "1 januari 2018", "januari 2018", "2018".
_BOUND = rf"(?:{_ISO}|\d{{1,2}}\s+(?:{_MONTH})\.?\s+{_YEAR}|(?:{_MONTH})\.?\s+{_YEAR}|{_YEAR})"
_SEP = r"\s*(?:[–—-]|till|to|and|och|until|t\.o\.m\.?)\s*"
PERIOD = re.compile(rf"(?<![\d-])(?P<a>{_BOUND}){_SEP}(?P<b>{_BOUND})(?![\d-])", re.IGNORECASE)
OPEN_START = re.compile(rf"(?:från och med|fr\.o\.m\.?|from|starting|med start)\s+(?P<a>{_BOUND})", re.IGNORECASE)


def to_iso(bound: str, end: bool = False) -> str | None:
    """One bound as an ISO date; month or year alone widen to the first or last day.

    >>> to_iso("mars 2020"), to_iso("mars 2020", end=True), to_iso("2019", end=True), to_iso("31 feb 2020")
    ('2020-03-01', '2020-03-31', '2019-12-31', None)
    """
    bound = bound.strip().casefold().replace(".", "")
    try:
        if re.fullmatch(_ISO, bound):
            y, m, d = map(int, bound.split("-"))
        elif m_ := re.fullmatch(rf"(\d{{1,2}})\s+({_MONTH})\s+({_YEAR})", bound):
            d, m, y = int(m_.group(1)), MONTHS[m_.group(2)], int(m_.group(3))
        elif m_ := re.fullmatch(rf"({_MONTH})\s+({_YEAR})", bound):
            m, y = MONTHS[m_.group(1)], int(m_.group(2))
            d = calendar.monthrange(y, m)[1] if end else 1
        elif re.fullmatch(_YEAR, bound):
            y, m, d = int(bound), 12 if end else 1, 31 if end else 1
        else:
            return None
        if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
            return None
    except (ValueError, KeyError):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_period(text: str) -> tuple[str, str | None] | None:
    """The first period in ``text`` as (start, end), or None. Year ranges need a plausible order."""
    for m in PERIOD.finditer(text):
        a, b = to_iso(m.group("a")), to_iso(m.group("b"), end=True)
        if a and b and a <= b:
            return a, b
    m = OPEN_START.search(text)
    if m and (a := to_iso(m.group("a"))):
        return a, None
    return None
