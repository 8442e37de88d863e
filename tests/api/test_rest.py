"""The REST views under /api on the small hand-built graph: search, details, money counted once,
pagination, downloads and errors."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import open_store
from tests.api.test_named_queries import HOSTILE, KUSTLAB, VATTERN, build_small_graph


@pytest.fixture(scope="module")
def client():
    store = open_store("memory:")
    build_small_graph(store)
    with TestClient(create_app(store, Settings())) as c:
        yield c
    store.close()


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json() if response.headers["content-type"].startswith("application/json") else response


# actors ---------------------------------------------------------------------------
def test_actor_search_by_any_name(client):
    assert [a["name"] for a in get(client, "/api/actors?q=ju")["items"]][0] == "Jönköping University"
    found = get(client, "/api/actors?q=eruf")["items"]
    assert found[0]["id"] == "fund/eruf" and found[0]["name"] == "Europeiska regionala utvecklingsfonden"
    assert get(client, "/api/actors?q=no-such-actor-anywhere") == {"total": 0, "limit": 50, "offset": 0, "items": []}


def test_actor_filters(client):
    universities = get(client, "/api/actors?type=University&region=SE21")["items"]
    assert {a["name"] for a in universities} == {"Jönköping University", "Linnéuniversitetet"}
    assert [a["name"] for a in get(client, f"/api/actors?type=lärosäte&region={quote('Kalmar län')}")["items"]] == [
        "Linnéuniversitetet"]


def test_pagination_is_complete_stable_and_without_overlap(client):
    full = get(client, "/api/actors?limit=1000")
    assert full["total"] == len(full["items"]) > 300  # the reference bodies are actors too
    pages = [get(client, f"/api/actors?limit=40&offset={o}") for o in range(0, full["total"], 40)]
    assert {p["total"] for p in pages} == {full["total"]}
    assert [a["iri"] for p in pages for a in p["items"]] == [a["iri"] for a in full["items"]]
    assert get(client, "/api/actors?limit=40&offset=40") == pages[1]
    assert get(client, f"/api/actors?offset={full['total']}")["items"] == []
    most_active = full["items"][0]
    assert most_active["projects"] >= max(a["projects"] for a in full["items"])


@pytest.mark.parametrize("url", ["/api/actors?limit=0", "/api/actors?limit=1001", "/api/actors?offset=-1",
                                 "/api/actors?limit=ten", "/api/projects?limit=0", "/api/funders?from=soon",
                                 "/api/actors/fund/eruf?lang=fr"])
def test_bad_parameters_are_400(client, url):
    get(client, url, 400)


def test_actor_detail(client):
    ju = get(client, "/api/actors/org/j%C3%B6nk%C3%B6ping-university")
    assert ju["name"] == "Jönköping University" and ju["names"] == ["JU", "Jönköping University"]
    assert ju["types"] == [{"type": "University", "label": "university"}]
    (role,) = ju["participations"]
    assert (role["project"], role["role"], role["project_id"]) == (VATTERN, "Partner", "project/testbädd-vättern")
    assert sorted(s["source"]["url"] for s in role["statements"]) == [
        "https://example.org/vattern", "https://example.org/vattern-nyhet"]
    assert "JU är partner." in {s["evidence"] for s in role["statements"]}
    assert {c["name"] for c in ju["collaborators"]} == {"Science Park Vättern AB", "Europeiska regionala utvecklingsfonden",
                                                        "Region Jönköpings län", "Gnosjö kommun", HOSTILE}
    assert {s["url"] for s in ju["sources"]} == {"https://example.org/vattern", "https://example.org/vattern-nyhet"}
    assert get(client, "/api/actors/org/j%C3%B6nk%C3%B6ping-university?lang=sv")["types"][0]["label"] == "lärosäte"


def test_funding_given_and_received_each_grant_once(client):
    eruf = get(client, "/api/actors/fund/eruf")
    assert eruf["funding_given_sek"] == 2000000
    (grant,) = eruf["funding_given"]
    assert grant["amount"] == 2000000 and len(grant["statements"]) == 2
    owner = get(client, "/api/actors/org/science-park-vättern-ab")
    assert owner["funding_received_sek"] == 4000000
    assert [(p["actor"], p["amount"]) for p in owner["funding_received"]] == [
        ("Europeiska regionala utvecklingsfonden", 2000000), ("Region Jönköpings län", 1500000),
        ("Gnosjö kommun", 500000)]
    assert owner["funding_given"] == [] and owner["funding_given_sek"] is None
    assert get(client, "/api/actors/org/region/06")["funding_given_sek"] == 1500000


@pytest.mark.parametrize("url", ["/api/actors/org/nobody", "/api/actors/project/testb%C3%A4dd-v%C3%A4ttern",
                                 "/api/actors/area/lan/06", "/api/actors/has%20space%3C%3E", "/api/projects/fund/eruf",
                                 "/api/projects/project/nothing", "/api/actors/"])
def test_unknown_ids_are_404(client, url):
    get(client, url, 404)


# projects --------------------------------------------------------------------------
def test_project_search(client):
    assert [p["title"] for p in get(client, "/api/projects")["items"]] == [KUSTLAB, VATTERN]
    assert [p["title"] for p in get(client, "/api/projects?q=v%C3%A4tternb%C3%A4dden")["items"]] == [VATTERN]
    assert [p["title"] for p in get(client, f"/api/projects?region={quote('Kalmar län')}")["items"]] == [KUSTLAB]
    assert [p["title"] for p in get(client, "/api/projects?fund=ERUF")["items"]] == [KUSTLAB, VATTERN]
    assert [p["title"] for p in get(client, f"/api/projects?fund={quote('ERUF Småland och öarna')}")["items"]] == [KUSTLAB]
    vattern = get(client, "/api/projects?q=testb")["items"][0]
    assert (vattern["start"], vattern["end"], vattern["budget_sek"], vattern["participants"], vattern["funders"]) == (
        "2020-01-01", "2022-12-31", 5000000, 6, 3)


def test_project_detail(client):
    p = get(client, "/api/projects/project/testb%C3%A4dd-v%C3%A4ttern")
    assert (p["title"], p["names"]) == (VATTERN, ["Testbädd Vättern", "Vätternbädden"])
    assert [v["value"] for v in p["start"]] == ["2020-01-01"] and p["budget_sek"][0]["value"] == 5000000
    assert p["areas"][0]["label"] == "Jönköping County" and p["case_ids"][0]["value"] == "20201234"
    assert get(client, "/api/projects/project/testb%C3%A4dd-v%C3%A4ttern?lang=sv")["areas"][0]["label"] == "Jönköpings län"
    assert [(x["role"], x["actor"], x["amount"]) for x in p["participants"]] == [
        ("Funder", "Europeiska regionala utvecklingsfonden", 2000000),
        ("CoFinancier", "Region Jönköpings län", 1500000), ("CoFinancier", "Gnosjö kommun", 500000),
        ("Owner", "Science Park Vättern AB", None),
        ("Partner", HOSTILE, None), ("Partner", "Jönköping University", None)]
    assert p["funding_sek"] == 4000000
    evidence = {s["evidence"] for x in p["participants"] for s in x["statements"]}
    assert "ERUF bidrar med 2 000 000 kr." in evidence
    assert {s["title"] for s in p["sources"]} == {"Testbädd Vättern – projektbeskrivning", "Nyhet: Vättern får EU-pengar"}


# funders ---------------------------------------------------------------------------
def test_funders_with_totals_counted_once(client):
    page = get(client, "/api/funders")
    assert [(f["name"], f["total_sek"]) for f in page["items"]] == [
        ("Europeiska regionala utvecklingsfonden", 2000000), ("Region Jönköpings län", 1500000),
        ("Regionalfondsprogram Småland och öarna", 800000), ("Gnosjö kommun", 500000), ("Region Kalmar län", 200000)]
    (grant,) = page["items"][0]["fundings"]
    assert grant["amount"] == 2000000 and len(grant["sources"]) == 2
    assert [f["name"] for f in get(client, "/api/funders?to=2017")["items"]] == [
        "Regionalfondsprogram Småland och öarna", "Region Kalmar län"]
    second = get(client, "/api/funders?limit=2&offset=1")
    assert second["total"] == 5 and [f["name"] for f in second["items"]] == [
        "Region Jönköpings län", "Regionalfondsprogram Småland och öarna"]


# named queries ---------------------------------------------------------------------
def test_query_list(client):
    listed = {q["name"]: q for q in get(client, "/api/queries")}
    assert "who-funds-what" in listed and listed["who-funds-what"]["title"]["sv"] == "Vem finansierar vad"
    params = {p["name"]: p for p in listed["partners-of-actor"]["parameters"]}
    assert params["actor"]["required"] and params["actor"]["example"] == "Linköpings universitet"


def test_query_json_is_paged(client):
    first = get(client, "/api/queries/who-funds-what?limit=2")
    assert first["total"] == 6 and len(first["rows"]) == 2 and first["columns"][:3] == ["funder", "role", "project"]
    rest = get(client, "/api/queries/who-funds-what?limit=10&offset=2")
    every = get(client, "/api/queries/who-funds-what")
    assert first["rows"] + rest["rows"] == every["rows"]
    assert get(client, f"/api/queries/who-funds-what?region={quote('Kalmar län')}")["total"] == 2


def test_query_downloads_hold_the_same_rows(client):
    url = "/api/queries/co-financing-chain?project=" + quote(VATTERN)
    csv_response = get(client, url + "&format=csv")
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert 'filename="co-financing-chain.csv"' in csv_response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(csv_response.text)))
    xlsx = get(client, url + "&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == table
    assert table[0] == get(client, url)["columns"] and len(table) == 7
    assert sheet.cell(2, 5).value == 2000000  # amounts are numbers in Excel


@pytest.mark.parametrize("url, status", [
    ("/api/queries/who-funds-what?colour=blue", 400), ("/api/queries/partners-of-actor", 400),
    ("/api/queries/top-funders?from=2020x", 400), ("/api/queries/who-funds-what?format=pdf", 400),
    ("/api/queries/who-funds-what?region=a&region=b", 400), ("/api/queries/who-pays", 404),
])
def test_query_errors(client, url, status):
    assert "detail" in get(client, url, status)


def test_openapi_documents_the_endpoints(client):
    paths = get(client, "/openapi.json")["paths"]
    for path in ("/api/actors", "/api/actors/{id}", "/api/projects", "/api/projects/{id}", "/api/funders",
                 "/api/queries", "/api/queries/{name}"):
        assert path in paths
    assert "ActorDetail" in get(client, "/openapi.json")["components"]["schemas"]
    assert client.get("/docs").status_code == 200
