"""Types from descriptors and appositions around untyped names, and the merges that keep one entity per name."""

from __future__ import annotations

import pytest

from ingest.extract.descriptors import described_names, descriptor_type
from ingest.extract.registry import Registry

from .test_extract_documents import actor, extract


def typed(text: str) -> list[tuple[str, str | None]]:
    return [(name, typ) for _, name, typ in described_names(text)]


@pytest.mark.parametrize(("noun", "type_"), [
    ("klusterorganisationen", "Cluster"), ("energiklustret", "Cluster"), ("inkubatorn", "ScienceParkOrIncubator"),
    ("forskningsinstitutet", "ResearchInstitute"), ("branschföreningen", "Association"), ("stiftelsen", "Association"),
    ("it-företaget", "Company"), ("ekonomisk förening", "Company"), ("the cluster", "Cluster"),
    ("nätverket", None),
])
def test_descriptor_nouns_by_their_head(noun, type_):
    assert descriptor_type(noun) == type_


def test_descriptor_before_the_name():
    assert typed("Arbetet leds av inkubatorn Startlabbet och forskningsinstitutet Havsljus.") == [
        ("Startlabbet", "ScienceParkOrIncubator"), ("Havsljus", "ResearchInstitute")]
    assert typed("Partners are the cluster Arctic Motion and the company Nordljus.") == [
        ("Arctic Motion", "Cluster"), ("Nordljus", "Company")]


def test_apposition_after_the_name():
    assert typed("Nordljus, ett teknikföretag i Eda, deltar.") == [("Nordljus", "Company")]
    assert typed("Fjällkraft (ett helägt bolag) deltar.") == [("Fjällkraft", "Company")]
    assert typed("Grönt Lyft är en ideell förening.") == [("Grönt Lyft", "Association")]
    assert typed("Cleantech Fjäll blir åter ett aktivt miljöteknikkluster.") == [("Cleantech Fjäll", "Cluster")]
    assert typed("Havsljus is a research institute in Eda.") == [("Havsljus", "ResearchInstitute")]


def test_no_type_from_pronouns_projects_or_indefinite_nouns():
    assert typed("Det är ett företag. Vi är en förening.") == []
    assert typed("Projektet är ett samverkansprojekt mellan företag för Nordljus.") == []
    assert typed("Stödet går till företag Sverige över.") == []


def test_a_list_member_gets_the_type_its_apposition_gives():
    out = extract("Grön Hamn\n\nProjektet Grön Hamn drivs i samverkan med Fjällkraft och Eda kommun. "
                  "Fjällkraft, ett bolag som tillverkar turbiner, står för tekniken.\n")
    assert actor(out, "Fjällkraft")["type"] == "Company"


@pytest.mark.parametrize(("first", "second"), [
    ("Fjällby Trä Utveckling AB", "Fjällby Trä"),      # registered and short form of a company
    ("Fjällby Trä", "Fjällby Trä Utveckling AB"),
    ("Edéuniversitetet", "Edeuniversitetet"),          # accent dropped
    ("Exempeluniversitetet", "Exempeluniversietet"),   # a typo
    ("Karlstads universitet", "KAU"),                  # university acronym of the gazetteer
])
def test_forms_of_one_organisation_merge(first, second):
    r = Registry("sv")
    r.actor(first, None)
    r.actor(second, None)
    assert len(r.actors) == 1


def test_different_organisations_stay_apart():
    r = Registry("sv")
    for name in ("Norduniversitetet", "Syduniversitetet", "Fjällby Trä", "Fjällby Hamn AB"):
        r.actor(name, None)
    assert len(r.actors) == 4
