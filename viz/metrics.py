"""Network metrics, stored as node attributes so maps, tables and exports all show the same numbers.

Each function adds one family of attributes and returns the graph it was given; :func:`add_metrics`
runs them all. Directed graphs (the funding flow) are measured on their undirected view: a broker
of money is a broker whichever way the money goes.

>>> g = add_metrics(nx.barbell_graph(4, 1))
>>> g.nodes[4]["betweenness"] == max(nx.get_node_attributes(g, "betweenness").values())
True
>>> sorted({g.nodes[n]["component_size"] for n in g})
[9]
"""

from __future__ import annotations

import networkx as nx

BETWEENNESS_BUDGET = 2_000_000
"""Sources × edges that betweenness may visit (one breadth-first search per source visits every edge,
about 2.5 µs per edge in networkx on the development machine: ~5 s). Exact while nodes × edges stays
within it; above, estimated from ``budget // edges`` sampled sources (bench/network_bench.py: 7 000
nodes and 43 000 edges took 22 s with 200 samples, so a fixed k is not enough)."""

MIN_SAMPLES = 20
"""Fewest sources sampled, however big the graph: fewer make the ranking of brokers noisy."""


def _undirected(g: nx.Graph) -> nx.Graph:
    return g.to_undirected(as_view=True) if g.is_directed() else g


def add_degrees(g: nx.Graph) -> nx.Graph:
    """``degree`` (neighbours, direction ignored) and ``weighted_degree`` (sum of edge weights).

    >>> g = add_degrees(nx.Graph([("a", "b", {"weight": 2}), ("a", "c", {"weight": 3})]))
    >>> g.nodes["a"]["degree"], g.nodes["a"]["weighted_degree"]
    (2, 5)
    """
    u = _undirected(g)
    for n in g:
        g.nodes[n]["degree"] = u.degree(n)
        g.nodes[n]["weighted_degree"] = u.degree(n, weight="weight")
    return g


def add_betweenness(g: nx.Graph, *, budget: int = BETWEENNESS_BUDGET, seed: int = 1) -> nx.Graph:
    """``betweenness``: the share of shortest paths between other nodes that pass through a node — the
    brokers between communities. Path length counts steps (weights are strengths, not distances).
    Exact while nodes × edges ≤ ``budget``, else estimated from sources sampled with ``seed`` (see
    :data:`BETWEENNESS_BUDGET`).

    >>> g = add_betweenness(nx.star_graph(4))
    >>> g.nodes[0]["betweenness"], g.nodes[1]["betweenness"]
    (1.0, 0.0)
    """
    u = _undirected(g)
    edges = max(u.number_of_edges(), 1)
    sample = None if len(u) * edges <= budget else min(len(u), max(MIN_SAMPLES, budget // edges))
    for n, value in nx.betweenness_centrality(u, k=sample, seed=seed).items():
        g.nodes[n]["betweenness"] = value
    return g


def add_communities(g: nx.Graph, *, seed: int = 1) -> nx.Graph:
    """``community``: Louvain communities (seeded, so colours are stable from run to run), numbered 0, 1, …
    from the largest; ties by the first node's label. Edge weights count when every edge has a positive
    one (collaboration), else every edge counts the same (funding edges of unknown amount weigh 0).

    >>> g = add_communities(nx.barbell_graph(5, 0))
    >>> [g.nodes[n]["community"] for n in range(10)]
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    """
    u = _undirected(g)
    weighted = u.number_of_edges() > 0 and all(d.get("weight", 0) > 0 for _, _, d in u.edges(data=True))
    found = nx.community.louvain_communities(u, weight="weight" if weighted else None, seed=seed)
    for number, members in enumerate(sorted(found, key=lambda c: (-len(c), min(_label(g, n) for n in c)))):
        for n in members:
            g.nodes[n]["community"] = number
    return g


def add_components(g: nx.Graph) -> nx.Graph:
    """``component`` (0 = the largest connected part, direction ignored) and ``component_size``.

    >>> g = add_components(nx.Graph([(1, 2), (2, 3), (4, 5)]))
    >>> g.nodes[1]["component"], g.nodes[4]["component"], g.nodes[4]["component_size"]
    (0, 1, 2)
    """
    parts = sorted(nx.connected_components(_undirected(g)), key=lambda c: (-len(c), min(_label(g, n) for n in c)))
    for number, members in enumerate(parts):
        for n in members:
            g.nodes[n]["component"] = number
            g.nodes[n]["component_size"] = len(members)
    return g


def add_metrics(g: nx.Graph, *, seed: int = 1, budget: int = BETWEENNESS_BUDGET) -> nx.Graph:
    """Degrees, betweenness, communities and components, as node attributes (see each function)."""
    add_degrees(g)
    add_betweenness(g, budget=budget, seed=seed)
    add_communities(g, seed=seed)
    return add_components(g)


RANKING_COLUMNS = ("rank", "name", "type", "region", "degree", "weighted_degree", "betweenness", "community",
                   "projects", "iri")


def ranking(g: nx.Graph, *, by: str = "betweenness", top: int = 20) -> list[tuple]:
    """The ``top`` actors by ``by`` (then degree, then name) as rows of :data:`RANKING_COLUMNS`;
    needs :func:`add_metrics` first.

    >>> g = nx.star_graph(2); nx.set_node_attributes(g, "actor", "kind")
    >>> [row[1] for row in ranking(add_metrics(g), top=2)]
    ['0', '1']
    """
    actors = [(n, d) for n, d in g.nodes(data=True) if d.get("kind", "actor") == "actor"]
    actors.sort(key=lambda nd: (-nd[1][by], -nd[1]["degree"], _label(g, nd[0])))
    return [(i, _label(g, n), d.get("type", ""), d.get("region", ""), d["degree"], d["weighted_degree"],
             round(d["betweenness"], 4), d["community"], d.get("projects", 0), d.get("iri", str(n)))
            for i, (n, d) in enumerate(actors[:top], start=1)]


def _label(g: nx.Graph, n) -> str:
    return str(g.nodes[n].get("label", n))
