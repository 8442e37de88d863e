"""``GET /map``: the network map in the server, its filters as a form, and download links.

``/map`` is the page (form, links, the map in a frame); ``/map/view`` the self-contained map itself;
``/map/download/{file}`` the same network as ``network.gexf``, ``network.graphml``, ``network.json``,
``elements.csv``/``connections.csv`` (Kumu), ``map.png`` or ``map.svg``. Every route takes the same
query parameters as ``innokg map`` (``kind region fund from to type actor depth min_weight``), so a
link copied from the page reproduces the view. Empty form fields count as absent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from viz import build_network
from viz.projections import KINDS, FilterError, Filters

router = APIRouter(tags=["map"])

MAP_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
"""The map runs its own inline script and style and loads nothing else (the page stays offline-safe)."""
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'"

DOWNLOADS = {
    "network.gexf": "application/gexf+xml", "network.graphml": "application/graphml+xml",
    "network.json": "application/json", "elements.csv": "text/csv; charset=utf-8",
    "connections.csv": "text/csv; charset=utf-8", "map.png": "image/png", "map.svg": "image/svg+xml",
}


@dataclass(frozen=True)
class MapRequest:
    kind: str
    filters: Filters
    color_by: str
    size_by: str
    query: str
    """The request's parameters, url-encoded, without the empty ones."""


def map_request(kind: str = "collaboration", region: str | None = None, fund: str | None = None,
                start: str | None = Query(None, alias="from"), end: str | None = Query(None, alias="to"),
                type: list[str] = Query([]), actor: str | None = None, depth: str | None = None,
                min_weight: str | None = None, color_by: str = "type", size_by: str | None = None) -> MapRequest:
    """The map parameters of a request; 400 when one is malformed. ``type`` may repeat, and one value may
    hold several types separated by spaces (the form's single field)."""
    type = [t for value in type for t in value.split()]
    if kind not in KINDS or color_by not in ("type", "community") or size_by not in (None, "", "degree", "funding"):
        raise HTTPException(400, f"kind is one of {', '.join(KINDS)}; color_by type|community; size_by degree|funding")
    try:
        filters = Filters(region=region or None, fund=fund or None, start=start or None, end=end or None,
                          types=tuple(t for t in type if t), actor=actor or None, depth=int(depth) if depth else 1,
                          min_weight=float(min_weight) if min_weight else None)
    except ValueError:
        raise HTTPException(400, "depth is a whole number and min_weight a number")
    params = [("kind", kind), ("region", region), ("fund", fund), ("from", start), ("to", end),
              *(("type", t) for t in type), ("actor", actor), ("depth", depth), ("min_weight", min_weight),
              ("color_by", color_by), ("size_by", size_by)]
    return MapRequest(kind, filters, color_by, size_by or ("funding" if kind == "funding" else "degree"),
                      urlencode([(k, v) for k, v in params if v]))


def _network(request: Request, m: MapRequest):
    try:
        return build_network(request.app.state.store, m.kind, m.filters)
    except FilterError as e:
        raise HTTPException(400, str(e))


_PAGE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>innokg · network map</title>
<style>
 body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
 form { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 8px 12px; border-bottom: 1px solid #ddd; align-items: end; }
 label { display: flex; flex-direction: column; font-size: 12px; color: #444; }
 .links { padding: 4px 12px; font-size: 13px; } .links a { margin-right: 10px; }
 .error { color: #b00020; padding: 8px 12px; }
 iframe { flex: 1; border: 0; width: 100%; }
</style></head><body>
<form method="get" action="/map">
 <label>Kind <select name="kind">{% for k in kinds %}<option{% if k == m.kind %} selected{% endif %}>{{ k }}</option>{% endfor %}</select></label>
 <label>Region <input name="region" value="{{ f.region or '' }}" placeholder="Östergötlands län"></label>
 <label>Fund <input name="fund" value="{{ f.fund or '' }}" placeholder="ERUF"></label>
 <label>From <input name="from" value="{{ f.start or '' }}" size="10" placeholder="YYYY"></label>
 <label>To <input name="to" value="{{ f.end or '' }}" size="10" placeholder="YYYY"></label>
 <label>Type <input name="type" value="{{ f.types | join(' ') }}" placeholder="University"></label>
 <label>Actor <input name="actor" value="{{ f.actor or '' }}"></label>
 <label>Depth <input name="depth" type="number" min="0" value="{{ f.depth }}" style="width: 4em"></label>
 <label>Min. weight <input name="min_weight" value="{{ f.min_weight if f.min_weight is not none else '' }}" size="8"></label>
 <label>Colour <select name="color_by">{% for c in ["type", "community"] %}<option{% if c == m.color_by %} selected{% endif %}>{{ c }}</option>{% endfor %}</select></label>
 <button type="submit">Show</button>
</form>
{% if error %}<p class="error">{{ error }}</p>{% else %}
<p class="links">Download: {% for name in downloads %}<a href="/map/download/{{ name }}?{{ m.query }}">{{ name }}</a>{% endfor %}</p>
<iframe title="network map" src="/map/view?{{ m.query }}"></iframe>{% endif %}
</body></html>""")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, m: MapRequest = Depends(map_request)) -> HTMLResponse:
    """The filter form, download links and the map (in a frame, so the map page stays self-contained)."""
    error = None
    try:
        build_network(request.app.state.store, m.kind, m.filters, metrics=False)
    except FilterError as e:
        error = str(e)
    return HTMLResponse(_PAGE.render(m=m, f=m.filters, kinds=KINDS, downloads=DOWNLOADS, error=error),
                        status_code=400 if error else 200, headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/map/view", response_class=HTMLResponse)
def map_view(request: Request, m: MapRequest = Depends(map_request)) -> HTMLResponse:
    """The interactive map alone: one self-contained HTML page."""
    from viz.maps import map_html

    g = _network(request, m)
    return HTMLResponse(map_html(g, title=f"innokg {m.kind} network", size_by=m.size_by, color_by=m.color_by),
                        headers={"Content-Security-Policy": MAP_CSP})


@router.get("/map/download/{name}")
def map_download(request: Request, name: str, m: MapRequest = Depends(map_request)) -> Response:
    """The network as a file: GEXF, GraphML, node-link JSON, Kumu CSV, or a static PNG/SVG map."""
    from viz import exports
    from viz.static_map import static_map

    if name not in DOWNLOADS:
        raise HTTPException(404, f"downloads are {', '.join(DOWNLOADS)}")
    g = _network(request, m)
    if name.startswith("map."):
        buf = io.BytesIO()
        static_map(g, buf, fmt=name.split(".")[1], title=f"innokg {m.kind} network", size_by=m.size_by)
        body: bytes | str = buf.getvalue()
    elif name.endswith(".csv"):
        body = exports.to_csv(g)[0 if name == "elements.csv" else 1]
    else:
        body = {"network.gexf": exports.to_gexf, "network.graphml": exports.to_graphml, "network.json": exports.to_json}[name](g)
    return Response(body, media_type=DOWNLOADS[name],
                    headers={"Content-Disposition": f'attachment; filename="innokg-{m.kind}-{name}"'})
