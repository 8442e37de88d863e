"""The web pages: they render, link every result to actor and project pages, download what they
show, load nothing from elsewhere, and show a hostile label as text — in HTML and in a real browser."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import open_store
from tests.api.test_named_queries import HOSTILE, VATTERN, build_small_graph
from tests.conftest import ARTIFACTS

API = Path(__file__).resolve().parents[2] / "api"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
HOSTILE_ID = "org/script-alert-1-script-img-src-x-onerror-alert-2"
EXTERNAL_RESOURCE = re.compile(r"""<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//"""
                               r"""|\baction\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


@pytest.fixture(scope="module")
def app():
    store = open_store("memory:")
    build_small_graph(store)
    yield create_app(store, Settings())
    store.close()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not EXTERNAL_RESOURCE.search(response.text), "a page loads something from another site"
    return response.text


PAGES = ["/", "/?lang=sv", "/queries/who-funds-what", "/queries/co-financing-chain?project=" + quote(VATTERN),
         "/actors", "/actors?q=ju", "/actors/fund/eruf", "/projects/project/testb%C3%A4dd-v%C3%A4ttern",
         "/query?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 5")]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_nothing_from_elsewhere(client, url):
    html(client, url)


def test_templates_and_static_files_name_no_other_site():
    files = list((API / "templates").glob("*.html")) + list((API / "static").iterdir())
    assert len(files) >= 8
    for path in files:
        assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/", path.read_text(encoding="utf-8"), re.I), path.name


def test_landing_page_has_the_editor_and_every_question(client):
    page = html(client, "/")
    assert '<textarea name="query"' in page and 'action="/query"' in page and 'formaction="/sparql"' in page
    for name in ("who-funds-what", "top-funders", "partners-of-actor", "co-financing-chain",
                 "actors-by-type-in-region", "support-system-of-region"):
        assert f'action="/queries/{name}"' in page
    assert 'name="region"' in page and "Who funds what" in page
    swedish = html(client, "/?lang=sv")
    assert "Vem finansierar vad" in swedish and 'lang="sv"' in swedish and "/queries/partners-of-actor?" in swedish
    assert 'name="lang" value="sv"' in swedish


def test_editor_prefill(client):
    assert "SELECT ?x WHERE" in html(client, "/?query=" + quote("SELECT ?x WHERE { ?x ?y ?z }"))


def test_query_page_shows_a_table_and_its_downloads(client):
    sparql = "SELECT DISTINCT ?funder ?amount WHERE { ?f a ikg:Funding ; ikg:actor ?funder ; ikg:amount ?amount } ORDER BY ?amount"
    page = html(client, "/query?query=" + quote(sparql))
    assert "<table" in page and "5 rows" in page and "200\u202f000" in page
    assert 'href="/actors/fund/eruf"' in page  # IRIs of entities link to their pages
    csv_text = client.get("/query?format=csv&query=" + quote(sparql)).text
    rows = list(csv.reader(io.StringIO(csv_text)))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/query?format=xlsx&query=" + quote(sparql)).content)).active
    assert [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)] == rows
    assert len(client.get("/query?format=json&query=" + quote(sparql)).json()) == 5


def test_a_result_cut_at_the_row_limit_says_so():
    store = open_store("memory:")
    build_small_graph(store)
    with TestClient(create_app(store, Settings(max_rows=2))) as small:
        page = html(small, "/query?query=" + quote("SELECT * WHERE { ?s ?p ?o }"))
    assert "cut at the row limit" in page and "2 rows" in page
    store.close()


@pytest.mark.parametrize("url, status, text", [
    ("/query?query=" + quote("SELECT WHERE {"), 400, "malformed query: error at 1:"),
    ("/query", 400, "no query"),
    ("/query?format=pdf&query=ASK%20%7B%7D", 400, "unknown format"),
    ("/queries/partners-of-actor", 400, "needs the parameter"),
    ("/queries/who-funds-what?colour=red", 400, "unknown parameter"),
    ("/queries/who-pays", 404, "no named query"),
    ("/actors/org/nobody", 404, "no actor"),
    ("/projects/org/nobody", 404, "no project"),
])
def test_errors_are_pages(client, url, status, text):
    assert text in html(client, url, status)


def test_named_query_page_links_and_downloads(client):
    page = html(client, "/queries/who-funds-what?region=" + quote("Jönköpings län"))
    assert 'href="/actors/fund/eruf?' not in page and 'href="/actors/fund/eruf"' in page
    assert 'href="/projects/project/testb%C3%A4dd-v%C3%A4ttern"' in page
    assert '<th scope="col">funder</th>' in page and '<th scope="col">funder_iri</th>' not in page  # links, not columns
    for fmt in ("csv", "json", "xlsx"):
        assert f"format={fmt}" in page
    response = client.get("/queries/who-funds-what?format=xlsx&region=" + quote("Jönköpings län"))
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'href="/?query=' in page  # open the bound query in the editor


def test_actor_page_shows_roles_money_and_sources(client):
    page = html(client, "/actors/org/science-park-v%C3%A4ttern-ab")
    assert "Science Park Vättern AB" in page and "4\u202f000\u202f000" in page  # received, each grant once
    assert "ERUF bidrar med 2 000 000 kr." in page
    assert 'href="https://example.org/vattern"' in page and 'rel="noopener noreferrer nofollow"' in page
    swedish = html(client, "/actors/org/science-park-v%C3%A4ttern-ab?lang=sv")
    assert "Källdokument" in swedish and 'href="/projects/project/testb%C3%A4dd-v%C3%A4ttern?lang=sv"' in swedish


def test_project_page(client):
    page = html(client, "/projects/project/testb%C3%A4dd-v%C3%A4ttern")
    assert VATTERN in page and "2020-01-01" in page and "5\u202f000\u202f000" in page
    assert "Gnosjö kommun medfinansierar med 500 000 kr." in page
    assert 'href="/actors/org/kommun/0617"' in page


def test_a_javascript_source_is_not_a_link(client):
    page = html(client, "/projects/project/kustlab-kalmar")
    assert "Kustlab Kalmar" in page and 'href="javascript:' not in page.lower()


@pytest.mark.parametrize("url", [f"/actors/{HOSTILE_ID}", "/projects/project/testb%C3%A4dd-v%C3%A4ttern",
                                 "/queries/partners-of-actor?actor=JU", "/actors?q=script",
                                 "/queries/who-funds-what?funder=" + quote(HOSTILE),
                                 "/actors/org/j%C3%B6nk%C3%B6ping-university",
                                 "/?query=" + quote(HOSTILE), "/query?query=" + quote(HOSTILE)])
def test_hostile_label_is_escaped(client, url):
    page = client.get(url).text
    assert ESCAPED in page
    assert "<script>alert" not in page and "<img src=x" not in page


# in a real browser ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(app):
    """The app served by uvicorn on a free port of localhost, in a thread."""
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def watched(page, server):
    """The page, with every dialog and every request it makes recorded."""
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    yield page, dialogs, requests
    assert dialogs == [], f"a script ran: {dialogs}"
    assert all(u.startswith(server) for u in requests), [u for u in requests if not u.startswith(server)]


@pytest.mark.browser
def test_browser_runs_a_query_and_opens_an_actor(watched, server):
    page, _, _ = watched
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/")
    page.screenshot(path=str(ARTIFACTS / "landing.png"), full_page=True)
    page.get_by_role("button", name="Run").first.click()
    page.wait_for_url("**/query?**")
    assert page.locator("table.sortable tbody tr").count() >= 5
    page.goto(server + "/queries/who-funds-what")
    amount = page.locator("table.sortable th", has_text="amount")
    amount.click()
    assert amount.get_attribute("aria-sort") == "ascending"
    page.screenshot(path=str(ARTIFACTS / "who-funds-what.png"), full_page=True)
    page.get_by_role("link", name="Region Jönköpings län").first.click()
    page.wait_for_url("**/actors/org/region/06")
    assert page.get_by_role("heading", name="Region Jönköpings län").is_visible()
    assert page.get_by_text("Region Jönköpings län medfinansierar med 1 500 000 kr.").first.is_visible()
    page.goto(server + "/actors/org/science-park-v%C3%A4ttern-ab")
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)


@pytest.mark.browser
def test_browser_shows_the_hostile_label_as_text(watched, server):
    page, dialogs, _ = watched
    labels = 'SELECT ?name WHERE { ?a skos:prefLabel ?name FILTER (contains(?name, "script")) }'
    for url in (f"/actors/{HOSTILE_ID}", "/projects/project/testb%C3%A4dd-v%C3%A4ttern",
                "/queries/partners-of-actor?actor=JU", "/query?query=" + quote(labels), "/actors?q=script"):
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert page.get_by_text(HOSTILE).first.is_visible(), url
        assert page.locator("img[src=x]").count() == 0
    page.goto(server + f"/actors/{HOSTILE_ID}")
    assert page.get_by_role("heading", level=1).inner_text() == HOSTILE
    page.screenshot(path=str(ARTIFACTS / "hostile-actor.png"), full_page=True)
    assert dialogs == []


@pytest.mark.browser
def test_browser_highlights_the_editor_and_shows_markup_in_a_query_as_text(watched, server):
    page, dialogs, _ = watched
    query = 'SELECT ?name WHERE {\n  ?a skos:prefLabel ?name ; <http://x.test/p> "<script>alert(3)</script><img src=x onerror=alert(4)>" .\n} LIMIT 5 # done'
    page.goto(server + "/?query=" + quote(query))
    editor = page.locator(".sparql-editor")
    assert editor.locator("textarea[name=query]").input_value() == query  # still the form field
    spans = lambda cls: editor.locator(f"pre .sparql-{cls}").all_inner_texts()  # noqa: E731
    assert spans("keyword") == ["SELECT", "WHERE", "LIMIT"] and spans("variable") == ["?name", "?a", "?name"]
    assert spans("prefixed") == ["skos:prefLabel"] and spans("iri") == ["<http://x.test/p>"]
    assert spans("string") == ['"<script>alert(3)</script><img src=x onerror=alert(4)>"']
    assert spans("number") == ["5"] and spans("comment") == ["# done"]
    assert editor.locator("pre").inner_text().rstrip("\n") == query
    assert page.locator("pre script, pre img, img[src=x]").count() == 0
    editor.locator("textarea").press("Control+End")
    editor.locator("textarea").type('\nOFFSET "x')
    assert spans("keyword")[-1] == "OFFSET" and spans("string")[-1] == '"x'
    page.screenshot(path=str(ARTIFACTS / "editor.png"))
    assert dialogs == []
