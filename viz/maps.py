"""Interactive maps: a networkx graph → one self-contained HTML page drawn by vis-network.

Why not pyvis's own page: with ``cdn_resources="in_line"`` pyvis 0.3.2 inlines vis-network but its
template still loads Bootstrap from cdn.jsdelivr.net, and it puts tooltips in the page with
``innerHTML`` (a label ``<img src=x onerror=…>`` runs). So the page is ``viz/templates/map.html``,
with the vis-network bundle that ships inside the pyvis package inlined, and the node and edge lists
filled directly (``Network.from_nx`` is quadratic in edges, MEASUREMENTS.md).

Safety: the data travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped, and the page builds tooltips and details with ``textContent`` only; every other text
is escaped by Jinja. Nothing is loaded from the network.

Size: up to :data:`PHYSICS_UP_TO` nodes the browser lays the map out with physics, which stops once
the layout has settled. Bigger maps keep the :data:`STRONGEST_EDGES` heaviest edges of each node and
come with a layout computed here (:func:`viz.layout.community_layout`) and physics off.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 2})]); nx.set_node_attributes(g, {"a": "<b>A</b>", "b": "B"}, "label")
>>> page = map_html(g, title="Test")
>>> "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page, "<script src" in page
(False, True, False)
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from urllib.parse import quote

import jinja2
import networkx as nx

from ontology import ids

from .layout import community_layout
from .metrics import add_metrics
from .projections import strongest_edges

PHYSICS_UP_TO = 1_000
"""Nodes up to which the browser's physics lays the map out (vis.js grinds beyond ~1 500)."""

STRONGEST_EDGES = 3
"""Edges kept per node on maps above :data:`PHYSICS_UP_TO` nodes."""

TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Municipality": ("#1f77b4", "Municipality"),
    "RegionalAuthority": ("#17becf", "Regional authority"),
    "University": ("#d62728", "University"),
    "ResearchInstitute": ("#e377c2", "Research institute"),
    "Company": ("#2ca02c", "Company"),
    "ScienceParkOrIncubator": ("#ff7f0e", "Science park / incubator"),
    "Cluster": ("#9467bd", "Cluster"),
    "GovernmentAgency": ("#8c564b", "Government agency"),
    "Association": ("#bcbd22", "Association"),
    "OtherOrganization": ("#7f7f7f", "Other organisation"),
    "Fund": ("#f2c500", "Fund / programme"),
    "Person": ("#c7c7c7", "Person"),
    "Project": ("#333333", "Project"),
    "County": ("#1f77b4", "County (län)"),
    "NutsRegion": ("#17becf", "NUTS 2 region"),
}
"""Colour and legend label of each node type (a colour-blind-safe-ish Tableau palette)."""

COMMUNITY_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                     "#9c755f", "#bab0ac")
"""Colours of the largest communities; the rest share grey."""

TEMPLATE_DIR = Path(__file__).parent / "templates"


def entity_link(iri: str, kind: str) -> str | None:
    """The server page of an actor or project: ``/actors/{id}`` or ``/projects/{id}``, where id is the IRI's
    path under the data base (percent-encoded); None for other nodes and IRIs outside the base.

    >>> entity_link(ids.organisation("Linköpings universitet").value, "actor")
    '/actors/org/link%C3%B6pings-universitet'
    """
    if kind not in ("actor", "project") or not iri.startswith(ids.BASE):
        return None
    return f"/{kind}s/{quote(iri[len(ids.BASE):], safe='/')}"


def format_sek(value: float) -> str:
    """Whole kronor with spaces between thousands (Swedish style).

    >>> format_sek(3_000_000.0)
    '3 000 000 SEK'
    """
    return f"{value:,.0f}".replace(",", " ") + " SEK"


