"""Malformed tables: clear errors naming file, row and column; nothing half-imported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import ExportFormat
from ingest.sources.importer import import_file
from tests.conftest import reference_store

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
SWECRIS = (DATA / "swecris_projects_kth_sample.csv").read_text(encoding="utf-8")
CORDIS = (DATA / "cordis_organization.csv").read_text(encoding="utf-8")


def dump(store) -> bytes:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return buf.getvalue()


@pytest.fixture
def store():
    return reference_store()


def write(tmp_path, name, text, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_bad_numbers_and_checksums_are_reported_and_the_rest_goes_in(store, tmp_path):
    text = SWECRIS.replace('"628832"', '"6x8832"').replace('"556074-3089"', '"556074-3088"')
    outcome = import_file(store, write(tmp_path, "swecris.csv", text), "swecris")
    assert outcome.status == "added" and outcome.failed and (outcome.rows, outcome.rejected) == (8, 2)
    assert [str(e) for e in outcome.errors] == [
        "row 2, column FundingsSek: '6x8832' is not a number",
        "row 5, column CoordinatingOrganisationId: '556074-3088' fails the organisation-number check digit"]
    assert store.query('ASK { ?p ikg:caseId "2025-01169" }').boolean is False  # the whole row is left out


def test_missing_columns_refuse_the_file_and_write_nothing(store, tmp_path):
    before = dump(store)
    text = SWECRIS.replace('"FundingsSek"', '"Funding"')
    outcome = import_file(store, write(tmp_path, "swecris.csv", text), "swecris")
    assert outcome.status == "failed" and "missing column(s) FundingsSek" in outcome.error
    assert dump(store) == before


def test_wrong_delimiter_is_named(store, tmp_path):
    before = dump(store)
    outcome = import_file(store, write(tmp_path, "swecris.csv", SWECRIS.replace('";"', '","')), "swecris")
    assert outcome.status == "failed" and "looks ','-separated, expected ';'" in outcome.error
    assert dump(store) == before


def test_a_bom_is_harmless(store, tmp_path):
    outcome = import_file(store, write(tmp_path, "org.csv", "\ufeff" + CORDIS), "cordis")
    assert (outcome.status, outcome.rows, outcome.rejected) == ("added", 11, 0)


def test_windows_1252_is_refused_with_the_line_and_readable_with_encoding(store, tmp_path):
    before = dump(store)
    path = write(tmp_path, "swecris.csv", SWECRIS, encoding="cp1252")
    outcome = import_file(store, path, "swecris")
    assert outcome.status == "failed" and "not utf-8 text" in outcome.error and "line 2" in outcome.error
    assert "--encoding cp1252" in outcome.error and dump(store) == before
    outcome = import_file(store, path, "swecris", encoding="cp1252")
    assert (outcome.status, outcome.rows) == ("added", 10)
    assert store.query('ASK { ?a skos:altLabel "Kungliga tekniska högskolan" }').boolean


def test_rows_with_too_many_or_too_few_fields(store, tmp_path):
    lines = CORDIS.splitlines()
    lines[2] = lines[2] + ';"extra"'
    lines[3] = ";".join(lines[3].split(";")[:5])
    outcome = import_file(store, write(tmp_path, "org.csv", "\n".join(lines) + "\n"), "cordis")
    assert [e.row for e in outcome.errors] == [3, 4] and "26 fields where the header has 25" in outcome.errors[0].reason
    assert outcome.rows == 9


def test_a_file_whose_every_row_fails_is_not_written(store, tmp_path):
    before = dump(store)
    lines = CORDIS.splitlines()
    broken = [lines[0]] + [line.replace('"coordinator"', '""').replace('"participant"', '""')
                          .replace('"thirdParty"', '""').replace('"partner"', '""') for line in lines[1:]]
    outcome = import_file(store, write(tmp_path, "org.csv", "\n".join(broken) + "\n"), "cordis")
    assert outcome.status == "failed" and outcome.rejected == 11 and dump(store) == before
    assert str(outcome.errors[0]) == "row 2, column role: empty"


def test_unreadable_and_empty_files(store, tmp_path):
    assert "cannot read" in import_file(store, tmp_path / "missing.csv", "swecris").error
    assert "empty file" in import_file(store, write(tmp_path, "empty.csv", ""), "swecris").error
    assert "not a readable Excel workbook" in import_file(store, write(tmp_path, "x.xlsx", "no zip"), "table",
                                                           mapping=None).error


def test_cli_reports_rows_and_exits_1(tmp_path):
    path = write(tmp_path, "swecris.csv", SWECRIS.replace('"2025-09-01"', '"2025-13-01"', 1))
    result = CliRunner().invoke(app, ["--store", "memory:", "import", "swecris", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{path}: row 3, column ProjectStartDate: '2025-13-01' is not a valid date" in result.stderr
    assert "added, 9 rows imported, 1 rejected" in result.stderr


def test_cli_refuses_a_broken_mapping_with_exit_2(tmp_path):
    mapping = write(tmp_path, "m.toml", "[columns]\nproject = 'P'\n")
    table = write(tmp_path, "t.csv", "P;A\nx;y\n")
    result = CliRunner().invoke(app, ["--store", "memory:", "import", "table", str(table), "--mapping", str(mapping)])
    assert result.exit_code == 2 and "[columns] needs actor" in result.stderr
