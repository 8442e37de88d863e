"""Static maps for reports: the same colours, sizes and layout as the interactive map, as PNG or SVG.

>>> import io, networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 1})]); nx.set_node_attributes(g, "University", "type")
>>> buf = io.BytesIO(); static_map(g, buf, fmt="svg")
>>> buf.getvalue().startswith(b"<?xml")
True
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from .layout import community_layout  # noqa: E402
from .maps import TYPE_STYLES, _node_value, scale, short_label  # noqa: E402
from .metrics import add_metrics  # noqa: E402
from .projections import strongest_edges  # noqa: E402

LABELLED = 25
"""How many of the biggest nodes get a label."""


def static_map(g: nx.Graph, out: Path | str | BinaryIO, *, fmt: str | None = None, title: str = "",
               size_by: str = "degree", strongest: int = 3, seed: int = 1) -> None:
    """Draw ``g`` to ``out`` (``fmt`` ``png`` or ``svg``; from the file name when not given): nodes coloured
    by type with a legend, sized by ``size_by`` (``degree`` or ``funding``), lines as wide as their weight;
    graphs of more than 1 000 nodes keep the ``strongest`` heaviest edges of each node."""
    fmt = fmt or Path(str(out)).suffix.lstrip(".").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"static maps are png or svg, not {fmt!r}")
    if g.number_of_nodes() and "degree" not in next(iter(g.nodes.values())):
        g = add_metrics(g.copy(), seed=seed)
    shown = strongest_edges(g, strongest) if len(g) > 1_000 else g
    pos = community_layout(shown, seed=seed)
    nodes = list(g)
    colours = [TYPE_STYLES.get(g.nodes[n].get("type", ""), ("#7f7f7f", ""))[0] for n in nodes]
    sizes = scale([_node_value(g.nodes[n], size_by) for n in nodes], 20, 600)
    widths = scale([d.get("weight", 0) or 0 for _, _, d in shown.edges(data=True)], 0.4, 4, root=False)

    fig, ax = plt.subplots(figsize=(12, 9), dpi=120)
    arrows = {"arrows": True, "arrowsize": 8, "node_size": sizes} if g.is_directed() else {"arrows": False}
    nx.draw_networkx_edges(shown, pos, ax=ax, width=widths, edge_color="#9aa5b1", alpha=0.6, **arrows)
    nx.draw_networkx_nodes(g, pos, nodelist=nodes, ax=ax, node_color=colours, node_size=sizes,
                           edgecolors="#00000044", linewidths=0.5)
    biggest = sorted(nodes, key=lambda n: -_node_value(g.nodes[n], size_by))[:LABELLED]
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8,
                            labels={n: short_label(str(g.nodes[n].get("label", n)), 32) for n in biggest})
    present = sorted({g.nodes[n].get("type", "") for n in nodes})
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", markersize=8, color=TYPE_STYLES.get(t, ("#7f7f7f", t))[0],
                              label=TYPE_STYLES.get(t, ("", t))[1]) for t in present],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="Types")
    ax.set_title(title or g.graph.get("filters", ""), loc="left")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
