"""People from captions, quotes and labels, with title and employer."""

from __future__ import annotations

from ingest.extract.people import find_people


def test_caption_name_title_employer():
    [p] = find_people("Karin Holm, affärsutvecklare på Exempel Science Park")
    assert (p.name, p.title, p.org) == ("Karin Holm", "affärsutvecklare", "Exempel Science Park")


def test_quote_attribution_with_title_after_comma():
    [p] = find_people("– Det här är viktigt för regionen, säger Johan Ek, vd, Exempel AB.")
    assert (p.name, p.title, p.org) == ("Johan Ek", "vd", "Exempel AB")


def test_politician_is_marked():
    [p] = find_people("säger Lena Dahl (C), ordförande i regionala utvecklingsnämnden.")
    assert p.politician and p.title == "ordförande"


def test_english_vice_president_at():
    [p] = find_people("says Peter Lind, Vice President at Exempel University.")
    assert (p.title, p.org) == ("Vice President", "Exempel University")


def test_no_person_in_organisation_names():
    assert find_people("Region Halland och Fjällby Science City samarbetar med Norra Sverige.") == []
