"""Generic tables (CSV, TSV, XLSX) through a mapping file; the shipped example mappings parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from graph import python_value
from ingest.sources.importer import import_file
from ingest.sources.table import MappingError, read_mapping
from ontology import ids
from tests.conftest import reference_store

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = ROOT / "examples" / "mappings"
HEADER = ["Projekt", "Diarienummer", "Sökande", "Org.nr", "Beviljat belopp", "Startdatum", "Slutdatum", "Kommun"]
ROWS = [  # constructed rows: the shape of a regional grants spreadsheet
    ["Vätgasdalen", "RÖ 2024-17", "Acme Energi AB", "556074-3089", "1 250 000", "2024-03-01", "2025-12-31", "Linköping"],
    ["Drönarhubb Öst", "RÖ 2024-18", "Kungliga Tekniska högskolan", "202100-3054", "480000,50", "2024-05-01", "2026-04-30", "Norrköping"],
]


def grants(store):
    rows = store.query(f"""SELECT ?case ?amount ?currency ?recipient WHERE {{
        ?f a ikg:Funding ; ikg:actor {ids.regional_authority("05")} ; ikg:project ?p ; ikg:amount ?amount ;
           ikg:currency ?currency ; ikg:recipient ?r . ?p ikg:caseId ?case . ?r ikg:organisationNumber ?recipient }}
        ORDER BY ?case""").rows
    return [tuple(python_value(t) for t in r) for r in rows]


EXPECTED = [("RÖ 2024-17", 1250000.0, "SEK", "556074-3089"), ("RÖ 2024-18", 480000.5, "SEK", "202100-3054")]


@pytest.mark.parametrize("suffix, delimiter", [(".csv", ";"), (".tsv", "\t"), (".csv", ",")])
def test_csv_and_tsv_with_a_mapping(tmp_path, suffix, delimiter):
    import csv

    path = tmp_path / f"grants{suffix}"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows([HEADER, *ROWS])
    store = reference_store()
    outcome = import_file(store, path, "table", mapping=read_mapping(MAPPINGS / "regional-grants.toml"))
    assert (outcome.status, outcome.rows, outcome.rejected) == ("added", 2, 0), outcome.errors
    assert grants(store) == EXPECTED
    area = store.query(f'ASK {{ ?p ikg:caseId "RÖ 2024-17" ; ikg:area {ids.municipality_area("0580")} }}')
    assert area.boolean


def test_xlsx_sheet_with_a_mapping_and_a_bad_cell(tmp_path):
    book = Workbook()
    book.active.title = "Annat"
    sheet = book.create_sheet("Beviljade")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row[:4] + [float(row[4].replace(" ", "").replace(",", "."))] + row[5:])
    sheet.append(["Trasig rad", "RÖ 2024-19", "Acme Energi AB", "556074-3089", "mycket", None, None, None])
    path = tmp_path / "grants.xlsx"
    book.save(path)
    store = reference_store()
    outcome = import_file(store, path, "table", mapping=read_mapping(MAPPINGS / "regional-grants.toml"))
    assert (outcome.rows, outcome.rejected) == (2, 1)
    assert str(outcome.errors[0]) == "row 4, column Beviljat belopp: 'mycket' is not a number"
    assert grants(store) == EXPECTED


@pytest.mark.parametrize("mapping", sorted(MAPPINGS.glob("*.toml")), ids=lambda p: p.name)
def test_example_mappings_parse(mapping):
    assert read_mapping(mapping).columns["project"]


@pytest.mark.parametrize("text, message", [
    ("[columns]\nproject = 'P'\n", "needs actor"),
    ("[columns]\nproject = 'P'\nactor = 'A'\nsize = 'S'\n", "unknown field(s) size"),
    ("[columns]\nproject = 'P'\nactor = 'A'\namount = 'B'\n[values]\nfunder = 'X'\n", "needs its currency"),
    ("[columns]\nproject = 'P'\nactor = 'A'\namount = 'B'\n[values]\ncurrency = 'SEK'\n", "needs a funder"),
    ("[columns]\nproject = 'P'\nactor = 'A'\n[values]\nrole = 'sponsors'\n", "not one of owns"),
    ("[colums]\n", "unknown section(s) colums"),
])
def test_bad_mappings_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_mapping(path)


def test_a_changed_mapping_reimports_an_unchanged_table(tmp_path):
    import csv

    path = tmp_path / "grants.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([HEADER, *ROWS])
    mapping = tmp_path / "m.toml"
    mapping.write_text((MAPPINGS / "regional-grants.toml").read_text(encoding="utf-8"), encoding="utf-8")
    store = reference_store()
    assert import_file(store, path, "table", mapping=read_mapping(mapping)).status == "added"
    assert import_file(store, path, "table", mapping=read_mapping(mapping)).status == "unchanged"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace('actor_type = "Company"', 'actor_type = "Other"'),
                       encoding="utf-8")
    assert import_file(store, path, "table", mapping=read_mapping(mapping)).status == "replaced"
    assert len(store.query("SELECT ?d WHERE { GRAPH ?m { ?d dcterms:isVersionOf ?doc } }").rows) == 1
