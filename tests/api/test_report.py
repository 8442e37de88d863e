"""The smart-specialisation report: numbers against a hand-built graph (figures computed by hand), the
examples (acceptance of issue 7), the command, the server route and escaping."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pyoxigraph import Literal, NamedNode, Quad
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.report import ReportError, ReportFormat, region_reports, render_report
from api.settings import Settings
from graph import Change
from ingest.classify import Claim, claim_quads
from ontology import ids
from ontology.s3 import load_s3
from ontology.terms import DCTERMS, IKG, PROV, RDF, SCHEMA, SKOS, XSD
from tests.conftest import reference_store

VOCAB = load_s3()
THEME = {t.notation: NamedNode(t.iri) for t in VOCAB.themes}
FUNCTION = {f.notation: NamedNode(f.iri) for f in VOCAB.functions}

D1, D2, D3 = (ids.document(f"test:report-{i}") for i in (1, 2, 3))
P1, P2, P3 = ids.project("Alfa"), ids.project("Beta"), ids.project("Gamma")
FUND = ids.organisation("Testfonden")
REGION = ids.regional_authority("05")
CLUSTER = ids.organisation("Klustret AB")
PARK = ids.organisation("Parken AB")
NETWORK = ids.organisation("Nätverket <script>alert(1)</script>")
LINKOPING = ids.municipal_authority("0580")


def _project(doc, iri, title, area, start):
    return [Quad(iri, RDF.type, IKG.Project, doc), Quad(iri, DCTERMS.title, Literal(title), ids.LABELS_GRAPH),
            Quad(iri, SKOS.altLabel, Literal(title), doc), Quad(iri, IKG.area, area, doc),
            Quad(iri, SCHEMA.startDate, Literal(start, datatype=XSD.date), doc), Quad(iri, PROV.wasDerivedFrom, doc, doc)]


def _actor(doc, iri, cls, name, place=None):
    q = [Quad(iri, RDF.type, cls, doc), Quad(iri, SKOS.prefLabel, Literal(name), ids.LABELS_GRAPH),
         Quad(iri, PROV.wasDerivedFrom, doc, doc)]
    return q + ([Quad(iri, IKG.locatedIn, place, doc)] if place else [])


def _role(doc, project, actor, role, amount=None):
    node = ids.participation(project, role.value, actor)
    q = [Quad(node, RDF.type, IKG.Participation, doc), Quad(node, IKG.actor, actor, doc),
         Quad(node, IKG.project, project, doc), Quad(node, IKG.role, role, doc),
         Quad(node, IKG.evidence, Literal("…", language="sv"), doc)]
    if amount is not None:
        q += [Quad(node, RDF.type, IKG.Funding, doc), Quad(node, IKG.amount, Literal(str(amount), datatype=XSD.decimal), doc),
              Quad(node, IKG.currency, Literal("SEK"), doc)]
    return q


def _doc(doc, path):
    return [Quad(doc, RDF.type, IKG.Document, ids.META_GRAPH), Quad(doc, IKG.sourcePath, Literal(path), ids.META_GRAPH)]


def hand_built_store():
    """Östergötland: Alfa (Linköping, 2020: fund 100 stated in two documents, region co-finances 50, the
    cluster owns it), Beta (Östra Mellansverige, 2021, owned by the region: fund 200, the park a partner),
    Gamma (Stockholm: the cluster takes part, fund 1000; not Östergötland's). Linköpings kommun funds a
    network without a project."""
    q = _doc(D1, "/docs/one.txt") + _doc(D2, "https://example.org/two") + _doc(D3, "/docs/three.txt")
    q += _project(D1, P1, "Alfa", ids.municipality_area("0580"), "2020-01-01")
    q += _actor(D1, FUND, IKG.Fund, "Testfonden") + _actor(D1, REGION, IKG.RegionalAuthority, "Region Östergötland")
    q += _actor(D1, CLUSTER, IKG.Cluster, "Klustret AB", ids.municipality_area("0580"))
    q += _role(D1, P1, FUND, IKG.Funder, 100) + _role(D1, P1, REGION, IKG.CoFinancier, 50) + _role(D1, P1, CLUSTER, IKG.Owner)
    q += _role(D2, P1, FUND, IKG.Funder, 100) + _project(D2, P1, "Alfa", ids.municipality_area("0580"), "2020-01-01")
    q += _project(D2, P2, "Beta", ids.nuts_area("SE12"), "2021-03-01") + _actor(D2, PARK, IKG.ScienceParkOrIncubator, "Parken AB")
    q += _actor(D2, FUND, IKG.Fund, "Testfonden") + _actor(D2, REGION, IKG.RegionalAuthority, "Region Östergötland")
    q += _role(D2, P2, FUND, IKG.Funder, 200) + _role(D2, P2, REGION, IKG.Owner) + _role(D2, P2, PARK, IKG.Partner)
    q += _project(D3, P3, "Gamma", ids.municipality_area("0180"), "2020-05-01") + _actor(D3, CLUSTER, IKG.Cluster, "Klustret AB")
    q += _role(D3, P3, FUND, IKG.Funder, 1000) + _role(D3, P3, CLUSTER, IKG.Partner)
    q += _actor(D3, NETWORK, IKG.Association, "Nätverket <script>alert(1)</script>") + _actor(D3, LINKOPING, IKG.Municipality, "Linköpings kommun")
    q.append(Quad(LINKOPING, IKG.funds, NETWORK, D3))
    claims = {
        D1: [Claim(P1, THEME["logistics"], IKG.theme, "keywords", "logistik"),
             Claim(P1, FUNCTION["cluster"], IKG.supportFunction, "keywords", "kluster"),
             Claim(CLUSTER, FUNCTION["cluster"], IKG.supportFunction, "project", "owner of Alfa", P1),
             Claim(CLUSTER, FUNCTION["cluster"], IKG.supportFunction, "actor type", "Cluster"),
             Claim(FUND, FUNCTION["funding"], IKG.supportFunction, "role", "funder of Alfa", P1),
             Claim(REGION, FUNCTION["funding"], IKG.supportFunction, "role", "co-financier of Alfa", P1),
             Claim(REGION, FUNCTION["policy"], IKG.supportFunction, "actor type", "RegionalAuthority")],
        D2: [Claim(P1, THEME["logistics"], IKG.theme, "keywords", "logistik"),   # the same claim again: a bag
             Claim(P2, THEME["logistics"], IKG.theme, "keywords", "godsflöden"),
             Claim(P2, THEME["energy"], IKG.theme, "keywords", "vätgas"),
             Claim(FUND, FUNCTION["funding"], IKG.supportFunction, "role", "funder of Beta", P2),
             Claim(PARK, FUNCTION["incubation"], IKG.supportFunction, "actor type", "ScienceParkOrIncubator")],
        D3: [Claim(P3, THEME["logistics"], IKG.theme, "keywords", "hamn"),
             Claim(CLUSTER, FUNCTION["cluster"], IKG.supportFunction, "project", "partner of Gamma", P3),
             Claim(NETWORK, THEME["cleantech"], IKG.actorTheme, "name", "cleantech"),
             Claim(NETWORK, FUNCTION["advice"], IKG.supportFunction, "actor type", "Association")],
    }
    for doc, cs in claims.items():
        q += claim_quads(cs, doc)
    store = reference_store()
    store.commit(Change(insert=q))
    return store


@pytest.fixture(scope="module")
def hand():
    (report,) = region_reports(hand_built_store(), "Östergötlands län")
    return report


def test_projects_and_members_follow_the_membership_rule(hand):
    assert hand.projects == {P1.value, P2.value}             # Beta: NUTS 2 area containing the county, region owns it
    assert hand.status == {CLUSTER.value: "based", REGION.value: "based", LINKOPING.value: "based",
                           FUND.value: "active", PARK.value: "active", NETWORK.value: "linked"}


def test_money_counts_each_grant_once(hand):
    assert hand.totals == {"actors": 6, "based": 3, "projects": 2, "sek": 350.0}     # 100 + 50 + 200; Gamma's 1000 not
    assert hand.money_by_theme == {"logistics": {"2020": 150.0, "2021": 200.0}, "energy": {"2021": 200.0}}
    assert hand.money_by_funder == {FUND.value: {"2020": 100.0, "2021": 200.0}, REGION.value: {"2020": 50.0}}
    assert hand.money_by_fund == {FUND.value: {"2020": 100.0, "2021": 200.0}}


def test_matrix_cells(hand):
    names = lambda cell: sorted(hand.name_of(a) for a in cell.actors)  # noqa: E731
    funding = hand.matrix[("logistics", "funding")]
    assert names(funding) == ["Region Östergötland", "Testfonden"]
    assert hand.sek(funding.projects) == 350.0
    assert names(hand.matrix[("energy", "funding")]) == ["Testfonden"]
    assert hand.sek(hand.matrix[("energy", "funding")].projects) == 200.0
    assert names(hand.matrix[("logistics", "cluster")]) == ["Klustret AB"]
    assert hand.matrix[("logistics", "cluster")].projects == {P1.value}                # Gamma is not the region's
    assert names(hand.matrix[("logistics", "incubation")]) == ["Parken AB"]
    assert hand.matrix[("cleantech", "advice")].entries == {(NETWORK.value, None)}    # its own theme, no project
    assert hand.themes[:2] == ["logistics", "energy"]


def test_gaps_and_overlaps(hand):
    kinds = {(g.kind, g.subject) for g in hand.gaps}
    assert ("no-cofinancing", P2.value) in kinds and ("no-cofinancing", P1.value) not in kinds
    assert not any(kind == "no-intermediary" for kind, _ in kinds)   # Beta's park incubates in energy too
    assert ("single-project", PARK.value) in kinds and ("single-project", REGION.value) not in kinds
    missing = next(g for g in hand.gaps if g.kind == "missing-functions" and g.subject == "logistics")
    assert missing.detail == "testbed, research, advice"
    energy = next(g for g in hand.gaps if g.kind == "missing-functions" and g.subject == "energy")
    assert energy.detail == "cluster, testbed, research, advice"       # funding, incubation, policy (region) in Beta
    assert hand.overlaps == []   # one cluster, one park: nobody doubles anybody


def test_unknown_region_is_an_error():
    with pytest.raises(ReportError, match="Atlantis"):
        region_reports(reference_store(), "Atlantis")


def test_html_is_escaped_and_offline(hand):
    page = render_report([hand])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://example.org/two" in page        # the source of Beta and Alfa, as a link


def test_csv_numbers_carry_projects_and_sources(hand):
    rows = list(csv.DictReader(io.StringIO(render_report([hand], ReportFormat.csv))))
    cell = next(r for r in rows if r["table"] == "matrix" and r["item"].startswith("Energy × Funding") and r["measure"] == "SEK")
    assert float(cell["value"]) == 200.0 and cell["projects"] == "Beta" and cell["sources"] == "https://example.org/two"


def test_markdown_and_xlsx(hand):
    md = render_report([hand], ReportFormat.md)
    assert "| Logistics and transport |" in md and "Nätverket &lt;script&gt;" in md
    wb = load_workbook(io.BytesIO(render_report([hand], ReportFormat.xlsx)))
    assert wb.sheetnames[:3] == ["numbers", "actors", "matrix"]


# ------------------------------------------------------------------------------------------- the examples
@pytest.fixture(scope="module")
def east(examples_store):
    return region_reports(examples_store, "Östergötlands län", "Gävleborgs län")


def _names(report, actors):
    return {report.name_of(a) for a in actors}


def test_examples_logistics_and_cleantech_with_their_actors(east):
    r = east[0]
    titles = {r.data.net.projects[p].title for p in r.theme_projects("logistics")}
    assert titles == {"Logistikkluster Region Östergötland"}
    assert {"Norrköpings kommun", "Region Östergötland"} <= _names(r, r.theme_actors("logistics"))
    assert _names(r, r.matrix[("cleantech", "cluster")].actors) == {"Cleantech Östergötland"}
    assert r.sek(r.theme_projects("logistics")) == 6_000_000
    assert r.money_by_theme["logistics"] == {"2018": 6_000_000}


def test_examples_skiss_is_capacity_building_of_the_region_with_the_science_parks(east):
    r = east[0]
    skiss = next(p for p in r.projects if r.data.net.projects[p].title.startswith("SKISS"))
    assert "policy" in r.project_functions[skiss]
    carriers = {a for (a, p), fns in r.functions_in.items() if p == skiss and "policy" in fns}
    assert {"Region Östergötland", "Linköpings Science Park AB", "Norrköpings Science Park AB"} <= _names(r, carriers)


def test_examples_norra_mellansverige_actors_in_their_own_regions(examples_store):
    for region, home in (("Dalarnas län", {"Region Dalarna", "Dalarna Science Park"}),
                         ("Gävleborgs län", {"Region Gävleborg", "IUC Gävleborg"}),
                         ("Värmlands län", {"Region Värmland"})):
        (r,) = region_reports(examples_store, region)
        based = {m.name for m in r.members if m.status == "based"}
        assert home <= based, region
        assert "Sandbacka Science Park" in {m.name for m in r.members}
        assert "Logistikkluster Region Östergötland" not in {p.title for p in r.project_rows}


def test_examples_numbers_match_the_graph(examples_store, east):
    rows = examples_store.query("""SELECT (SUM(?a) AS ?total) WHERE { { SELECT ?r (MAX(?x) AS ?a) WHERE {
        ?r a ikg:Funding ; ikg:amount ?x ; ikg:project ?p . ?p ikg:area/skos:broader* ?area .
        ?area skos:notation "05" } GROUP BY ?r } }""").rows
    assert float(rows[0][0].value) == east[0].totals["sek"] == 6_000_000


def test_cli_report_formats(tmp_path):
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", f"oxigraph:{store}", "ingest", "examples"]).exit_code == 0
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["--store", f"oxigraph:{store}", "report", "--region", "Östergötlands län",
                                 "--compare", "Gävleborgs län", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Cleantech Östergötland" in page and "side by side" in page and "data:image/svg+xml;base64," in page
    md = runner.invoke(cli, ["--store", f"oxigraph:{store}", "report", "--region", "SE31", "--format", "md"])
    assert md.exit_code == 0 and "Sandbacka Science Park" in md.output
    assert runner.invoke(cli, ["--store", f"oxigraph:{store}", "report", "--region", "Atlantis"]).exit_code == 2
    assert runner.invoke(cli, ["--store", f"oxigraph:{store}", "report", "--region", "05", "--format", "pdf"]).exit_code == 2


def test_report_route(examples_store):
    client = TestClient(create_app(examples_store, Settings()))
    page = client.get("/report/Östergötlands län", params={"compare": "Dalarnas län"})
    assert page.status_code == 200 and "script-src" not in page.headers["content-security-policy"]
    assert 'href="/projects/project/' in page.text and "Logistikkluster Region Östergötland" in page.text
    assert client.get("/report/Atlantis").status_code == 404
    xlsx = client.get("/report/05", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
