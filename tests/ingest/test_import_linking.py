"""An imported project and a text document about the same project are one project (issue 9).

The key: the project's title, through the project resolver (curated, exact and variant spellings,
not similarity), in both directions — a text ingested after the import finds the imported title
among the known project labels; an import after the text finds the text's project by its title
and keeps that IRI, recording the table's project id (``dcterms:identifier``) on it so later
imports of the table find it again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import python_value
from ingest.pipeline import batch_resolvers, ingest_paths
from ingest.sources.importer import import_file
from ontology import ids
from tests.conftest import reference_store

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
SWECRIS = DATA / "swecris_projects_kth_sample.csv"
TEXT = """SOURCE: https://example.org/projekt/xr

Multisensoriskt lärande i XR

Projektägare: Kungliga Tekniska högskolan (KTH)
Projektperiod: 15 juli 2025 – 14 juli 2027
Region Stockholm medfinansierar projektet med 500 000 kr.
"""
TITLE = "Multisensoriskt lärande i XR"  # SweCRIS 2025-01003_Vinnova: Vinnova 5 690 773 SEK to KTH

FUNDING_OF_THE_PROJECT = f"""SELECT ?p ?funder ?amount ?currency ?source WHERE {{
  ?p dcterms:title "{TITLE}" .
  GRAPH ?doc {{ ?f a ikg:Funding ; ikg:project ?p ; ikg:actor ?a ; ikg:amount ?amount ; ikg:currency ?currency }}
  ?a skos:prefLabel ?funder FILTER (lang(?funder) IN ("sv", ""))
  OPTIONAL {{ ?doc dcterms:source ?url }} OPTIONAL {{ ?doc ikg:sourcePath ?path }}
  BIND (COALESCE(?url, ?path) AS ?source)
}} ORDER BY ?amount"""


def ingest_text(store, tmp_path, text=TEXT, name="xr.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert [o.status for o in ingest_paths(store, [tmp_path / name])] == ["added"]


def projects_titled(store, title=TITLE) -> set:
    return {r[0] for r in store.query(f'SELECT DISTINCT ?p WHERE {{ ?p a ikg:Project ; dcterms:title "{title}" }}').rows}


@pytest.mark.parametrize("text_first", [True, False], ids=["text, then table", "table, then text"])
def test_a_table_row_and_a_text_about_the_same_project_are_one_project(tmp_path, text_first):
    store = reference_store()
    if text_first:
        ingest_text(store, tmp_path)
        assert import_file(store, SWECRIS, "swecris").status == "added"
    else:
        assert import_file(store, SWECRIS, "swecris").status == "added"
        ingest_text(store, tmp_path)
    assert len(projects_titled(store)) == 1
    rows = [tuple(python_value(t) for t in r) for r in store.query(FUNDING_OF_THE_PROJECT).rows]
    assert len({r[0] for r in rows}) == 1  # one project IRI in every row
    by_source = {("text" if r[4].startswith("https://") else Path(r[4]).name): r[1:4] for r in rows}
    assert by_source == {"text": ("Region Stockholm", 500000.0, "SEK"),
                         SWECRIS.name: ("Vinnova (Verket för innovationssystem)", 5690773.0, "SEK")}
    # the table's project id is on the project, whichever IRI it has
    project = next(iter(projects_titled(store)))
    keys = {python_value(r[0]) for r in store.query(f"SELECT ?k WHERE {{ {project} dcterms:identifier ?k }}").rows}
    assert keys == {"swecris/2025-01003_Vinnova"}
    expected = ids.project(TITLE) if text_first else ids.record_project("swecris", "2025-01003_Vinnova")
    assert project == expected


def test_a_linked_project_keeps_its_iri_when_the_table_is_imported_again(tmp_path):
    store = reference_store()
    ingest_text(store, tmp_path)
    copy = tmp_path / "swecris.csv"
    shutil.copy(SWECRIS, copy)
    assert import_file(store, copy, "swecris").status == "added"
    assert import_file(store, copy, "swecris", force=True).status == "replaced"
    copy.write_text(SWECRIS.read_text(encoding="utf-8").replace("5690773", "5690774"), encoding="utf-8")
    assert import_file(store, copy, "swecris").status == "replaced"  # a new version of the file
    assert projects_titled(store) == {ids.project(TITLE)}
    amounts = {python_value(r[2]) for r in store.query(FUNDING_OF_THE_PROJECT).rows}
    assert amounts == {500000.0, 5690774.0}


def test_acronyms_and_other_projects_of_the_same_table_never_link_by_title(tmp_path):
    store = reference_store()
    ingest_text(store, tmp_path, TEXT.replace(TITLE, "TESTPROJ"), "acronym.txt")  # a text project named like an acronym
    assert import_file(store, DATA / "cordis_organization_kth_constructed.csv", "cordis").status == "added"
    assert projects_titled(store, "TESTPROJ") == {ids.project("TESTPROJ"), ids.record_project("cordis", "101999999")}
    # two projects of one table with the same title stay two (their ids differ)
    table = tmp_path / "twins.csv"
    header = SWECRIS.read_text(encoding="utf-8").splitlines()[0]
    rows = [line for line in SWECRIS.read_text(encoding="utf-8").splitlines()[1:] if "2025-01003_Vinnova" in line]
    twin = rows[0].replace("2025-01003_Vinnova", "2025-09999_Vinnova").replace('"2025-01003"', '"2025-09999"')
    table.write_text("\n".join([header, rows[0], twin]) + "\n", encoding="utf-8")
    assert import_file(store, table, "swecris", resolvers=batch_resolvers(store)).rows == 2
    assert projects_titled(store) == {ids.record_project("swecris", "2025-01003_Vinnova"),
                                      ids.record_project("swecris", "2025-09999_Vinnova")}


def test_the_documented_query_answers_funding_from_both_sources(tmp_path):
    import re

    store = reference_store()
    ingest_text(store, tmp_path)
    import_file(store, SWECRIS, "swecris")
    docs = (Path(__file__).resolve().parents[2] / "docs" / "importers.md").read_text(encoding="utf-8")
    (query,) = [b for b in re.findall(r"```sparql\n(.*?)```", docs, re.S) if TITLE in b]
    rows = {tuple(python_value(t) for t in r[:3]) for r in store.query(query).rows}
    assert rows == {("Region Stockholm", 500000.0, "SEK"), ("Vinnova (Verket för innovationssystem)", 5690773.0, "SEK")}