def short_label(text: str, limit: int = 40) -> str:
    """A label short enough to draw; the full name stays in the tooltip.

    >>> short_label("SKISS - Strukturbyggande och kapacitetshöjande inom smart specialisering")
    'SKISS - Strukturbyggande och kapacitets…'
    """
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def scale(values: list[float], low: float, high: float, *, root: bool = True) -> list[float]:
    """Map values onto ``[low, high]``: by square root from 0 (``root``: node areas grow with the value), or
    linearly from the smallest value to the largest (line widths); all-equal values get ``low``.

    >>> scale([0, 1, 4], 10, 30), scale([1, 2, 3], 1, 5, root=False)
    ([10.0, 20.0, 30.0], [1.0, 3.0, 5.0])
    """
    values = [max(float(v), 0.0) for v in values]
    bottom = 0.0 if root else min(values, default=0.0)
    top = max(values, default=0.0)
    if top <= bottom:
        return [float(low)] * len(values)
    shape = math.sqrt if root else (lambda x: x)
    return [low + (high - low) * shape((v - bottom) / (top - bottom)) for v in values]


def _node_rows(d: dict) -> list[tuple[str, str]]:
    """The facts shown in a node's tooltip and details panel."""
    rows = [("Type", TYPE_STYLES.get(d.get("type", ""), ("", d.get("type", "")))[1])]
    if d.get("region"):
        rows.append(("Region", d["region"]))
    if d.get("kind") == "project":
        if d.get("start_date") or d.get("end_date"):
            rows.append(("Period", f"{d.get('start_date') or '?'} – {d.get('end_date') or '?'}"))
    elif "projects" in d:
        rows.append(("Projects", str(d["projects"])))
    if d.get("actors"):
        rows.append(("Actors", str(d["actors"])))
    if d.get("given_sek"):
        rows.append(("Gives", format_sek(d["given_sek"])))
    if d.get("project_sek"):
        rows.append(("Known project funding", format_sek(d["project_sek"])))
    if "degree" in d:
        rows += [("Links", str(d["degree"])), ("Betweenness", f"{d['betweenness']:.3f}"),
                 ("Community", str(d["community"]))]
    return rows


def _edge_info(g: nx.Graph, u, v, d: dict) -> dict:
    rows = []
    if d.get("roles"):
        rows.append(("Roles", ", ".join(d["roles"])))
    if d.get("sek"):
        rows.append(("Amount", format_sek(d["sek"])))
    titles = d.get("titles", [])
    if titles:
        rows.append(("Shared projects", str(len(titles))))
        rows += [("Project", t) for t in titles[:10]]
    name = f"{g.nodes[u].get('label', u)} — {g.nodes[v].get('label', v)}"
    return {"name": name, "rows": rows}


def _node_value(d: dict, size_by: str) -> float:
    if size_by == "funding":
        return d.get("given_sek") or (d.get("project_sek", 0.0) if d.get("kind") == "project" else 0.0)
    return d.get("degree", 0)


def map_data(g: nx.Graph, *, size_by: str = "degree", color_by: str = "type",
             physics_up_to: int = PHYSICS_UP_TO, strongest: int = STRONGEST_EDGES, seed: int = 1) -> dict:
    """The JSON the page draws: ``nodes``, ``edges``, vis ``options``, ``legend`` and a ``status`` line.

    Metrics are computed on the whole graph (unless present) before big graphs lose their weak edges.
    ``size_by``: ``degree`` or ``funding`` (money given; for projects their known funding);
    ``color_by``: ``type`` or ``community``.
    """
    if g.number_of_nodes() and "degree" not in next(iter(g.nodes.values())):
        g = add_metrics(g.copy(), seed=seed)
    big = len(g) > physics_up_to
    shown = strongest_edges(g, strongest) if big else g
    pos = community_layout(shown, seed=seed) if big else {}
    order = sorted(g, key=lambda n: str(g.nodes[n].get("label", n)))
    number = {n: i for i, n in enumerate(order)}
    sizes = scale([_node_value(g.nodes[n], size_by) for n in order], 8, 40)
    nodes = []
    for n, size in zip(order, sizes):
        d = g.nodes[n]
        colour, _ = _colour(d, color_by)
        node = {"id": number[n], "label": short_label(str(d.get("label", n))), "color": colour, "size": round(size, 1),
                "info": {"name": str(d.get("label", n)), "rows": _node_rows(d), "link": entity_link(d.get("iri", ""), d.get("kind", ""))}}
        if big:
            x, y = pos[n]
            node.update(x=round(x * 40, 1), y=round(y * 40, 1))
        nodes.append(node)
    edge_list = list(shown.edges(data=True))
    widths = scale([d.get("weight", 0) or 0 for _, _, d in edge_list], 1, 8, root=False)
    edges = []
    for (u, v, d), width in zip(edge_list, widths):
        edge = {"from": number[u], "to": number[v], "width": round(width, 2)}
        if not big:
            edge["info"] = _edge_info(g, u, v, d)
        if d.get("flow") == "participant":
            edge["dashes"] = True
        if d.get("flow") in ("grant", "programme") and d.get("sek"):
            edge["label"] = format_sek(d["sek"])
        edges.append(edge)
    return {"nodes": nodes, "edges": edges, "options": _options(g, big, len(g)),
            "legend": _legend(g, color_by), "big": big}


