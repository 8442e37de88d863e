"""Metrics on graphs whose answers are known: star, path, barbell, separate parts."""

from __future__ import annotations

import networkx as nx
import pytest

from viz.metrics import add_betweenness, add_communities, add_metrics, ranking


def attr(g, name):
    return nx.get_node_attributes(g, name)


def test_star_hub_is_the_broker():
    g = add_metrics(nx.star_graph(5))
    assert attr(g, "betweenness")[0] == 1.0 and attr(g, "degree")[0] == 5
    assert all(attr(g, "betweenness")[n] == 0 for n in range(1, 6))


def test_path_middle_brokers_most():
    b = attr(add_metrics(nx.path_graph(5)), "betweenness")
    assert b[2] > b[1] == b[3] > b[0] == b[4] == 0


def test_barbell_bridge_and_two_bells():
    g = add_metrics(nx.barbell_graph(6, 1))  # bells 0–5 and 7–12, joined through node 6
    b = attr(g, "betweenness")
    assert max(b, key=b.get) == 6 and b[5] > b[0] and b[7] > b[12]
    community = attr(g, "community")
    assert len({community[n] for n in range(6)}) == 1 and len({community[n] for n in range(7, 13)}) == 1
    assert community[0] != community[12]


def test_communities_are_stable_across_runs():
    g = nx.les_miserables_graph()
    first = attr(add_communities(g.copy(), seed=1), "community")
    assert all(attr(add_communities(g.copy(), seed=1), "community") == first for _ in range(3))
    sizes = [list(first.values()).count(c) for c in sorted(set(first.values()))]
    assert sizes == sorted(sizes, reverse=True)  # numbered from the largest


def test_weighted_degree_and_components():
    g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("x", "y", {"weight": 1})])
    g.add_node("z")
    g = add_metrics(g)
    assert attr(g, "weighted_degree")["b"] == 4 and attr(g, "degree")["b"] == 2
    assert attr(g, "component")["a"] == 0 and attr(g, "component_size")["a"] == 3
    assert attr(g, "component_size")["x"] == 2 and attr(g, "component_size")["z"] == 1


def test_directed_graphs_are_measured_undirected():
    g = add_metrics(nx.DiGraph([("fund", "p1"), ("fund", "p2"), ("p1", "a")]))
    assert attr(g, "degree")["fund"] == 2 and attr(g, "betweenness")["p1"] > 0
    assert attr(g, "component_size")["a"] == 4


def test_sampled_betweenness_above_the_threshold_still_finds_the_broker():
    g = nx.barbell_graph(30, 1)
    b = attr(add_betweenness(g, budget=10_000, seed=3), "betweenness")  # 61 nodes × 872 edges: 20 samples
    assert set(sorted(b, key=b.get)[-3:]) == {29, 30, 31}  # the bridge and its two ends


@pytest.mark.parametrize("by", ["betweenness", "degree"])
def test_ranking_rows(by):
    g = nx.barbell_graph(3, 1)
    nx.set_node_attributes(g, {n: f"n{n}" for n in g}, "label")
    rows = ranking(add_metrics(g), by=by, top=3)
    assert len(rows) == 3 and rows[0][0] == 1
    assert rows[0][1] == ("n3" if by == "betweenness" else "n2")  # the bridge; the best-linked (ties by name)
