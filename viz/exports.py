"""Network exports for other tools: GEXF and GraphML (Gephi), Kumu CSV, node-link JSON (notebooks, D3).

GEXF and GraphML hold only scalar attributes, so lists (an edge's projects, roles) are joined with
``|`` — Kumu's separator for several values in one cell — and missing values become ``""``
(:func:`flat`). Node-link JSON keeps lists as they are. Metrics (degree, betweenness, community …)
travel as ordinary attributes, so Gephi can colour by ``community`` at once.

>>> g = nx.Graph([("a", "b", {"weight": 2, "projects": ["p1", "p2"]})], kind="collaboration")
>>> nx.set_node_attributes(g, {"a": "A", "b": "B"}, "label")
>>> sorted(nx.read_graphml(io.BytesIO(to_graphml(g))).edges(data=True))
[('a', 'b', {'weight': 2, 'projects': 'p1|p2'})]
>>> print(to_csv(g)[1].strip())
From,To,Type,Direction,Strength,projects
a,b,collaboration,undirected,2,p1|p2
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

FORMATS = ("gexf", "graphml", "csv", "json")

ELEMENT_COLUMNS = ("ID", "Label", "Type")
CONNECTION_COLUMNS = ("From", "To", "Type", "Direction", "Strength")
"""Kumu's column names; every other attribute follows as a column of its own name."""


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(str(v) for v in value)
    return value


def flat(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose node, edge and graph attributes are all strings or numbers."""
    h = g.__class__()
    h.graph.update({k: _scalar(v) for k, v in g.graph.items()})
    h.add_nodes_from((n, {k: _scalar(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    h.add_edges_from((u, v, {k: _scalar(x) for k, x in d.items()}) for u, v, d in g.edges(data=True))
    return h


def to_gexf(g: nx.Graph) -> bytes:
    """GEXF 1.2 (Gephi), UTF-8."""
    buf = io.BytesIO()
    nx.write_gexf(flat(g), buf)
    return buf.getvalue()


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML with typed attribute keys, UTF-8."""
    buf = io.BytesIO()
    nx.write_graphml(flat(g), buf)
    return buf.getvalue()


def to_json(g: nx.Graph) -> str:
    """networkx node-link JSON (``nodes``, ``edges``); read back with ``nx.node_link_graph(data, edges="edges")``."""
    return json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1, default=str)


def _table(header: list[str], rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def to_csv(g: nx.Graph) -> tuple[str, str]:
    """Kumu-ready CSV: (elements, connections). Elements: ``ID``, ``Label``, ``Type`` then the other node
    attributes; connections: ``From``, ``To`` (element IDs), ``Type`` (the network's kind or the edge's
    flow), ``Direction``, ``Strength`` (the weight) then the other edge attributes."""
    h = flat(g)
    node_keys = sorted({k for _, d in h.nodes(data=True) for k in d} - {"label", "type"})
    elements = _table([*ELEMENT_COLUMNS, *node_keys],
                      ([n, d.get("label", n), d.get("type", ""), *(d.get(k, "") for k in node_keys)]
                       for n, d in h.nodes(data=True)))
    edge_keys = sorted({k for _, _, d in h.edges(data=True) for k in d} - {"weight", "flow"})
    direction = "directed" if g.is_directed() else "undirected"
    connections = _table([*CONNECTION_COLUMNS, *edge_keys],
                         ([u, v, d.get("flow", g.graph.get("kind", "")), direction, d.get("weight", ""),
                           *(d.get(k, "") for k in edge_keys)] for u, v, d in h.edges(data=True)))
    return elements, connections
