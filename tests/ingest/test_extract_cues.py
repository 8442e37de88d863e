"""Organisation types from name cues (org_type_cues.csv), one case per type, exceptions included."""

from __future__ import annotations

import pytest

from ingest.extract.cues import org_type


@pytest.mark.parametrize(("name", "type_"), [
    ("Falköpings kommun", "Municipality"),
    ("Malmö stad", "Municipality"),
    ("Region Halland", "Region"),
    ("Västra Götalandsregionen", "Region"),
    ("Landstinget Sörmland", "Region"),
    ("Umeå universitet", "University"),
    ("Högskolan i Borås", "University"),
    ("Karolinska Institutet", "University"),
    ("Östersunds Mekaniska AB", "Company"),
    ("Lantmännen ekonomisk förening", "Company"),
    ("Exempel Science Park", "ScienceParkOrIncubator"),
    ("Företagsinkubatorn Norr", "ScienceParkOrIncubator"),
    ("Skogsklustret", "Cluster"),
    ("Tillväxtverket", "GovernmentAgency"),
    ("Länsstyrelsen i Dalarnas län", "GovernmentAgency"),
    ("IVL Svenska Miljöinstitutet", "ResearchInstitute"),
    ("Svenska Uppfinnareföreningen", "Association"),
    ("Stiftelsen Exempelfonden", "Association"),
    ("Västsvenska Handelskammaren", "Association"),
])
def test_each_type(name, type_):
    assert org_type(name) == type_


@pytest.mark.parametrize(("name", "type_"), [
    ("Sahlgrenska universitetssjukhuset", "Region"),   # a hospital, not a university
    ("Exempelby folkhögskola", "Association"),         # a folk high school, not a university
    ("Göteborgs Science Park AB", "ScienceParkOrIncubator"),  # science park before company
])
def test_exception_rows_win(name, type_):
    assert org_type(name) == type_


@pytest.mark.parametrize("name", ["Nätverket", "Projektgruppen", "Storgatan"])
def test_common_words_have_no_type(name):
    assert org_type(name) is None


@pytest.mark.parametrize(("name", "type_"), [
    ("Robotics Region", "Cluster"),              # an English brand name ending in Region
    ("Sustainable Forest Region", "Cluster"),
    ("Kalmar Region", "Region"),                 # a county before Region: the authority
    ("Fjällby Business Region", "Company"),      # municipal business-development company
    ("Almi Företagspartner Norr AB", "Company"),  # nationwide group prefix
    ("IUC Fjällby", "Company"),
    ("LiU", "University"),                       # university acronym of the gazetteer
    ("KTH", "University"),
])
def test_brand_regions_groups_and_university_acronyms(name, type_):
    assert org_type(name) == type_


@pytest.mark.parametrize("name", ["Baltic Sea Region", "Barents Region"])
def test_areas_named_region_are_no_organisations(name):
    assert org_type(name) is None
