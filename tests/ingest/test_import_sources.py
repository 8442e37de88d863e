"""SweCRIS and CORDIS importers on the real sample rows (tests/data/importers/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from graph import ExportFormat, python_value
from ingest.sources.importer import import_file
from ontology import ids
from tests.conftest import reference_store

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
SWECRIS = DATA / "swecris_projects_kth_sample.csv"
CORDIS = DATA / "cordis_organization.csv"
KTH = ids.organisation("Kungliga Tekniska högskolan")  # the curated IRI (ontology/curation.toml)


def dump(store) -> bytes:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return buf.getvalue()


@pytest.fixture(scope="module")
def samples():
    store = reference_store()
    outcomes = [import_file(store, path, source) for source, path in (
        ("swecris", SWECRIS), ("cordis", CORDIS), ("cordis", DATA / "cordis_topics.csv"),
        ("cordis", DATA / "cordis_legalBasis.csv"))]
    return store, outcomes


def rows(store, sparql):
    return [tuple(python_value(t) for t in row) for row in store.query(sparql).rows]


def test_every_sample_row_goes_in(samples):
    _, outcomes = samples
    assert [(o.status, o.rows, o.rejected) for o in outcomes] == [("added", 10, 0), ("added", 11, 0),
                                                                  ("added", 5, 0), ("added", 5, 0)]


def test_swecris_grants_keep_sek_funder_recipient_and_year(samples):
    store, _ = samples
    grants = rows(store, f"""SELECT ?case ?amount ?currency ?year WHERE {{
        ?f a ikg:Funding ; ikg:actor {ids.fund("vinnova")} ; ikg:recipient {KTH} ; ikg:project ?p ;
           ikg:amount ?amount ; ikg:currency ?currency ; ikg:year ?year . ?p ikg:caseId ?case }} ORDER BY ?case""")
    assert ("2025-01169", 628832.0, "SEK", 2026) in grants
    assert len(grants) == 5  # KTH's five Vinnova grants in the sample
    assert rows(store, f"SELECT ?n WHERE {{ {KTH} ikg:organisationNumber ?n }}") == [("202100-3054",)]
    volvo = rows(store, 'SELECT DISTINCT ?t WHERE { ?a ikg:organisationNumber "556074-3089" ; a ?t }')
    assert ("https://w3id.org/innokg/ontology#Company",) in volvo


def test_people_keep_name_role_and_orcid_only(samples):
    store, _ = samples
    text = dump(store).decode()
    assert "Ming Xiao" in text and "0000-0002-5407-0835" in text and "Projektledare" in text
    assert "Male" not in text and "Female" not in text and "43471" not in text  # gender, SweCRIS person id


def test_cordis_contributions_in_eur_with_identifiers(samples):
    store, _ = samples
    (amount,) = rows(store, """SELECT ?amount WHERE { ?f ikg:recipient ?a ; ikg:amount ?amount ; ikg:currency "EUR" .
        ?a ikg:pic "999643007" }""")
    assert amount == (528340.97,)  # netEcContribution of the EUROfusion third party
    assert rows(store, 'SELECT ?v WHERE { ?a ikg:pic "998221957" ; ikg:vatNumber ?v }') == [("CHE105833232MWST",)]
    iccs = rows(store, 'SELECT DISTINCT ?a WHERE { ?a ikg:pic "999654356" }')
    assert len(iccs) == 1  # one PIC, one actor, across FP7 and HORIZON rows
    assert rows(store, f'SELECT ?t WHERE {{ {ids.record_project("cordis", "101116741")} ikg:callTopic ?t }}') == \
        [("ERC-2023-STG",)]


def test_reimport_changes_nothing(samples):
    store, _ = samples
    before = dump(store)
    assert {import_file(store, p, s).status for s, p in (("swecris", SWECRIS), ("cordis", CORDIS))} == {"unchanged"}
    assert dump(store) == before


def test_import_validates(samples):
    from ontology.validation import validate

    store, _ = samples
    report = validate(dump(store))
    assert report.conforms, report.violations[:5]


def test_country_filter_keeps_swedish_participants(tmp_path):
    store = reference_store()
    both = tmp_path / "organization.csv"
    kth = (DATA / "cordis_organization_kth_constructed.csv").read_text(encoding="utf-8").splitlines()[1]
    both.write_text(CORDIS.read_text(encoding="utf-8") + kth + "\n", encoding="utf-8")
    outcome = import_file(store, both, "cordis", country="se", programme="HORIZON")
    assert (outcome.rows, outcome.skipped, outcome.rejected) == (1, 11, 0)
    assert rows(store, "SELECT ?fund ?area WHERE {{ ?f ikg:recipient ?a ; ikg:actor ?fund . ?a ikg:locatedIn ?area }}") \
        == [(ids.fund("horizon_europe").value, ids.county_area("01").value)]


PROJECT_HEADER = ('"id";"acronym";"status";"title";"startDate";"endDate";"totalCost";"ecMaxContribution";"legalBasis";'
                  '"topics";"ecSignatureDate";"frameworkProgramme";"masterCall";"subCall";"fundingScheme";"nature";'
                  '"objective";"contentUpdateDate";"rcn";"grantDoi"')


def test_project_csv_then_organisations_and_the_documented_conversion(tmp_path):
    """project.csv (header of the published file, a constructed row) sets the programme that funds the
    participants; docs/importers.md's query converts the EUR contribution with the 2023 ECB rate."""
    import re

    from ingest.sources.rates import ensure_rates

    store = reference_store()
    ensure_rates(store)
    project = tmp_path / "project.csv"
    project.write_text(PROJECT_HEADER + '\n"101999999";"TESTPROJ";"SIGNED";"A test project";"2023-02-01";"2026-01-31";'
                       '"2000000,50";"1500000";"HORIZON.2.5";"HORIZON-CL5-2021-D3-01-01";"2022-12-01";"HORIZON";"";"";'
                       '"HORIZON-RIA";"";"Text; with a semicolon";"2023-01-01 10:00:00";"123";"10.3030/101999999"\n',
                       encoding="utf-8")
    assert import_file(store, project, "cordis").rows == 1
    assert import_file(store, DATA / "cordis_organization_kth_constructed.csv", "cordis").rows == 1
    blocks = re.findall(r"```sparql\n(.*?)```", (Path(__file__).parents[2] / "docs" / "importers.md").read_text(), re.S)
    (query,) = [b for b in blocks if "ikg:ExchangeRate" in b]
    (row,) = rows(store, query)
    assert row[:4] == ("Horizon Europe", 1234567.5, "EUR", 2023) and row[4] == pytest.approx(1234567.5 * 11.4788)
    details = rows(store, f"""SELECT ?budget ?cur ?scheme ?part ?fp WHERE {{ {ids.record_project("cordis", "101999999")}
        ikg:totalBudget ?budget ; ikg:currency ?cur ; ikg:fundingScheme ?scheme ; ikg:programmePart ?part ;
        ikg:frameworkProgramme ?fp }}""")
    assert details == [(2000000.5, "EUR", "HORIZON-RIA", "HORIZON.2.5", ids.fund("horizon_europe").value)]
