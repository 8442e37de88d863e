"""The innokg CLI through typer's runner, on a real on-disk store."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import EXAMPLES

COUNT_MUNICIPAL_AUTHORITIES = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ikg:Municipality ; ikg:jurisdiction ?area }"
COUNT_COUNTIES = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ikg:County }"
COUNT_NUTS2 = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ikg:NutsRegion }"
COUNT_KOMMUN_CONCEPTS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ikg:MunicipalityArea ; skos:inScheme ikg:Kommuner }"


@pytest.fixture
def innokg(tmp_path):
    """Run the CLI against a fresh on-disk store; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"

    def run(*args: str):
        result = runner.invoke(app, ["--store", store, *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def scalar(innokg, sparql: str):
    code, out, err = innokg("query", sparql, "--format", "json")
    assert code == 0, err
    (row,) = json.loads(out)
    return int(next(iter(row.values())))


def test_fresh_store_knows_sweden(innokg):
    assert scalar(innokg, COUNT_MUNICIPAL_AUTHORITIES) == 290
    assert scalar(innokg, COUNT_KOMMUN_CONCEPTS) == 290
    assert scalar(innokg, COUNT_COUNTIES) == 21
    assert scalar(innokg, COUNT_NUTS2) == 8


def test_ingest_examples_then_stats_lists_five_documents(innokg):
    code, _, err = innokg("ingest", str(EXAMPLES))
    assert code == 0, err
    assert "5 added" in err
    code, out, _ = innokg("stats", "--format", "json")
    stats = {row["what"]: row["count"] for row in json.loads(out)}
    assert stats["documents"] == 5
    assert stats["projects"] == 3 and stats["participations"] > 0  # 4 project mentions, 2 of them one project


def test_second_ingest_changes_nothing(innokg):
    innokg("ingest", str(EXAMPLES))
    _, before, _ = innokg("export", "--format", "nq")
    code, _, err = innokg("ingest", str(EXAMPLES))
    assert code == 0 and "5 unchanged" in err
    _, after, _ = innokg("export", "--format", "nq")
    assert after == before and len(before) > 10_000


def test_ingest_reports_bad_files_by_name_and_exits_nonzero(innokg, tmp_path):
    (tmp_path / "tom.txt").write_bytes(b"")
    code, _, err = innokg("ingest", str(tmp_path / "tom.txt"), str(EXAMPLES / "000_06a0d4085e4286c9.txt"))
    assert code == 1
    assert "tom.txt: empty file" in err and "1 added" in err and "1 failed" in err


def test_query_formats(innokg):
    sparql = "SELECT ?code ?name WHERE { ?c a ikg:County ; skos:notation ?code ; skos:prefLabel ?name . FILTER(lang(?name) = 'sv') } ORDER BY ?code"
    _, out, _ = innokg("query", sparql, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code", "name"] and len(rows) == 22
    assert ["05", "Östergötlands län"] in [r[:2] for r in rows] or any(r[1] == "Östergötlands län" for r in rows)
    _, table, _ = innokg("query", sparql, "--format", "table")
    assert "Östergötlands län" in table


def test_query_from_file_and_ask(innokg, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("ASK { ?r a ikg:RegionalAuthority ; skos:prefLabel|skos:altLabel 'Region Östergötland'@sv }", encoding="utf-8")
    code, out, err = innokg("query", "-f", str(f), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == [{"boolean": True}]


def test_malformed_query_shows_parser_message_and_position(innokg):
    code, _, err = innokg("query", "SELECT ?x WHERE { ?x ?p }")
    assert code == 2
    assert "malformed query" in err and "1:" in err


def test_update_is_refused_and_changes_nothing(innokg):
    _, before, _ = innokg("export", "--format", "nq")
    code, _, err = innokg("query", "DELETE WHERE { ?s ?p ?o }")
    assert code == 2
    _, after, _ = innokg("export", "--format", "nq")
    assert after == before


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
                                             ("nq", ox.RdfFormat.N_QUADS)])
def test_export_parses(innokg, tmp_path, fmt, rdf_format):
    out = tmp_path / f"dump.{fmt}"
    code, _, _ = innokg("ingest", str(EXAMPLES))
    code, _, err = innokg("export", "--format", fmt, "--out", str(out))
    assert code == 0, err
    quads = list(ox.parse(path=str(out), format=rdf_format))
    assert len(quads) > 1000


def test_validate_conforms_on_reference_data_and_examples(innokg):
    innokg("ingest", str(EXAMPLES))
    code, out, err = innokg("validate")
    assert code == 0, out + err
    assert "conforms" in err


def test_extract_prints_schema_json(innokg):
    files = [str(EXAMPLES / "000_06a0d4085e4286c9.txt"), str(EXAMPLES / "001_83f693860bc3c89a.txt")]
    code, out, _ = innokg("extract", *files, "--format", "json")
    data = json.loads(out)
    assert code == 0 and [d["doc"] for d in data] == ["000_06a0d4085e4286c9.txt", "001_83f693860bc3c89a.txt"]
    assert all(set(d) >= {"doc", "lang", "projects", "actors", "relations", "regions", "funds"} for d in data)


def test_unknown_store_uri_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["--store", "ftp://nowhere", "stats"])
    assert result.exit_code == 2
    assert "unknown store URI" in result.stderr


def test_actors_lists_searches_and_flags_duplicates(innokg, tmp_path):
    innokg("ingest", str(EXAMPLES))
    code, out, _ = innokg("actors", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and listed and {"name", "type", "projects", "documents", "iri"} <= set(listed[0])
    assert listed == sorted(listed, key=lambda r: (-r["projects"], -r["documents"], r["name"]))
    _, out, _ = innokg("actors", "--search", "science park", "--format", "json")
    assert out and all("science park" in r["name"].casefold() for r in json.loads(out))
    _, out, _ = innokg("actors", "--type", "University", "--format", "json")
    assert {r["type"] for r in json.loads(out)} == {"University"}
    code, out, err = innokg("actors", "--duplicates", "--format", "json")
    pairs = {(r["name"], r["other"]) for r in json.loads(out)}
    assert ("Norrköpings Hamn", "Norrköpings Hamn och Stuveri AB") in pairs
    assert "[[same]]" in err


def test_curation_file_and_force_reresolve(innokg, tmp_path):
    innokg("ingest", str(EXAMPLES))
    curation = tmp_path / "curation.toml"
    curation.write_text('[[same]]\nnames = ["Norrköpings Hamn och Stuveri AB", "Norrköpings Hamn"]\n', encoding="utf-8")
    code, _, err = innokg("ingest", str(EXAMPLES), "--curation", str(curation), "--force")
    assert code == 0 and "5 replaced" in err
    _, out, _ = innokg("actors", "--duplicates", "--format", "json")
    assert "Norrköpings Hamn" not in {r["name"] for r in json.loads(out)}


def test_bad_curation_file_is_a_clear_error(innokg, tmp_path):
    curation = tmp_path / "bad.toml"
    curation.write_text("[[same]]\nnames = [\"one\"]\n", encoding="utf-8")
    code, _, err = innokg("ingest", str(EXAMPLES), "--curation", str(curation))
    assert code == 2 and "bad.toml" in err and "at least two" in err
