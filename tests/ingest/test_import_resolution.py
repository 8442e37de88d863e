"""One organisation across SweCRIS, CORDIS and a text document is one actor; the acceptance run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import python_value
from ingest.curation import Curation
from ingest.pipeline import batch_resolvers, ingest_paths
from ingest.sources.importer import import_file
from tests.conftest import reference_store

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
QUERIES = Path(__file__).resolve().parents[2] / "api" / "queries"
TEXT = """SOURCE: https://example.org/projekt/kth-vatgas

Vätgaslabb Stockholm

Projektägare: Kungliga Tekniska högskolan (KTH)
Projektperiod: 1 mars 2022 – 28 februari 2024
Samverkansparter: Stockholms stad och Vattenfall AB.
Projektet finansieras av Vinnova med 2 000 000 kr.
"""

KTH_FUNDING = """SELECT DISTINCT ?funder ?amount ?currency ?source WHERE {
  ?kth ikg:organisationNumber "202100-3054" .
  ?part ikg:actor ?kth ; ikg:project ?p .
  GRAPH ?doc { ?f a ikg:Funding ; ikg:project ?p ; ikg:actor ?fa ; ikg:amount ?amount ; ikg:currency ?currency }
  FILTER NOT EXISTS { ?f ikg:recipient ?other FILTER (?other != ?kth) }
  ?fa skos:prefLabel ?funder FILTER (lang(?funder) IN ("en", ""))
  ?doc dcterms:source|ikg:sourcePath ?source
} ORDER BY ?source ?amount"""

VINNOVA_TO_KTH = """SELECT DISTINCT ?project ?amount ?currency ?source WHERE {
  ?vinnova skos:prefLabel "Vinnova (Verket för innovationssystem)"@sv .
  ?kth skos:altLabel "KTH" .
  GRAPH ?doc { ?f a ikg:Funding ; ikg:actor ?vinnova ; ikg:recipient ?kth ; ikg:project ?p ;
               ikg:amount ?amount ; ikg:currency ?currency }
  ?p dcterms:title ?project .
  ?doc ikg:sourcePath ?source
} ORDER BY DESC(?amount)"""


@pytest.mark.parametrize("curation", [None, Curation()], ids=["bundled curation", "identifiers and names only"])
def test_one_organisation_in_three_sources_is_one_actor(tmp_path, curation):
    store = reference_store()
    (tmp_path / "kth.txt").write_text(TEXT, encoding="utf-8")
    assert [o.status for o in ingest_paths(store, [tmp_path / "kth.txt"], curation=curation)] == ["added"]
    resolvers = batch_resolvers(store, curation)
    for source, name in (("swecris", "swecris_projects_kth_sample.csv"), ("cordis", "cordis_organization_kth_constructed.csv")):
        assert import_file(store, DATA / name, source, resolvers=resolvers).status == "added"
    kth = store.query("""SELECT DISTINCT ?a WHERE { { ?a skos:altLabel ?n FILTER (lcase(str(?n)) IN
        ("kungliga tekniska högskolan", "kth", "kungliga tekniska hoegskolan", "kth, kungliga tekniska högskolan")) }
        UNION { ?a ikg:organisationNumber|ikg:pic|ikg:vatNumber ?id } FILTER (CONTAINS(STR(?a), "/org/")) }""").rows
    ids_of_kth = store.query('SELECT DISTINCT ?a WHERE { ?a ikg:organisationNumber "202100-3054" }').rows
    assert len(ids_of_kth) == 1 and ids_of_kth[0] in kth
    rows = [tuple(python_value(t) for t in r) for r in store.query(KTH_FUNDING).rows]
    by_source = {Path(str(r[3])).name if "/" in str(r[3]) and not str(r[3]).startswith("http") else r[3]: r for r in rows}
    assert by_source["https://example.org/projekt/kth-vatgas"][1:3] == (2000000.0, "SEK")
    assert by_source["cordis_organization_kth_constructed.csv"][1:3] == (1234567.5, "EUR")
    swecris = [r for r in rows if str(r[3]).endswith("swecris_projects_kth_sample.csv")]
    assert {r[2] for r in swecris} == {"SEK"} and len(swecris) == 7  # 5 Vinnova, Formas, Energimyndigheten


def test_acceptance_import_query_reimport(tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"

    def run(*args):
        result = runner.invoke(app, ["--store", store, *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    code, _, err = run("import", "swecris", str(DATA / "swecris_projects_kth_sample.csv"))
    assert code == 0 and "added, 10 rows imported, 0 rejected" in err
    cordis = [str(DATA / f) for f in ("cordis_organization.csv", "cordis_organization_kth_constructed.csv",
                                      "cordis_topics.csv", "cordis_legalBasis.csv")]
    code, _, err = run("import", "cordis", *cordis)
    assert code == 0, err
    code, out, _ = run("query", "-f", str(QUERIES / "who-funds-what.rq"), "--format", "json")
    rows = json.loads(out)
    vinnova = [r for r in rows if r["funder"].startswith("Vinnova") and r["currency"] == "SEK"
               and r["source"].endswith("swecris_projects_kth_sample.csv")]
    assert len(vinnova) == 8 and any(r["amount"] == "14500000" for r in vinnova)
    eur = [r for r in rows if r["currency"] == "EUR"]
    assert len(eur) == 12 and all(r["source"].endswith(".csv") and "cordis_organization" in r["source"] for r in eur)
    code, out, _ = run("query", VINNOVA_TO_KTH, "--format", "json")
    grants = json.loads(out)
    assert len(grants) == 5 and {g["currency"] for g in grants} == {"SEK"}
    assert all(g["source"].endswith("swecris_projects_kth_sample.csv") for g in grants)
    code, out, _ = run("query", 'SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a skos:altLabel ?l '
                                'FILTER (lcase(str(?l)) IN ("kth", "kungliga tekniska hoegskolan")) }', "--format", "csv")
    assert out.splitlines()[1] == "1"  # KTH is one actor
    _, before, _ = run("export", "--format", "nq")
    code, _, err = run("import", "cordis", *cordis)
    assert code == 0 and err.count("unchanged") == 4
    code, _, _ = run("import", "swecris", str(DATA / "swecris_projects_kth_sample.csv"))
    _, after, _ = run("export", "--format", "nq")
    assert before == after
