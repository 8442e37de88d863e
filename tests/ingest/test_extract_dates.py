"""Periods to ISO dates: full dates, month-only and year-only bounds, open starts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.dates import find_period, to_iso


@pytest.mark.parametrize(("text", "period"), [
    ("Projektperiod: 1 februari 2019 – 31 januari 2022", ("2019-02-01", "2022-01-31")),
    ("Projekttid: 2020-09-01 - 2022-08-31", ("2020-09-01", "2022-08-31")),
    ("Satsningen pågår mars 2021–juni 2023.", ("2021-03-01", "2023-06-30")),
    ("under perioden 2016–2018", ("2016-01-01", "2018-12-31")),
    ("The project runs between May 2020 and February 2024.", ("2020-05-01", "2024-02-29")),
    ("Projektet startar från och med oktober 2022.", ("2022-10-01", None)),
])
def test_periods(text, period):
    assert find_period(text) == period


def test_no_period_in_text_without_one():
    assert find_period("Projektet har tre delar och leds av en styrgrupp.") is None


def test_reversed_years_are_no_period():
    assert find_period("2022-2019") is None


def test_impossible_dates_are_rejected():
    assert to_iso("30 februari 2021") is None


@given(st.text())
def test_never_raises(text):
    find_period(text)
