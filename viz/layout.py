"""Server-side layout for maps too big for the browser's physics.

Why not ``nx.spring_layout`` on the whole graph: it costs nodes² per iteration (2 000 nodes: 7–17 s,
10 000: 2–4 min on the development machine). :func:`community_layout` splits the graph into Louvain
communities, lays out each one on its own (spring layout, small), places the communities with a
spring layout of the community graph, and pushes them apart until their discs do not overlap;
communities too big to lay out directly are split again. The cost is about nodes × ``leaf``.

>>> import networkx as nx
>>> pos = community_layout(nx.barbell_graph(30, 0))
>>> len(pos), all(len(p) == 2 for p in pos.values())
(60, True)
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

LEAF = 300
"""Communities up to this size are laid out with a spring layout directly."""


def community_layout(g: nx.Graph, *, seed: int = 1, leaf: int = LEAF) -> dict:
    """Positions ``{node: (x, y)}`` for every node of ``g`` (direction ignored), about one unit apart."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    return {n: (float(x), float(y)) for n, (x, y) in _layout(u, seed, leaf).items()}


def _layout(g: nx.Graph, seed: int, leaf: int) -> dict:
    if g.number_of_edges() == 0:
        return _grid(list(g))
    if len(g) <= leaf:
        return _spring(g, seed)
    groups = _groups(g, seed)
    if len(groups) == 1:  # nothing to split on: a dense core; a short spring layout is the best we can afford
        return _spring(g, seed, iterations=15)
    parts = [_layout(g.subgraph(members), seed, leaf) for members in groups]
    radii = [max((math.hypot(*p) for p in part.values()), default=0.0) + 1.0 for part in parts]
    centres = _place(g, groups, radii, seed)
    return {n: (cx + x, cy + y) for part, (cx, cy) in zip(parts, centres) for n, (x, y) in part.items()}


def _spring(g: nx.Graph, seed: int, iterations: int = 50) -> dict:
    """A spring layout centred on 0, scaled so neighbours sit about one unit apart."""
    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    pos = nx.spring_layout(g, seed=seed, iterations=iterations, weight=None)
    scale = math.sqrt(len(g)) * 1.5  # spring_layout fills [-1, 1]²; a disc of area ∝ nodes keeps spacing even
    return {n: (x * scale, y * scale) for n, (x, y) in pos.items()}


def _groups(g: nx.Graph, seed: int) -> list[set]:
    """Louvain communities of the connected nodes, and one group of all nodes without edges."""
    alone = {n for n in g if g.degree(n) == 0}
    rest = g.subgraph([n for n in g if n not in alone])
    found = nx.community.louvain_communities(rest, seed=seed) if len(rest) else []
    return sorted(found, key=len, reverse=True) + ([alone] if alone else [])


def _place(g: nx.Graph, groups: list[set], radii: list[float], seed: int) -> list[tuple[float, float]]:
    """Centres for the groups: a spring layout of the community graph (linked groups near each other),
    spread out and then pushed apart until no two discs overlap."""
    where = {n: i for i, members in enumerate(groups) for n in members}
    meta = nx.Graph()
    meta.add_nodes_from(range(len(groups)))
    for a, b in g.edges():
        if where[a] != where[b]:
            meta.add_edge(where[a], where[b])
    pos = nx.spring_layout(meta, seed=seed, iterations=50) if len(groups) <= LEAF else _spiral(len(groups))
    spread = math.sqrt(sum(r * r for r in radii)) * 0.5  # about tight; _separate opens the overlaps
    centres = np.array([pos[i] for i in range(len(groups))], dtype=float) * spread
    return [tuple(c) for c in _separate(centres, np.array(radii))]


def _spiral(n: int) -> dict[int, tuple[float, float]]:
    """Points on a sunflower spiral: even density, the first (largest) group in the middle."""
    golden = math.pi * (3 - math.sqrt(5))
    return {i: (math.sqrt(i / n) * math.cos(i * golden), math.sqrt(i / n) * math.sin(i * golden)) for i in range(n)}


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Move overlapping discs apart along the line joining them until none overlap (or ``rounds`` pass).

    >>> _separate(np.array([[0.0, 0.0], [0.5, 0.0]]), np.array([1.0, 1.0])).round(2).tolist()
    [[-0.75, 0.0], [1.25, 0.0]]
    """
    c = centres.copy()
    for _ in range(rounds):
        delta = c[:, None, :] - c[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        overlap = radii[:, None] + radii[None, :] - dist
        np.fill_diagonal(overlap, 0.0)
        if (overlap <= 1e-9).all():
            break
        push = np.where(overlap > 0, overlap / (2 * np.maximum(dist, 1e-9)), 0.0)
        c += (delta * push[..., None]).sum(axis=1)
    return c


def _grid(nodes: list) -> dict:
    """Nodes without edges in a square grid, one unit apart, centred on 0."""
    side = math.ceil(math.sqrt(len(nodes)))
    return {n: (i % side - (side - 1) / 2, i // side - (side - 1) / 2) for i, n in enumerate(sorted(nodes, key=str))}
