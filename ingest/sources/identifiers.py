"""Organisation identifiers: Swedish organisation numbers, EU PICs and VAT numbers.

Why: an identifier is the strongest evidence that two rows name the same organisation, far
stronger than a name ("KUNGLIGA TEKNISKA HOEGSKOLAN" in CORDIS, "KTH, Kungliga tekniska
högskolan" in SweCRIS). So each is validated before it is trusted: a mistyped organisation
number would merge two organisations. Each parser returns the canonical form or raises
:class:`ValueError` with a reason a person can act on.

>>> organisation_number("2021003054")
'202100-3054'
>>> organisation_number_from_vat("SE202100305401")
'202100-3054'
>>> pic(" 999978239 ")
'999978239'
"""

from __future__ import annotations

import csv
import re
from functools import cache

from pyoxigraph import NamedNode

from ontology import REFERENCE_DIR, ids

ORGNR = re.compile(r"^(?:16)?([0-9]{6})-?([0-9]{4})$")
SWEDISH_VAT = re.compile(r"^SE([0-9]{10})01$")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check Swedish organisation and personal numbers use."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def organisation_number(text: str) -> str:
    """A Swedish organisationsnummer as ``NNNNNN-NNNN`` (a ``16`` century prefix is dropped).

    The third digit of a legal person's number is ≥ 2 (lower values are personal identity
    numbers, which innokg must not store); the last digit is a Luhn check digit.
    """
    compact = re.sub(r"[\s\u00a0]", "", text or "")
    m = ORGNR.match(compact)
    if not m:
        raise ValueError(f"{text!r} is not an organisation number (NNNNNN-NNNN)")
    digits = m.group(1) + m.group(2)
    if int(digits[2]) < 2:
        raise ValueError(f"{text!r} looks like a personal identity number, not an organisation number")
    if not luhn_valid(digits):
        raise ValueError(f"{text!r} fails the organisation-number check digit")
    return f"{digits[:6]}-{digits[6:]}"


def vat_number(text: str) -> str:
    """A VAT number upper-cased without spaces, dots or dashes (``se 2021003054-01`` → ``SE202100305401``)."""
    compact = re.sub(r"[\s.\-\u00a0]", "", text or "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,16}", compact) or not any(c.isdigit() for c in compact):
        raise ValueError(f"{text!r} is not a VAT number (country code + 2–16 characters, digits among them)")
    return compact


def organisation_number_from_vat(vat: str) -> str | None:
    """The organisation number inside a Swedish VAT number (``SE`` + number + ``01``), when valid."""
    m = SWEDISH_VAT.match(vat)
    if not m:
        return None
    try:
        return organisation_number(m.group(1))
    except ValueError:
        return None


def pic(text: str) -> str:
    """An EU Participant Identification Code: nine digits."""
    compact = (text or "").strip()
    if not re.fullmatch(r"[0-9]{9}", compact):
        raise ValueError(f"{text!r} is not a PIC (nine digits)")
    return compact


def orcid(text: str) -> str | None:
    """An ORCID iD ``0000-0002-1825-0097`` (URL prefix dropped) when its ISO 7064 check passes, else None."""
    compact = (text or "").strip().removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]", compact):
        return None
    total = 0
    for ch in compact.replace("-", "")[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return compact if compact[-1] == ("X" if check == 10 else str(check)) else None


@cache
def reference_identifiers() -> dict[tuple[str, str], NamedNode]:
    """Organisation numbers of reference bodies (ontology/reference/organisation_numbers.csv)."""
    with (REFERENCE_DIR / "organisation_numbers.csv").open(encoding="utf-8", newline="") as f:
        return {("organisationNumber", organisation_number(r["organisation_number"])): ids.fund(r["fund_id"])
                for r in csv.DictReader(f)}