def _colour(d: dict, color_by: str) -> tuple[str, str]:
    if color_by == "community":
        c = d.get("community", 0)
        return (COMMUNITY_COLOURS[c], f"Community {c}") if c < len(COMMUNITY_COLOURS) else ("#cccccc", "Smaller communities")
    return TYPE_STYLES.get(d.get("type", ""), ("#7f7f7f", d.get("type", "")))


def _legend(g: nx.Graph, color_by: str) -> list[dict]:
    counts: dict[tuple[str, str], int] = {}
    for _, d in g.nodes(data=True):
        key = _colour(d, color_by)
        counts[key] = counts.get(key, 0) + 1
    return [{"color": c, "label": label, "count": n} for (c, label), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1]))]


def _options(g: nx.Graph, big: bool, n: int) -> dict:
    """vis-network options: physics that settles and stops, or none when the layout is precomputed."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n <= 150},
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.3},
                    "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 25, "fit": True},
                    "minVelocity": 1.0},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": True},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#333333", "opacity": 0.7},
                  "arrows": {"to": {"enabled": g.is_directed(), "scaleFactor": 0.5}},
                  "font": {"size": 11, "align": "middle", "strokeWidth": 3}},
    }


def _script_json(value) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` (so no ``</script>``), no line separators.

    >>> _script_json({"a": "</script><!--&"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


@cache
def _vis_bundle() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True)
    return env.get_template("map.html")


def map_html(g: nx.Graph, *, title: str = "innokg network", caption: str | None = None, size_by: str = "degree",
             color_by: str = "type", physics_up_to: int = PHYSICS_UP_TO, strongest: int = STRONGEST_EDGES,
             seed: int = 1) -> str:
    """The whole page for ``g`` (see :func:`map_data` for the options)."""
    data = map_data(g, size_by=size_by, color_by=color_by, physics_up_to=physics_up_to, strongest=strongest, seed=seed)
    js, css = _vis_bundle()
    shown_edges = len(data["edges"])
    counts = f"{len(data['nodes'])} nodes · {shown_edges} links"
    if data["big"] and shown_edges < g.number_of_edges():
        counts += f" (the {strongest} strongest of each node, of {g.number_of_edges()})"
    status = "Layout computed in advance; physics off." if data["big"] else "Laying out…"
    sizing = ("Size: money given (projects: their known funding)" if size_by == "funding" else "Size: number of links") \
        + "; line width: " + ("amount (SEK)" if g.is_directed() else "shared projects") + "."
    return _template().render(
        title=title, caption=" · ".join(p for p in (caption or g.graph.get("filters", ""), counts) if p),
        status=status, legend=data["legend"], legend_title="Communities" if color_by == "community" else "Types",
        sizing=sizing, data=_script_json({k: data[k] for k in ("nodes", "edges", "options")}), vis_js=js, vis_css=css)


def write_map(g: nx.Graph, path: Path | str, **options) -> Path:
    """Write :func:`map_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(map_html(g, **options), encoding="utf-8")
    return path
