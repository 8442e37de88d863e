"""A remote SPARQL 1.1 server as a :class:`~graph.base.Store` (issue 8).

Why plain HTTP (SPARQL 1.1 Protocol, Update, Graph Store Protocol) rather than a server's own
client: Oxigraph server, Virtuoso, GraphDB, Neptune and QLever all speak it, so one class serves
all of them (docs/decisions/006-remote-stores.md). What it maps to:

- ``commit(change)`` → one SPARQL Update request, the same text the embedded store runs
  (:func:`graph.oxigraph.change_to_update`); Oxigraph server runs one request as one transaction;
- ``query`` → the query operation, answered as SPARQL JSON results (SELECT/ASK) or N-Triples
  (CONSTRUCT/DESCRIBE), parsed by pyoxigraph while it streams, so ``max_rows`` stops reading
  early. A time limit is an HTTP read limit: innokg stops waiting, **the server keeps evaluating**
  unless it has its own limit (``oxigraph serve --timeout-s``, Virtuoso's ``MaxQueryExecutionTime``);
- ``bulk_load`` → Graph Store Protocol POSTs of N-Quads in chunks (SPARQL ``INSERT DATA`` chunks
  without one); ``export`` → the Graph Store Protocol's N-Quads dump, or a streamed SELECT.
"""

from __future__ import annotations

import io
import itertools
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

import httpx
import pyoxigraph as ox

from ontology.terms import PREFIXES

from .base import Change, ExportFormat, QueryResult, QuerySyntaxError, QueryTimeout, StoreError
from .endpoints import Endpoints, auth_from_env
from .oxigraph import RDF_FORMATS, _prefixes, change_to_update

RESULTS_JSON, N_TRIPLES, N_QUADS = "application/sparql-results+json", "application/n-triples", "application/n-quads"
ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
DEFAULT_TIMEOUT = 60.0
"""Seconds an operation may take when the caller gives no limit (``INNOKG_STORE_TIMEOUT``)."""
LOAD_CHUNK = 50_000
PROLOGUE = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
"""The predeclared prefixes, on the query's first line so the server's line numbers stay right."""


