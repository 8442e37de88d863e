"""The SPARQL 1.1 Protocol endpoint, query operation only: ``GET/POST /sparql`` (DESIGN.md §4).

Why this shape (rdflib-endpoint): the request is parsed into a :class:`SparqlRequest` (the three
ways to send a query, the dataset parameters, exactly one query), then evaluated *and serialised*
in a killable child process (:mod:`graph.isolation`), so the time limit covers all the work; the
format comes from a table of media type → serialiser per query form, negotiated with the client's
``Accept``. Updates are refused before anything runs, and the store refuses them anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from graph import QueryResult, QuerySyntaxError, QueryTimeout, Store, StoreError
from graph.cache import CachedStore
from graph.isolation import TooManyQueries
from graph.results import to_csv, to_json, to_tsv, to_xml
from ontology.terms import PREFIXES

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One response format: the Content-Type sent, the serialiser, and its W3C format IRI."""

    content_type: str
    serialise: Callable[[QueryResult], bytes]
    iri: str


def _text(fn: Callable[[QueryResult], str]) -> Callable[[QueryResult], bytes]:
    return lambda result: fn(result).encode("utf-8")


def _rdf(fmt: ox.RdfFormat) -> Callable[[QueryResult], bytes]:
    prefixes = PREFIXES if fmt is ox.RdfFormat.TURTLE else None
    return lambda result: ox.serialize(result.triples, format=fmt, prefixes=prefixes)


_JSON = Format("application/sparql-results+json; charset=utf-8", _text(to_json), W3C_FORMATS + "SPARQL_Results_JSON")
_XML = Format("application/sparql-results+xml; charset=utf-8", _text(to_xml), W3C_FORMATS + "SPARQL_Results_XML")

FORMATS: dict[str, dict[str, Format]] = {
    # query form → media type → format; the first is the default
    "select": {
        "application/sparql-results+json": _JSON,
        "application/json": Format("application/json; charset=utf-8", _JSON.serialise, _JSON.iri),
        "application/sparql-results+xml": _XML,
        "text/csv": Format("text/csv; charset=utf-8", _text(to_csv), W3C_FORMATS + "SPARQL_Results_CSV"),
        "text/tab-separated-values": Format("text/tab-separated-values; charset=utf-8", _text(to_tsv),
                                            W3C_FORMATS + "SPARQL_Results_TSV"),
    },
    "ask": {
        "application/sparql-results+json": _JSON,
        "application/json": Format("application/json; charset=utf-8", _JSON.serialise, _JSON.iri),
        "application/sparql-results+xml": _XML,
    },
    "graph": {
        "text/turtle": Format("text/turtle; charset=utf-8", _rdf(ox.RdfFormat.TURTLE), W3C_FORMATS + "Turtle"),
        "application/n-triples": Format("application/n-triples; charset=utf-8", _rdf(ox.RdfFormat.N_TRIPLES),
                                        W3C_FORMATS + "N-Triples"),
        "application/ld+json": Format("application/ld+json; charset=utf-8", _rdf(ox.RdfFormat.JSON_LD),
                                      W3C_FORMATS + "JSON-LD"),
        "application/rdf+xml": Format("application/rdf+xml; charset=utf-8", _rdf(ox.RdfFormat.RDF_XML),
                                      W3C_FORMATS + "RDF_XML"),
    },
}
QUERY_FORMS = {"select": "SELECT", "ask": "ASK", "graph": "CONSTRUCT and DESCRIBE"}
ALL_MEDIA_TYPES = list(dict.fromkeys(m for table in FORMATS.values() for m in table))


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str):
        super().__init__(status, message)
        self.status, self.message = status, message


# --------------------------------------------------------------------------- content negotiation
def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (RFC 9110 §12.5.1), or None when it accepts none of them.

    Each offer gets the q-value of the most specific range that matches it; ties go to the
    earlier offer (the server's preference). No ``Accept`` accepts everything.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ["application/json", "text/csv",
    ...           "application/sparql-results+xml"])
    'application/sparql-results+xml'
    >>> negotiate("text/*;q=0.2, */*;q=0", ["application/json", "text/csv"])
    'text/csv'
    >>> negotiate("image/png", ["application/json"]) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0] + "/*"
        matches = [(3 if m == offer else 2 if m == kind else 1, q) for m, q in ranges if m in (offer, kind, "*/*")]
        q = max(matches)[1] if matches else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


