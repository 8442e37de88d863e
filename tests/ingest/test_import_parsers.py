"""Cell parsers of the table importers: identifiers, amounts, dates (property-based)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.sources import values
from ingest.sources.identifiers import (luhn_valid, orcid, organisation_number, organisation_number_from_vat, pic,
                                        vat_number)


def with_check_digit(nine: str) -> str:
    return next(nine + str(d) for d in range(10) if luhn_valid(nine + str(d)))


ORGNR_BODIES = st.from_regex(r"\A[0-9]{2}[2-9][0-9]{6}\Z", fullmatch=True)


@given(ORGNR_BODIES)
def test_valid_organisation_numbers_round_trip(nine):
    digits = with_check_digit(nine)
    canonical = f"{digits[:6]}-{digits[6:]}"
    assert organisation_number(digits) == organisation_number(canonical) == canonical
    assert organisation_number(" 16" + digits) == canonical
    assert organisation_number_from_vat(vat_number(f"se {digits} 01")) == canonical


@given(ORGNR_BODIES)
def test_a_wrong_check_digit_is_refused(nine):
    digits = with_check_digit(nine)
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="check digit"):
        organisation_number(wrong)


def test_personal_identity_numbers_are_refused():
    with pytest.raises(ValueError, match="personal identity"):
        organisation_number("811218-9876")


@given(st.text())
def test_random_text_never_crashes_the_identifier_parsers(text):
    for parse in (organisation_number, vat_number, pic):
        try:
            parse(text)
        except ValueError:
            pass
    orcid(text)
    organisation_number_from_vat(text)


def test_real_identifiers():
    assert organisation_number("202100-3054") == "202100-3054"  # KTH (SweCRIS)
    assert pic("999905974") == "999905974"
    assert vat_number("CHE105833232MWST") == "CHE105833232MWST"  # Swiss VAT in the CORDIS sample
    assert orcid("0000-0002-6843-867X") == "0000-0002-6843-867X"  # SweCRIS sample, X check digit
    assert orcid("0000-0002-6843-8671") is None


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_amounts_in_every_spelling_round_trip(number):
    plain = format(number, "f")
    whole, _, cents = plain.partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    for text in (plain, plain.replace(".", ","), f"{grouped},{cents}", f"{grouped},{cents} kr",
                 f"{int(whole):,}.{cents}", f"{int(whole):,}".replace(",", ".") + f",{cents}", f"SEK {plain}"):
        assert values.decimal(text) == number, text


@given(st.text())
def test_random_text_never_crashes_the_amount_parser(text):
    try:
        result = values.decimal(text)
    except ValueError:
        return
    assert result is None or result >= 0


@pytest.mark.parametrize("text, reason", [("12,3,4", "not a number"), ("-5", "negative"), ("abc", "not a number"),
                                          ("Infinity", "finite")])
def test_bad_amounts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        values.decimal(text)


@given(st.dates())
def test_dates_round_trip_with_and_without_time(day):
    iso = day.isoformat()
    if day.year >= 1000:
        assert values.date(iso) == values.date(iso + " 12:00:00") == values.date(day) == iso
        assert values.year(iso + " 12:00:00") == day.year


@given(st.text())
def test_random_text_never_crashes_the_date_parsers(text):
    for parse in (values.date, values.year):
        try:
            parse(text)
        except ValueError:
            pass


def test_dates_as_sources_write_them():
    assert values.date("2023") is None and values.year("2023") == 2023  # SweCRIS: a year only
    assert values.date("") is None and values.decimal("") is None
    with pytest.raises(ValueError, match="valid date"):
        values.date("2025-02-30")
    assert values.decimal(Decimal("5")) == 5 and values.decimal(12.5) == Decimal("12.5")  # XLSX cells


SUBJECT_NAMES = st.text(st.characters(blacklist_characters=",¤:", blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                        min_size=1, max_size=30).map(str.strip).filter(lambda s: s and not s[0].isdigit())


@given(st.lists(st.lists(st.tuples(st.integers(1, 99999), SUBJECT_NAMES, SUBJECT_NAMES), min_size=1, max_size=3),
                max_size=3))
def test_swecris_subject_classes_parse_to_their_names(classes):
    """``Scbs``: ``¤¤¤ code: Sv, En, code: Sv, En …`` per class; the names, each once, in order."""
    from ingest.sources.swecris import UNCLASSIFIED, _subjects

    packed = "".join("¤¤¤ " + ", ".join(f"{code}: {sv}, {en}" for code, sv, en in levels) + " " for levels in classes)
    expected = [n for levels in classes for _, sv, en in levels for n in (sv, en) if n not in UNCLASSIFIED]
    assert _subjects(packed) == list(dict.fromkeys(expected))


def test_swecris_unclassified_subjects_say_nothing():
    from ingest.sources.swecris import _subjects

    assert _subjects("¤¤¤ 9: Oklassificerat, Unclassified, 999: Oklassificerat, Unclassified ") == []
    assert _subjects("") == []
