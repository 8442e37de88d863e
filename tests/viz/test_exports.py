"""Exports parse back with networkx (or csv) into the same nodes, edges and attributes."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from viz.exports import ELEMENT_COLUMNS, flat, to_csv, to_gexf, to_graphml, to_json
from viz.metrics import add_metrics
from viz.projections import Filters, network


@pytest.fixture(params=["collaboration", "funding", "bipartite", "county"])
def g(request, net):
    return add_metrics(network(net, request.param, Filters(types=("University", "Company", "Municipality", "Cluster",
                                                                   "Association", "Fund", "GovernmentAgency"))))


def same(a: nx.Graph, b: nx.Graph) -> None:
    assert a.is_directed() == b.is_directed()
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {(u, v): d for u, v, d in a.edges(data=True)} == {(u, v): d for u, v, d in b.edges(data=True)}


def test_graphml_round_trip(g):
    same(nx.read_graphml(io.BytesIO(to_graphml(g))), flat(g))


def test_gexf_round_trip(g):
    back = nx.read_gexf(io.BytesIO(to_gexf(g)))
    expected = flat(g)
    for _, _, d in expected.edges(data=True):  # GEXF weights are always floats
        d["weight"] = float(d["weight"])
    for _, _, d in back.edges(data=True):
        d.pop("id", None)  # GEXF edge ids, added by the format
    same(back, expected)
    assert "community" in next(iter(back.nodes.values()))


def test_json_round_trip_keeps_lists(g):
    back = nx.node_link_graph(json.loads(to_json(g)), edges="edges")
    same(back, g)


def test_kumu_csv(g):
    elements, connections = to_csv(g)
    nodes = list(csv.DictReader(io.StringIO(elements)))
    links = list(csv.DictReader(io.StringIO(connections)))
    assert list(nodes[0])[:3] == list(ELEMENT_COLUMNS)
    assert list(links[0])[:5] == ["From", "To", "Type", "Direction", "Strength"]
    h = flat(g)
    assert {r["ID"]: r["Label"] for r in nodes} == {n: d["label"] for n, d in h.nodes(data=True)}
    assert {(r["From"], r["To"]): float(r["Strength"]) for r in links} == \
        {(u, v): float(w) for u, v, w in h.edges(data="weight")}
    for r in nodes:
        assert r["community"] == str(h.nodes[r["ID"]]["community"])
    assert {r["Direction"] for r in links} == {"directed" if g.is_directed() else "undirected"}


def test_lists_joined_with_pipes(net):
    h = flat(network(net, "collaboration"))
    assert h.edges["A", "B"]["titles"] == "Alpha|Beta"