# --------------------------------------------------------------------------- the request
@dataclass(frozen=True)
class SparqlRequest:
    """One query operation: the query and the protocol dataset (graph IRIs), if any."""

    query: str
    default_graphs: tuple[ox.NamedNode, ...] = ()
    named_graphs: tuple[ox.NamedNode, ...] = ()

    def dataset(self) -> dict:
        """Keyword arguments for :meth:`graph.Store.query`: a protocol dataset replaces the query's
        own (FROM) and the union default graph: what it does not list is empty (SPARQL 1.1 §13.2)."""
        if not self.default_graphs and not self.named_graphs:
            return {}
        return {"default_graphs": list(self.default_graphs), "named_graphs": list(self.named_graphs)}


def parse_request(method: str, url_params: list[tuple[str, str]], content_type: str | None,
                  body: bytes) -> SparqlRequest | None:
    """The query operation in an HTTP request; None for a bare GET (the service description).

    Raises :class:`ProtocolError` for anything else: an update (403), an unsupported body type
    or charset (415), no query or several, or a graph parameter that is not an IRI (400).
    """
    params = list(url_params)
    media, charset = _media_type(content_type)
    if method == "POST":
        if media == FORM:
            params += parse_qsl(_utf8(body, "form body"), keep_blank_values=True)
        elif media == SPARQL_QUERY:
            if charset not in (None, "utf-8"):
                raise ProtocolError(415, f"{SPARQL_QUERY} must be UTF-8, not {charset}")
            params.append(("query", _utf8(body, "query")))
        elif media == SPARQL_UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise ProtocolError(415, f"POST a query as {FORM} or {SPARQL_QUERY}, not {media or 'an untyped body'}")
    if any(name == "update" for name, _ in params):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if method == "GET" and not params:
        return None
    queries = [value for name, value in params if name == "query"]
    if len(queries) != 1:
        raise ProtocolError(400, "missing query parameter" if not queries else
                            f"exactly one query per request, got {len(queries)}")
    if _uses_service(queries[0]):
        raise ProtocolError(400, "federated queries (SERVICE) are disabled on this endpoint")
    return SparqlRequest(queries[0], _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    media, *params = (p.strip() for p in (content_type or "").split(";"))
    charset = next((v.strip('"').lower() for k, _, v in (p.partition("=") for p in params)
                    if k.strip().lower() == "charset"), None)
    return media.lower(), charset


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProtocolError(400, f"the {what} is not valid UTF-8 ({e.reason} at byte {e.start})") from None


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[ox.NamedNode, ...]:
    try:
        return tuple(ox.NamedNode(value) for key, value in params if key == name)
    except ValueError as e:
        raise ProtocolError(400, f"{name} must be an absolute IRI: {e}") from None


_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)


def _uses_service(query: str) -> bool:
    """True when the query has a SERVICE clause (outside strings, IRIs and comments): Oxigraph
    would fetch any URL from the server's network, which a public endpoint must not do."""
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", query)))


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes
    truncated: bool = False


def answer(store: Store, request: SparqlRequest, accept: str | None, max_rows: int) -> Answer:
    """Evaluate and serialise in the format the client prefers for this query form (runs in the child)."""
    result = store.query(request.query, max_rows=max_rows, **request.dataset())
    formats = FORMATS[result.kind]
    chosen = negotiate(accept, list(formats))
    if chosen is None:
        raise ProtocolError(406, f"{QUERY_FORMS[result.kind]} results can be sent as {', '.join(formats)}")
    fmt = formats[chosen]
    return Answer(fmt.content_type, fmt.serialise(result), result.truncated)