class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP(S)."""

    def __init__(self, uri: str, endpoints: Endpoints | None = None, *, auth: httpx.Auth | None = None,
                 timeout: float | None = None):
        self.uri = uri
        self.endpoints = endpoints or Endpoints.from_uri(uri)
        self.timeout = timeout or float(os.environ.get("INNOKG_STORE_TIMEOUT") or DEFAULT_TIMEOUT)
        self._client = httpx.Client(auth=auth if auth is not None else auth_from_env(), timeout=self.timeout,
                                    headers={"User-Agent": "innokg"})
        try:
            self.query("ASK {}", timeout=min(self.timeout, 10))
        except StoreError as e:
            self._client.close()
            raise StoreError(f"cannot use the SPARQL server {uri}: {e}") from None

    # writes ---------------------------------------------------------------
    def commit(self, change: Change) -> None:
        update = change_to_update(change)
        if update:
            self._update(update)

    def bulk_load(self, quads: Iterable[ox.Quad], chunk: int = LOAD_CHUNK) -> None:
        """Send quads in chunks of ``chunk``: each is one request, so a failure loses at most that
        chunk, and loading it again is harmless (a dataset is a set). Blank nodes are scoped to one
        request by the server, so a blank node must not span two chunks."""
        iterator = iter(quads)
        while batch := list(itertools.islice(iterator, chunk)):
            if self.endpoints.graph_store:
                self._send("POST", self.endpoints.graph_store, content=ox.serialize(batch, format=ox.RdfFormat.N_QUADS),
                           headers={"Content-Type": N_QUADS})
            else:
                self.commit(Change(insert=batch))

    def _update(self, update: str) -> None:
        self._send("POST", self.endpoints.update, data={"update": PROLOGUE + update})

    def _send(self, method: str, url: str, **kwargs) -> None:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"{url} did not answer within {self.timeout:g} s; the write may still be applied") from None
        except httpx.HTTPError as e:
            raise StoreError(f"{url}: {type(e).__name__}: {e}") from None
        if response.status_code >= 300:
            raise StoreError(f"{url} answered {response.status_code}: {_excerpt(response.text)}")

    # reads ----------------------------------------------------------------
    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None) -> QueryResult:
        limit = timeout or self.timeout
        params: dict[str, str | list[str]] = {}
        if named_graphs is not None:
            params["named-graph-uri"] = [g.value for g in named_graphs]
            if default_graphs is None:  # the protocol cannot say "union" beside named graphs: list them all
                default_graphs = self.graphs()
        if default_graphs is None:
            params.update(self.endpoints.union_params)
        else:
            params["default-graph-uri"] = [g.value for g in default_graphs]
        deadline = time.monotonic() + limit
        request = self._client.build_request(
            "POST", self.endpoints.query, params=params, data={"query": PROLOGUE + sparql},
            headers={"Accept": ACCEPT}, timeout=httpx.Timeout(limit, connect=min(limit, 10)))
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise _timeout(limit) from None
        except httpx.HTTPError as e:
            raise StoreError(f"{self.endpoints.query}: {type(e).__name__}: {e}") from None
        try:
            if response.status_code >= 300:
                raise _query_error(sparql, response)
            return _read_result(response, deadline, max_rows, limit)
        except httpx.TimeoutException:
            raise _timeout(limit) from None
        finally:
            response.close()

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad in named graphs (or those of ``graph``), streamed: from the Graph Store
        Protocol's dump where there is one, else from a SELECT."""
        if self.endpoints.graph_store:
            params = {"graph": graph.value} if graph else {}
            with self._client.stream("GET", self.endpoints.graph_store, params=params,
                                     headers={"Accept": N_TRIPLES if graph else N_QUADS}) as response:
                if response.status_code >= 300:
                    raise StoreError(f"{self.endpoints.graph_store} answered {response.status_code}")
                fmt = ox.RdfFormat.N_TRIPLES if graph else ox.RdfFormat.N_QUADS
                for item in ox.parse(_ByteStream(response.iter_bytes()), fmt):
                    quad = ox.Quad(item.subject, item.predicate, item.object, graph) if graph else item
                    if graph or isinstance(quad.graph_name, ox.NamedNode):
                        yield quad
            return
        where = f"GRAPH {graph} {{ ?s ?p ?o }} BIND({graph} AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        for s, p, o, g in self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}", timeout=self.timeout * 10).rows:
            yield ox.Quad(s, p, o, g)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Quads in named graphs (innokg writes nothing to the default graph), or triples of one graph."""
        pattern = f"GRAPH {graph} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").scalar())

    def graphs(self) -> list[ox.NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return sorted((g for (g,) in rows if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: ox.NamedNode | None = None) -> None:
        rdf_format = RDF_FORMATS[fmt]
        quads = self.quads(graph)
        if graph is not None or not rdf_format.supports_datasets:  # triples: one graph, or the union as a set
            items: Iterable = _distinct(q.triple for q in quads)
        else:
            items = quads
        ox.serialize(items, out, rdf_format, prefixes=_prefixes(rdf_format))

    def close(self) -> None:
        self._client.close()


def _read_result(response: httpx.Response, deadline: float, max_rows: int | None, limit: float) -> QueryResult:
    """Parse the answer while it streams; stop at ``max_rows`` (closing the connection) or the deadline."""
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    stream = _ByteStream(response.iter_bytes())
    if media in (RESULTS_JSON, "application/json"):
        parsed = ox.parse_query_results(stream, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        rows, truncated = _take((tuple(s[i] for i in range(len(variables))) for s in parsed), deadline, max_rows, limit)
        return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
    if media in (N_TRIPLES, "text/plain"):
        triples, truncated = _take(ox.parse(stream, ox.RdfFormat.N_TRIPLES), deadline, max_rows, limit)
        return QueryResult("graph", triples=triples, truncated=truncated)
    raise StoreError(f"the server answered a query with {media or 'no content type'}; expected {ACCEPT}")


def _take(items: Iterable, deadline: float, max_rows: int | None, limit: float) -> tuple[list, bool]:
    out: list = []
    for item in items:
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        if time.monotonic() > deadline:
            raise _timeout(limit)
        out.append(item)
    return out, False


def _query_error(sparql: str, response: httpx.Response) -> StoreError:
    """A 4xx/5xx answer as an exception. A 400 is usually a syntax error; Oxigraph's own parser,
    run locally, then gives the same message and position as the embedded store."""
    text = _excerpt(response.read().decode("utf-8", "replace"))
    if response.status_code == 400:
        try:
            ox.Store().query(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            return QuerySyntaxError(str(e))
        except Exception:  # evaluation errors on an empty store say nothing about the server
            pass
        return QuerySyntaxError(f"the server refused the query: {text}")
    return StoreError(f"the server answered {response.status_code}: {text}")


def _timeout(limit: float) -> QueryTimeout:
    return QueryTimeout(f"query exceeded the time limit of {limit:g} s (innokg stopped waiting; the server may "
                        "still be evaluating it unless it has its own limit)")


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " …"


def _distinct(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


class _ByteStream(io.RawIOBase):
    """A readable binary file over an iterator of byte chunks, so pyoxigraph parses as bytes arrive."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._pending = iter(chunks), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                self._pending = b""
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n], self._pending = self._pending[:n], self._pending[n:]
        return n
