"""``/map``: the form, the self-contained map, downloads, and escaped errors."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import open_store
from ingest.bootstrap import ensure_reference
from ingest.pipeline import ingest_paths
from ontology import ids
from tests.conftest import EXAMPLES

LIU = ids.organisation("Linköpings universitet").value


@pytest.fixture(scope="module")
def client():
    store = open_store("memory:")
    ensure_reference(store)
    ingest_paths(store, [EXAMPLES])
    with TestClient(create_app(store, Settings())) as c:
        yield c
    store.close()


def test_page_has_the_form_links_and_frame(client):
    r = client.get("/map", params={"kind": "funding", "region": "Östergötlands län"})
    assert r.status_code == 200
    page = r.text
    assert '<select name="kind">' in page and 'value="Östergötlands län"' in page
    assert "/map/view?kind=funding&amp;region=%C3%96sterg%C3%B6tlands+l%C3%A4n" in page
    for name in ("network.gexf", "network.graphml", "network.json", "elements.csv", "connections.csv", "map.png"):
        assert f"/map/download/{name}?kind=funding" in page


def test_view_is_the_self_contained_map(client):
    r = client.get("/map/view", params={"kind": "funding"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "3 000 000 SEK" in r.text and "<script src" not in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'none'")


def test_downloads_parse(client):
    q = {"kind": "collaboration", "region": "Östergötlands län", "type": "University Municipality"}
    g = nx.read_graphml(io.BytesIO(client.get("/map/download/network.graphml", params=q).content))
    assert LIU in g and {d["type"] for _, d in g.nodes(data=True)} == {"University", "Municipality"}
    gexf = client.get("/map/download/network.gexf", params=q)
    assert gexf.headers["content-disposition"].startswith("attachment") and set(nx.read_gexf(io.BytesIO(gexf.content))) == set(g)
    data = client.get("/map/download/network.json", params=q).json()
    assert set(nx.node_link_graph(data, edges="edges")) == set(g)
    assert client.get("/map/download/elements.csv", params=q).text.startswith("ID,Label,Type")
    assert client.get("/map/download/map.svg", params=q).content.lstrip().startswith(b"<?xml")
    assert client.get("/map/download/secrets.txt").status_code == 404


def test_bad_filters_are_400_and_escaped(client):
    r = client.get("/map", params={"region": "<script>alert(1)</script>"})
    assert r.status_code == 400 and "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text
    assert client.get("/map/view", params={"fund": "Nothing"}).status_code == 400
    assert client.get("/map/view", params={"kind": "bogus"}).status_code == 400
    assert client.get("/map/view", params={"depth": "two"}).status_code == 400


def test_empty_form_fields_are_ignored(client):
    r = client.get("/map/download/network.json", params={"kind": "collaboration", "region": "", "fund": "", "from": "",
                                                         "to": "", "type": "", "actor": "", "depth": "", "min_weight": ""})
    assert r.status_code == 200 and len(json.loads(r.text)["nodes"]) == 17