def service_description(endpoint: str, accept: str | None) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    sd, rdf = "http://www.w3.org/ns/sparql-service-description#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()

    def t(s, p, o) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)

    triples = [
        t(service, rdf + "type", ox.NamedNode(sd + "Service")),
        t(service, sd + "endpoint", ox.NamedNode(endpoint)),
        t(service, sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Query")),
        t(service, sd + "feature", ox.NamedNode(sd + "UnionDefaultGraph")),
        t(service, sd + "defaultDataset", dataset),
        t(dataset, rdf + "type", ox.NamedNode(sd + "Dataset")),
        t(dataset, sd + "defaultGraph", default),
        t(default, rdf + "type", ox.NamedNode(sd + "Graph")),
    ]
    triples += [t(service, sd + "resultFormat", ox.NamedNode(iri))
                for iri in dict.fromkeys(f.iri for table in FORMATS.values() for f in table.values())]
    formats = FORMATS["graph"]
    chosen = negotiate(accept, list(formats))
    if chosen is None:
        return PlainTextResponse(f"the service description can be sent as {', '.join(formats)}", 406)
    fmt = formats[chosen]
    body = fmt.serialise(QueryResult("graph", triples=triples))
    return Response(body, headers={"Content-Type": fmt.content_type, "Vary": "Accept"})


# --------------------------------------------------------------------------- the routes
_DOC_PARAMS = [
    {"name": "query", "in": "query", "schema": {"type": "string"},
     "description": "The SPARQL query (exactly one; without any parameter, GET answers the service description)."},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "IRIs of the graphs merged into the default graph (instead of the union of all graphs)."},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "IRIs of the graphs visible to GRAPH."},
]
_DOC_RESPONSES = {
    200: {"description": "Results (SELECT/ASK) or a graph (CONSTRUCT/DESCRIBE) in the negotiated format; "
                         "`X-Innokg-Truncated: true` when cut at the row limit.",
          "content": {m: {} for m in ALL_MEDIA_TYPES}},
    400: {"description": "Malformed query (the parser's message), no query or several, a bad graph IRI."},
    403: {"description": "An update: this endpoint is read-only."},
    406: {"description": "No acceptable format for this query form."},
    413: {"description": "Request body over the size limit."},
    415: {"description": "POST body neither form-encoded nor application/sparql-query (UTF-8)."},
    503: {"description": "The query ran past the time limit (and was stopped), or the server is busy."},
}


@router.get("/sparql", summary="SPARQL 1.1 query (GET)", responses=_DOC_RESPONSES,
            openapi_extra={"parameters": _DOC_PARAMS})
async def sparql_get(request: Request) -> Response:
    """SPARQL 1.1 Protocol query via GET; without parameters, the service description (Turtle)."""
    return await _handle(request)


@router.post("/sparql", summary="SPARQL 1.1 query (POST)", responses=_DOC_RESPONSES,
             openapi_extra={"parameters": _DOC_PARAMS[1:], "requestBody": {"content": {
                 FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                 SPARQL_QUERY: {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request) -> Response:
    """SPARQL 1.1 Protocol query via URL-encoded POST or ``application/sparql-query`` POST."""
    return await _handle(request)


async def _handle(request: Request) -> Response:
    accept = request.headers.get("accept")
    try:
        parsed = parse_request(request.method, request.query_params.multi_items(),
                               request.headers.get("content-type"), await request.body())
        if parsed is None:
            return service_description(str(request.url.replace(query="")), accept)
        if negotiate(accept, ALL_MEDIA_TYPES) is None:
            raise ProtocolError(406, f"results can be sent as {', '.join(ALL_MEDIA_TYPES)}")
        settings, store = request.app.state.settings, request.app.state.store
        key = ("sparql", parsed, accept, settings.max_rows)
        etag = etag_for(request, key)
        if not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})

        def evaluate() -> Answer:
            return store.run(lambda s: answer(s, parsed, accept, settings.max_rows), settings.query_timeout)
        if isinstance(store, CachedStore):
            result: Answer = await run_in_threadpool(store.cached, key, evaluate, lambda a: 1 + len(a.body) // 32)
        else:
            result = await run_in_threadpool(evaluate)
    except ProtocolError as e:
        return PlainTextResponse(e.message, e.status)
    except QuerySyntaxError as e:
        return PlainTextResponse(f"malformed query: {e}", 400)
    except TooManyQueries as e:
        return PlainTextResponse(str(e), 503, headers={"Retry-After": "1"})
    except QueryTimeout as e:
        return PlainTextResponse(str(e), 503)
    except (StoreError, OSError) as e:
        return PlainTextResponse(f"the query failed: {e}", 500)
    headers = {"Content-Type": result.content_type, "Vary": "Accept"}
    if etag:
        headers["ETag"] = etag
    if result.truncated:
        headers["X-Innokg-Truncated"] = "true"
    return Response(result.body, headers=headers)


# --------------------------------------------------------------------------- revalidation
def etag_for(request: Request, key) -> str | None:
    """The ETag of the answer to ``key`` at the store's current generation (None when uncached:
    then innokg cannot know whether the data changed, docs/decisions/007)."""
    store = request.app.state.store
    return store.etag(key) if isinstance(store, CachedStore) else None


def not_modified(request: Request, etag: str | None) -> bool:
    """True when the client's ``If-None-Match`` names ``etag`` (RFC 9110 §13.1.2, weak comparison)."""
    header = request.headers.get("if-none-match")
    if not etag or not header:
        return False
    return header.strip() == "*" or etag in (tag.strip().removeprefix("W/") for tag in header.split(","))
