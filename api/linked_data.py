"""Linked data: an entity IRI under the data base (``ontology.ids.BASE``) dereferences here.

Why 303 and content negotiation ("Cool URIs for the Semantic Web", W3C note): an IRI such as
``https://w3id.org/innokg/id/org/kommun/0580`` names a municipality, not a document, so a browser
asking for it is sent (303 See Other) to the page about it — the actor or project page, or the
generic entity page for areas, funds' programmes, documents … — while an RDF client gets a
description of it: its outgoing triples plus the labels of what they point at, in the formats and
with the serialisers of the SPARQL endpoint (:data:`api.sparql.FORMATS`). The route is the path of
the base (:func:`served_path`: ``/id/`` for the default base); in production the w3id.org redirect
of ``https://w3id.org/innokg/`` points at this server.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from pyoxigraph import Literal, NamedNode

from graph import QueryResult, QueryTimeout
from ontology import ids
from ontology.terms import DCTERMS, FOAF, PREFIXES, RDFS, SKOS

from .pages import entity_path, error_page, language, render
from .rest import Reader, entity_id, entity_iri
from .sparql import FORMATS, negotiate

REDIRECTORS = {"w3id.org"}
"""Persistent-IRI services whose first path segment names the project (w3id.org/innokg/…): their
redirect maps ``https://w3id.org/innokg/X`` to ``https://our.server/X``."""


def served_path(base: str) -> str:
    """The path entity IRIs are served under: the base's path, less a redirector's project segment.

    >>> served_path("https://w3id.org/innokg/id/")
    '/id/'
    >>> served_path("https://data.example.se/kg/id/")
    '/kg/id/'
    """
    parts = urlsplit(base)
    path = parts.path or "/"
    if parts.hostname in REDIRECTORS:
        path = "/" + path.lstrip("/").partition("/")[2]
    return path


PREFIX = served_path(ids.BASE)
"""Where entity IRIs are served: ``/id/`` for the default base."""
HTML = "text/html"
OFFERS = [HTML, *FORMATS["graph"]]
"""HTML first: a client that states no preference (``*/*``) is most likely a person following a link."""

DESCRIBE = """CONSTRUCT { ?entity ?property ?value . ?value ?label ?name }
WHERE {
  VALUES ?entity { %s }
  ?entity ?property ?value .
  OPTIONAL { VALUES ?label { rdfs:label skos:prefLabel } ?value ?label ?name }
}"""
NAME_PROPERTIES = [SKOS.prefLabel.value, DCTERMS.title.value, FOAF.name.value, RDFS.label.value]

TEXTS = {
    "en": {"statements": "Statements", "property": "Property", "value": "Value", "graphs": "Graphs"},
    "sv": {"statements": "Påståenden", "property": "Egenskap", "value": "Värde", "graphs": "Grafer"},
}

router = APIRouter(include_in_schema=False)


def describe(request: Request, iri: NamedNode) -> QueryResult:
    """The entity's outgoing triples (each once, whichever graphs hold it) and its values' labels."""
    settings = request.app.state.settings
    result = request.app.state.store.query(DESCRIBE % iri, timeout=settings.query_timeout,
                                           max_rows=settings.max_rows)
    result.triples = list(dict.fromkeys(result.triples))
    return result


def page_of(iri: NamedNode) -> str:
    """Where a browser is sent: the actor or project page, else the generic entity page."""
    return quote(link(iri.value), safe="/")


@router.get(PREFIX + "{path:path}")
def dereference(request: Request, path: str) -> Response:
    """303 to the page for browsers; the description as Turtle, N-Triples, JSON-LD or RDF/XML otherwise."""
    iri = entity_iri(path) if path else None
    chosen = negotiate(request.headers.get("accept"), OFFERS)
    try:
        description = describe(request, iri) if iri else None
    except QueryTimeout as e:
        return PlainTextResponse(str(e), 503)
    if description is None or not description.triples:
        message = f"nothing is known about {ids.BASE}{path}"
        return error_page(request, 404, message) if chosen == HTML else PlainTextResponse(message, 404)
    if chosen is None:
        return PlainTextResponse(f"{iri.value} can be sent as {', '.join(OFFERS)}", 406, headers={"Vary": "Accept"})
    if chosen == HTML:
        return RedirectResponse(page_of(iri), 303, headers={"Vary": "Accept"})
    fmt = FORMATS["graph"][chosen]
    headers = {"Content-Type": fmt.content_type, "Vary": "Accept"}
    if description.truncated:
        headers["X-Innokg-Truncated"] = "true"
    return Response(fmt.serialise(description), headers=headers)


@router.get("/entities/{id:path}")
def entity_page(request: Request, id: str) -> Response:
    """Any entity as a table of its statements: property, value (linked when it is ours), graphs."""
    lang = language(request)
    iri = entity_iri(id) if id else None
    try:
        rows = Reader.of(request).rows("entity", entity=iri.value) if iri else []
    except QueryTimeout as e:
        return error_page(request, 503, str(e))
    if not rows:
        return error_page(request, 404, f"nothing is known about {ids.BASE}{id}")
    return render(request, "entity.html", lang, iri=iri.value, name=_name(rows, lang) or iri.value,
                  statements=_statements(rows), texts=TEXTS[lang])


def _statements(rows: list[dict]) -> list[dict]:
    """One entry per (property, value), with its label, its link and the graphs stating it."""
    merged: dict[tuple[str, str, bool], dict] = {}
    for r in rows:
        value = r["value"]
        is_iri = isinstance(value, NamedNode)
        item = merged.setdefault((r["property"].value, value.value, is_iri), {
            "property": curie(r["property"].value), "property_iri": r["property"].value,
            "value": curie(value.value) if is_iri else value.value,
            "language": value.language if isinstance(value, Literal) else None,
            "href": link(value.value) if is_iri else None, "label": None, "graphs": []})
        if "valueLabel" in r and item["label"] is None:
            item["label"] = r["valueLabel"].value
        graph = {"name": curie(r["graph"].value), "href": link(r["graph"].value)}
        if graph not in item["graphs"]:
            item["graphs"].append(graph)
    return list(merged.values())


def _name(rows: list[dict], lang: str) -> str | None:
    """The entity's name in ``lang``, else Swedish, else any, from its first naming property."""
    for prop in NAME_PROPERTIES:
        names = {(r["value"].language or ""): r["value"].value for r in rows
                 if r["property"].value == prop and isinstance(r["value"], Literal)}
        if names:
            return names.get(lang) or names.get("sv") or names.get("") or next(iter(names.values()))
    return None


def link(iri: str) -> str | None:
    """The page (path, unquoted) of one of our IRIs, else None: other IRIs stay text."""
    entity = entity_id(iri)
    if entity is None:
        return None
    return entity_path(iri) or f"/entities/{entity}"


def curie(iri: str) -> str:
    """``skos:prefLabel`` for a well-known namespace, the id for ours, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return entity_id(iri) or iri
