"""The HTML map: self-contained (no external URL is loaded), escaped, and light on big graphs."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from ontology import ids
from viz.maps import _vis_bundle, map_data, map_html
from viz.projections import network

from .conftest import HOSTILE, hand_built

URL = re.compile(r"https?://[^\s\"'<>()\\]+")


def page_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1))


@pytest.fixture
def hostile_page() -> str:
    return map_html(network(hand_built(HOSTILE), "collaboration"), title=f"Map {HOSTILE}", caption=HOSTILE)


def test_no_external_resource(hostile_page):
    assert "<script src" not in hostile_page.lower() and "<link" not in hostile_page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", hostile_page, re.I)
    assert "@import" not in hostile_page and not re.search(r"url\(\s*['\"]?(https?:)?//", hostile_page)
    # The only URLs are words inside vis-network's own bundle (licence notes, the SVG namespace) and data IRIs.
    bundle = set(URL.findall("".join(_vis_bundle())))
    assert {u for u in URL.findall(hostile_page) if not u.startswith(ids.BASE)} <= bundle


def test_hostile_label_is_never_markup(hostile_page):
    assert HOSTILE not in hostile_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_page  # title and caption, escaped by the template
    data = page_data(hostile_page)  # the JSON block holds it as data, decoded only by JSON.parse
    assert HOSTILE in {n["info"]["name"] for n in data["nodes"]}
    assert "innerHTML" not in hostile_page.split("<script>")[-1]  # the page's own script builds text nodes only


def test_nodes_carry_tooltip_facts_and_links(net):
    data = page_data(map_html(network(net, "collaboration")))
    node = next(n for n in data["nodes"] if n["info"]["name"] == "Kommun Ett kommun")
    rows = dict(node["info"]["rows"])
    assert rows["Type"] == "Municipality" and rows["Region"] == "Län Ett" and rows["Projects"] == "1"
    assert rows["Gives"] == "100 SEK" and "Betweenness" in rows and "Community" in rows
    assert node["info"]["link"] is None  # hand-built IRIs are outside the data base
    assert data["options"]["physics"]["enabled"] is True
    assert {e["width"] for e in data["edges"]} == {1.0, 8.0}  # weight 1 and weight 2 edges


def test_big_graphs_are_laid_out_here_and_pruned():
    g = nx.complete_graph(60)
    nx.set_node_attributes(g, "Company", "type")
    data = map_data(g, physics_up_to=50, strongest=2)
    assert data["big"] and data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len(data["edges"]) <= 2 * 60
    page = map_html(g, physics_up_to=50, strongest=2)
    assert "the 2 strongest of each node, of 1770" in page


def test_links_to_actor_pages():
    g = nx.Graph()
    g.add_node("x", label="LiU", kind="actor", iri=ids.organisation("Linköpings universitet").value, type="University")
    (node,) = map_data(g)["nodes"]
    assert node["info"]["link"] == "/actors/org/link%C3%B6pings-universitet"
