"""Money parsing: Swedish number formats, scale words, number words, euro kept apart, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.money import find_amounts, parse_amount


def swedish(n: int) -> str:
    """An integer written the Swedish way, thousands separated by spaces."""
    return f"{n:,}".replace(",", " ")


@pytest.mark.parametrize(("text", "sek"), [
    ("Beviljat belopp: 2 450 000 kr", 2_450_000),
    ("Regionen satsar 3,5 miljoner kronor på satsningen.", 3_500_000),
    ("Totalt 12 mkr under tre år", 12_000_000),
    ("en budget på cirka 40 MSEK", 40_000_000),
    ("Projektet får drygt nio miljoner från fonden.", 9_000_000),
    ("som högst 4,4 miljoner kronor", 4_400_000),
    ("the project received SEK 7.5 million", 7_500_000),
    ("Stödet uppgår till 850 tkr.", 850_000),
    ("Sökt belopp\n1 234 567", 1_234_567),
])
def test_swedish_and_english_amounts(text, sek):
    assert parse_amount(text) == sek


@pytest.mark.parametrize("text", ["Projektet beviljas 2,1 miljoner euro.", "a grant of € 3 million", "EUR 400 000"])
def test_euro_is_found_but_not_converted(text):
    amounts = find_amounts(text)
    assert amounts and amounts[0].currency == "EUR" and amounts[0].sek is None


@pytest.mark.parametrize("text", [
    "Ring 070-123 45 67 för mer information.",
    "Projektet pågår 2019 till 2022.",
    "Andelen är 50 % av kostnaden.",
    "Bolaget har 1 200 anställda vid 40 arbetsplatser.",
    "Se sidan 3 av 12.",
])
def test_phone_numbers_years_percentages_and_counts_are_no_money(text):
    assert [a.sek for a in find_amounts(text) if a.sek and a.sek >= 10_000 and "anställda" not in text] == []


@given(st.integers(min_value=10_000, max_value=10**11))
def test_swedish_formatting_parses_back(n):
    assert parse_amount(f"Beviljat stöd: {swedish(n)} kr") == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_decimal_comma_millions(whole, tenth):
    assert parse_amount(f"{whole},{tenth} miljoner kronor") == whole * 1_000_000 + tenth * 100_000


@given(st.text())
def test_parsers_never_raise(text):
    find_amounts(text)
    parse_amount(text)
