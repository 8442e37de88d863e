"""Cell values of funding tables: amounts and dates as published, in any of their spellings.

Why one module: the same quirks recur in every source — CORDIS writes ``960619,95`` next to
``284812.5``; Swedish spreadsheets write ``1 234 567`` or ``1 234 567,50 kr``; SweCRIS writes
funding dates as ``2025-09-01 12:00:00`` or just ``2023``. Each parser returns ``None`` for an
empty cell and raises :class:`ValueError` with the reason for a value it cannot read, so the
importer can name the row and column.

>>> decimal("960619,95"), decimal("1 234 567 kr"), decimal("1.234.567,50"), decimal("")
(Decimal('960619.95'), Decimal('1234567'), Decimal('1234567.50'), None)
>>> date("2025-09-01 12:00:00"), date("2023"), year("2023"), year("2025-09-01 12:00:00")
('2025-09-01', None, 2023, 2025)
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

SPACES = re.compile(r"[\s\u00a0\u202f']")
CURRENCY_WORDS = re.compile(r"(?i)^(?:sek|eur|kr|kronor|€)\s*|\s*(?:sek|eur|kr\.?|kronor|:-|€)$")
GROUPED_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")   # 1,234,567.89
GROUPED_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")     # 1.234.567,89
ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$")
YEAR = re.compile(r"^([0-9]{4})$")


def decimal(text) -> Decimal | None:
    """A non-negative amount: decimal comma or point, spaces or grouping marks as thousands
    separators, a currency word around it. A lone comma is a decimal comma (CORDIS)."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        number = Decimal(str(text))
    else:
        raw = CURRENCY_WORDS.sub("", SPACES.sub("", str(text))) if str(text).strip() else ""
        if not raw:
            return None
        if GROUPED_COMMA.match(raw) and raw.count(",") > 1 or ("," in raw and "." in raw and raw.index(",") < raw.index(".")):
            raw = raw.replace(",", "")
        elif GROUPED_DOT.match(raw) and (raw.count(".") > 1 or "," in raw):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    if number < 0:
        raise ValueError(f"{text!r} is negative")
    return number


def date(value) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from a date, a datetime, or text with an optional time; None
    for an empty cell or a bare year (a year is not a day)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text or YEAR.match(text):
        return None
    m = ISO_DATE.match(text)
    if not m:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date") from None


def year(value) -> int | None:
    """The year of a date, a datetime, or text that is a year or starts with an ISO date."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    text = str(value).strip()
    if not text:
        return None
    m = YEAR.match(text) or ISO_DATE.match(text)
    if not m:
        raise ValueError(f"{value!r} is not a year or a date")
    return int(m[1])
