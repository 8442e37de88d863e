"""Organisation mentions: gazetteers, cues, coordinated phrases, town lists and list splitting."""

from __future__ import annotations

from ingest.extract.orgs import find_orgs, split_names


def names(text: str) -> list[str]:
    return [m.name for m in find_orgs(text)]


def test_coordinated_municipalities_expand_to_one_actor_each():
    assert names("Satsningen finansieras av Borås och Ulricehamns kommuner.") == ["Borås kommun", "Ulricehamns kommun"]
    assert names("Uppdraget ges till Tierps, Älvkarleby och Östhammars kommuner.") == [
        "Tierps kommun", "Älvkarleby kommun", "Östhammars kommun"]


def test_town_names_in_a_list_are_municipalities_with_long_alias():
    found = {m.name: m for m in find_orgs("Projektet delas mellan Ljungby, Älmhult och Markaryd.")}
    assert set(found) == {"Ljungby", "Älmhult", "Markaryd"}
    assert found["Ljungby"].type == "Municipality" and found["Ljungby"].aliases == ["Ljungby kommun"]


def test_county_lists_are_not_municipalities():
    assert names("Industrin i Gävleborg, Dalarna och Värmland växer.") == []


def test_cue_anchored_names_grow_left_over_capitalised_words():
    assert names("Arbetet görs av Mittuniversitetet, Sundsvalls Hamn och Terminal AB och Luleå tekniska universitet.") == [
        "Mittuniversitetet", "Sundsvalls Hamn och Terminal AB", "Luleå tekniska universitet"]


def test_gazetteer_funds_agencies_and_regions():
    found = {m.name: m.type for m in find_orgs("Medel från ERUF via Tillväxtverket till Region Jönköpings län.")}
    assert found == {"ERUF": "Fund", "Tillväxtverket": "GovernmentAgency", "Region Jönköpings län": "Region"}


def test_committees_and_programmes():
    found = {m.name: m.type for m in find_orgs("Strukturfondspartnerskapet för Övre Norrland prioriterade "
                                               "projektet ur Interreg Aurora.")}
    assert found == {"Strukturfondspartnerskapet för Övre Norrland": None, "Interreg Aurora": "Fund"}


def test_split_names_removes_descriptors_and_roles():
    assert split_names("konsultföretaget Exempelbyrån, Region Halland (partner) samt föreningen Framtid") == [
        "Exempelbyrån", "Region Halland", "Framtid"]


def test_group_company_names_run_on_to_the_right():
    found = {m.name: m.type for m in find_orgs("Med stöd av ALMI företagspartner Norr AB och Almi Fjällby-Sjö.")}
    assert found == {"ALMI företagspartner Norr AB": "Company", "Almi Fjällby-Sjö": "Company"}


def test_university_acronyms_alone_and_as_head_of_a_longer_name():
    assert [(m.name, m.type) for m in find_orgs("KTH leder arbetet.")] == [("KTH", "University")]
    assert names("Rådgivning via LTU Innovation.") == []


def test_fund_patterns_are_skipped_only_where_they_cannot_match():
    """A fund pattern is not run over a text that lacks its form (in any case when it ignores
    case); that test must never skip a text the pattern matches, whatever the letters: re pairs
    ı with i, ſ with s and µ with μ when ignoring case, which str.lower does not."""
    from ingest.extract.orgs import _absent, _fund_patterns, _lowered

    skipped = 0
    for pattern, entry, form, ignore_case in _fund_patterns():
        for written in entry.forms:
            variants = {written, written.upper(), written.lower(), written.title(), written.replace("s", "ſ"),
                        written.replace("i", "ı"), written.replace("I", "İ"), written.replace("u", "µ")}
            for variant in variants:
                for text in (f"Medel från {variant}.", f"– {variant}-programmet ”", f"Stöd ur {variant} och Ελλάδα",
                             "Finansieras av Tillväxtverket – med medel från staten."):
                    absent = _absent(form, ignore_case, text, _lowered(text))
                    assert not (absent and pattern.search(text)), (pattern.pattern, text)
                    skipped += absent
    assert skipped  # and it does skip
