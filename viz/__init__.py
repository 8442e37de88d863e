"""Network views of the graph: networkx projections and metrics, pyvis maps, exports.

``build_network`` is the front door used by the CLI and the server: read the store once
(:mod:`viz.load`), project with filters (:mod:`viz.projections`), add metrics (:mod:`viz.metrics`).
Then draw (:mod:`viz.maps`, :mod:`viz.static_map`) or export (:mod:`viz.exports`).
"""

from __future__ import annotations

import networkx as nx

from graph import Store

from .load import load_network
from .metrics import add_metrics
from .projections import Filters, network


def build_network(store: Store, kind: str = "collaboration", filters: Filters = Filters(), *,
                  metrics: bool = True, timeout: float | None = 60.0) -> nx.Graph:
    """The ``kind`` network of ``store`` with ``filters`` applied, with metrics as node attributes."""
    g = network(load_network(store, timeout), kind, filters)
    return add_metrics(g) if metrics else g
