"""Linked data: entity IRIs under the data base dereference — 303 to a page for browsers, a
description in four RDF formats for RDF clients, 404 for unknown ones, every label escaped."""

from __future__ import annotations

import io
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from api.linked_data import PREFIX
from api.settings import Settings
from graph import open_store
from ontology import ids
from ontology.terms import RDFS, SKOS
from tests.api.test_named_queries import HOSTILE, build_small_graph
from tests.api.test_pages import ESCAPED, HOSTILE_ID, html

ERUF = ids.BASE + "fund/eruf"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client():
    store = open_store("memory:")
    build_small_graph(store)
    with TestClient(create_app(store, Settings()), follow_redirects=False) as c:
        yield c
    store.close()


def test_the_default_base_is_served_under_id():
    assert PREFIX == "/id/"


@pytest.mark.parametrize("entity, page", [
    ("fund/eruf", "/actors/fund/eruf"),
    ("project/testbädd-vättern", "/projects/project/testb%C3%A4dd-v%C3%A4ttern"),
    ("area/lan/06", "/entities/area/lan/06"),
])
def test_browsers_are_sent_to_the_page(client, entity, page):
    for accept in (BROWSER_ACCEPT, "*/*"):
        response = client.get(PREFIX + quote(entity), headers={"Accept": accept})
        assert response.status_code == 303 and response.headers["location"] == page
        assert response.headers["vary"] == "Accept"
    html(client, page)


def parse(body: bytes, media: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                   "application/ld+json": "json-ld",
                                                   "application/rdf+xml": "xml"}[media])


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json",
                                   "application/rdf+xml"])
def test_rdf_clients_get_the_description(client, media):
    response = client.get(PREFIX + "fund/eruf", headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    graph = parse(response.content, media)
    eruf = rdflib.URIRef(ERUF)
    assert set(graph.subjects()) >= {eruf}
    assert (eruf, rdflib.URIRef(SKOS.altLabel.value), rdflib.Literal("ERUF")) in graph
    # the labels of what it points at come along: the class Fund is named
    assert any(p == rdflib.URIRef(RDFS.label.value) for _, p, _ in graph)
    # outgoing triples only: nothing else is described about other subjects but their labels
    assert {p for s, p, _ in graph if s != eruf} <= {rdflib.URIRef(RDFS.label.value), rdflib.URIRef(SKOS.prefLabel.value)}


def test_each_triple_once_although_several_graphs_hold_it(client):
    body = client.get(PREFIX + "fund/eruf", headers={"Accept": "application/n-triples"}).text
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) == len(set(lines))
    assert list(ox.parse(io.BytesIO(body.encode()), format=ox.RdfFormat.N_TRIPLES))


def test_q_values_choose_the_format(client):
    response = client.get(PREFIX + "fund/eruf", headers={"Accept": "text/html;q=0.5, application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")


@pytest.mark.parametrize("accept", ["text/turtle", BROWSER_ACCEPT])
def test_unknown_entities_are_404(client, accept):
    for path in ("nothing/here", "", "bad%20iri"):
        assert client.get(PREFIX + path, headers={"Accept": accept}).status_code == 404


def test_no_acceptable_format_is_406(client):
    response = client.get(PREFIX + "fund/eruf", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.text


def test_the_entity_page_lists_statements_with_links(client):
    page = html(client, "/entities/area/lan/06")
    assert "<h1>Jönköping County</h1>" in page
    assert "skos:prefLabel" in page and 'href="/entities/area/kommun/0685"' in page and ">Vetlanda<" in page
    swedish = html(client, "/entities/area/lan/06?lang=sv")
    assert "<h1>Jönköpings län</h1>" in swedish and "Påståenden" in swedish and 'href="/entities/area/kommun/0685?lang=sv"' in swedish
    html(client, "/entities/nothing/here", 404)


def test_the_entity_page_escapes_labels(client):
    page = html(client, f"/entities/{HOSTILE_ID}")
    assert ESCAPED in page and HOSTILE not in page
