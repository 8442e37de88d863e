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
- ``bulk_load`` → Graph Store Protocol POSTs in chunks (N-Quads for the whole dataset on an
  Oxigraph server, N-Triples per ``?graph=`` elsewhere; SPARQL ``INSERT DATA`` chunks without one);
  ``export`` → the Graph Store Protocol's dump (whole or per graph), or a streamed SELECT.

Virtuoso (recognised by its ``Server`` header when the store is opened) needs more, all checked
against a real Virtuoso 7.2.5 by ``scripts/virtuoso_check.sh``: its system graphs are left out of
``graphs()`` and ``count()`` (and out of the union when the querying user may not read them, the
server-side set-up the script shows); ASK answers arrive as a one-row SELECT of ``__ASK_RETVAL``;
blank nodes arrive as ``nodeID://…`` in JSON results; the client's time limit is sent as ``timeout`` and a ``X-SQL-State: S1TAT``
answer (incomplete results, the server's "anytime" limit) is a :class:`QueryTimeout`; ``INSERT
DATA`` takes at most ~5 000 triples per block and no blank nodes, so inserts are split into
``GRAPH`` blocks of ``VIRTUOSO_BLOCK`` triples in the same one request, and triples with blank
nodes go as one ``INSERT {…} WHERE {}``; an answer that reaches its ``ResultSetMaxRows`` may
have been cut there without an error, so it is refused or marked cut (:func:`check_cut`).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

import httpx
import pyoxigraph as ox

from ontology.terms import PREFIXES

from .base import Change, ExportFormat, QueryResult, QuerySyntaxError, QueryTimeout, StoreError
from .endpoints import Endpoints, auth_from_env
from .oxigraph import RDF_FORMATS, _prefixes, change_to_update, quad_data

RESULTS_JSON, N_TRIPLES, N_QUADS = "application/sparql-results+json", "application/n-triples", "application/n-quads"
ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"
DEFAULT_TIMEOUT = 60.0
"""Seconds an operation may take when the caller gives no limit (``INNOKG_STORE_TIMEOUT``)."""
LOAD_CHUNK = 50_000
PROLOGUE = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
"""The predeclared prefixes, on the query's first line so the server's line numbers stay right."""
_FORM = re.compile(r"""(?:\s|\#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>
                       |DEFINE\s+\S+\s+(?:<[^>]*>|"[^"]*"|'[^']*'|\S+))*
                       (SELECT|ASK|CONSTRUCT|DESCRIBE)\b""", re.I | re.X)
"""The query form after the prologue (comments, BASE, PREFIX, Virtuoso's ``define``)."""
ACCEPT_BY_FORM = {"select": RESULTS_JSON, "ask": RESULTS_JSON, "construct": N_TRIPLES, "describe": N_TRIPLES}
"""One media type per form: Virtuoso answers CONSTRUCT in JSON when JSON comes first in Accept."""

VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
"""Graphs every Virtuoso database holds (its RDF-view metadata, LDP classes); its SPARQL service
description graph (``http://HOST/sparql``) is found when the store is opened."""
VIRTUOSO_BLOCK = 1000
"""Triples per ``GRAPH`` block of an insert: Virtuoso's SPARQL parser runs out of stack ("memory
exhausted") at ~5 000 triples in one block, however short; many blocks in one request are fine."""
VIRTUOSO_BNODE = (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "')


class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP(S)."""

    def __init__(self, uri: str, endpoints: Endpoints | None = None, *, auth: httpx.Auth | None = None,
                 timeout: float | None = None):
        self.uri = uri
        self.endpoints = endpoints or Endpoints.from_uri(uri)
        self.timeout = timeout or float(os.environ.get("INNOKG_STORE_TIMEOUT") or DEFAULT_TIMEOUT)
        self._client = httpx.Client(auth=auth if auth is not None else auth_from_env(), timeout=self.timeout,
                                    headers={"User-Agent": "innokg"})
        self.virtuoso: bool | None = None
        """Whether the server is Virtuoso (its ``Server`` header), known after the first answer."""
        self.row_limit: int | None = None
        """Virtuoso's ``[SPARQL] ResultSetMaxRows``: it ends longer answers there without saying so
        (a SELECT answer that reaches it carries ``X-SPARQL-MaxRows``; a CONSTRUCT answer nothing).
        Read from the server when it lets anyone call ``cfg_item_value``; None: no limit, or unknown."""
        self.excluded_graphs: tuple[ox.NamedNode, ...] = ()
        """The server's own graphs (Virtuoso's), left out of ``graphs()`` and ``count()``. Queries
        leave them out only when the server hides them from the querying user (see
        scripts/virtuoso_check.sh): Virtuoso's ``define input:default-graph-exclude`` would, but it
        also empties every ``GRAPH <iri>`` pattern (7.2.5)."""
        try:
            self.query("ASK {}", timeout=min(self.timeout, 10))
            if self.virtuoso:
                self.excluded_graphs = tuple(ox.NamedNode(g) for g in VIRTUOSO_SYSTEM_GRAPHS)
                service = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a "
                                     "<http://www.w3.org/ns/sparql-service-description#Service> } }",
                                     timeout=min(self.timeout, 10))
                self.excluded_graphs += tuple(g for (g,) in service.rows if isinstance(g, ox.NamedNode))
                self.row_limit = self._virtuoso_row_limit()
        except StoreError as e:
            self._client.close()
            raise StoreError(f"cannot use the SPARQL server {uri}: {e}") from None

    def _virtuoso_row_limit(self) -> int | None:
        try:
            value = self.query("SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?n) "
                               "WHERE {}", timeout=min(self.timeout, 10)).scalar()
        except StoreError:  # a server that does not let this user read its settings
            return None
        return int(value) if isinstance(value, str) and value.strip().isdigit() else None

    # writes ---------------------------------------------------------------
    def commit(self, change: Change) -> None:
        update = change_to_update(change)
        if self.virtuoso and change.insert:
            # the same operations in the same order (later ones may read what the insert wrote),
            # with the insert in a form Virtuoso's parser takes
            plain = change_to_update(Change(insert=change.insert))
            if plain in update:
                update = update.replace(plain, _virtuoso_insert(change.insert), 1)
            else:
                head = change_to_update(dataclasses.replace(change, insert=()))
                update = " ;\n".join(op for op in (_virtuoso_insert(change.insert), head) if op)
        if self.virtuoso and change.delete:  # in blocks its parser takes, in the same place
            update = update.replace(change_to_update(Change(delete=change.delete)), _virtuoso_delete(change.delete), 1)
        if update:
            self._update(update)

    def bulk_load(self, quads: Iterable[ox.Quad], chunk: int = LOAD_CHUNK) -> None:
        """Send quads in chunks of ``chunk``: each is one request, so a failure loses at most that
        chunk, and loading it again is harmless (a dataset is a set). Blank nodes are scoped to one
        request by the server, so a blank node must not span two chunks."""
        iterator = iter(quads)
        gsp = self.endpoints.graph_store
        while batch := list(itertools.islice(iterator, chunk)):
            if gsp and self.endpoints.dataset_gsp:
                self._send("POST", gsp, content=ox.serialize(batch, format=ox.RdfFormat.N_QUADS),
                           headers={"Content-Type": N_QUADS})
            elif gsp:  # the protocol proper: one graph per request
                batch.sort(key=lambda q: str(q.graph_name))
                for graph, group in itertools.groupby(batch, key=lambda q: q.graph_name):
                    params = {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}
                    self._send("POST", gsp, params=params, headers={"Content-Type": N_TRIPLES},
                               content=ox.serialize((q.triple for q in group), format=ox.RdfFormat.N_TRIPLES))
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
        form = _query_form(sparql)  # refuses updates here: some servers (Virtuoso) run them as queries
        params: dict[str, str | list[str]] = {}
        if named_graphs is not None:
            params["named-graph-uri"] = [g.value for g in named_graphs]
            if default_graphs is None:  # the protocol cannot say "union" beside named graphs: list them all
                default_graphs = self.graphs()
        if default_graphs is None:
            params.update(self.endpoints.union_params)
        else:
            params["default-graph-uri"] = [g.value for g in default_graphs]
        if self.virtuoso:  # its "anytime" limit: it stops the query and says so (S1TAT)
            params["timeout"] = str(max(1, int(limit * 1000)))
        deadline = time.monotonic() + limit
        request = self._client.build_request(
            "POST", self.endpoints.query, params=params, data={"query": PROLOGUE + sparql},
            headers={"Accept": ACCEPT_BY_FORM.get(form, ACCEPT)}, timeout=httpx.Timeout(limit, connect=min(limit, 10)))
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise _timeout(limit) from None
        except httpx.HTTPError as e:
            raise StoreError(f"{self.endpoints.query}: {type(e).__name__}: {e}") from None
        try:
            if self.virtuoso is None:
                self.virtuoso = "virtuoso" in response.headers.get("server", "").lower()
            if response.status_code >= 300:
                raise _query_error(sparql, response)
            if response.headers.get("x-sql-state") == "S1TAT":
                raise QueryTimeout(f"query exceeded the time limit of {limit:g} s (the server stopped it)")
            result = _read_result(response, deadline, max_rows, limit, form, self.virtuoso)
        except httpx.TimeoutException:
            raise _timeout(limit) from None
        finally:
            response.close()
        cut = response.headers.get("x-sparql-maxrows", "")
        server_limit = int(cut) if cut.isdigit() else self.row_limit if form == "construct" else None
        return check_cut(result, server_limit, max_rows, self.endpoints.query)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad in named graphs (or those of ``graph``), streamed: from the Graph Store
        Protocol's dump where there is one, else from a SELECT."""
        if self.endpoints.graph_store and (graph is not None or self.endpoints.dataset_gsp):
            yield from self._gsp_get(graph)
            return
        if self.endpoints.graph_store:  # the protocol proper: graph by graph
            for g in self.graphs():
                yield from self._gsp_get(g)
            return
        where = f"GRAPH {graph} {{ ?s ?p ?o }} BIND({graph} AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        for s, p, o, g in self.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}", timeout=self.timeout * 10).rows:
            yield ox.Quad(s, p, o, g)

    def _gsp_get(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        """One graph (N-Triples) or, on an Oxigraph server, the whole dataset (N-Quads), streamed."""
        url = self.endpoints.graph_store
        params = {"graph": graph.value} if graph else {}
        with self._client.stream("GET", url, params=params,
                                 headers={"Accept": N_TRIPLES if graph else N_QUADS}) as response:
            if response.status_code >= 300:
                raise StoreError(f"{url} answered {response.status_code}")
            fmt = ox.RdfFormat.N_TRIPLES if graph else ox.RdfFormat.N_QUADS
            for item in ox.parse(_ByteStream(response.iter_bytes()), fmt):
                quad = ox.Quad(item.subject, item.predicate, item.object, graph) if graph else item
                if graph or isinstance(quad.graph_name, ox.NamedNode):
                    yield quad

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Quads in named graphs (innokg writes nothing to the default graph), or triples of one graph."""
        pattern = f"GRAPH {graph} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }" + self._not_excluded()
        return int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").scalar())

    def graphs(self) -> list[ox.NamedNode]:
        """The named graphs, without the server's own (so that nothing innokg does drops them)."""
        # Virtuoso answers the plain form from its list of graphs, private ones included (7.2.5)
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?g)) }" if self.virtuoso
                          else "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        excluded = set(self.excluded_graphs)
        return sorted((g for (g,) in rows if isinstance(g, ox.NamedNode) and g not in excluded), key=lambda g: g.value)

    def _not_excluded(self) -> str:
        return f" FILTER (?g NOT IN ({', '.join(map(str, self.excluded_graphs))}))" if self.excluded_graphs else ""

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


def check_cut(result: QueryResult, server_limit: int | None, max_rows: int | None, endpoint: str) -> QueryResult:
    """``result``, unless it may have been cut at the server's own row limit: then marked cut when
    the caller set a larger limit of its own (the SPARQL endpoint says so to its client), refused
    when the caller needs the whole answer (maps, reports, totals, exports through SELECT)."""
    if server_limit is None or result.kind == "ask":
        return result
    if len(result.rows if result.kind == "select" else result.triples) < server_limit:
        return result
    if max_rows is None:
        raise StoreError(f"{endpoint} ended the answer at its limit of {server_limit:,} rows "
                         "(Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini), so it may be incomplete: "
                         "raise that limit above the largest answer innokg reads")
    result.truncated = True
    return result


def _query_form(sparql: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe``; a text that is not a query (an update) is
    refused with the embedded store's own syntax error. None: a query the pattern does not know
    (pyoxigraph parses it), sent with every accepted media type."""
    if match := _FORM.match(sparql):
        return match.group(1).lower()
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QuerySyntaxError(str(e)) from None
    except Exception:  # evaluation errors on an empty store say nothing about the server
        pass
    return None


def _read_result(response: httpx.Response, deadline: float, max_rows: int | None, limit: float,
                 form: str | None = None, virtuoso: bool = False) -> QueryResult:
    """Parse the answer while it streams; stop at ``max_rows`` (closing the connection) or the deadline."""
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    chunks = response.iter_bytes()
    stream = _ByteStream(_replace(chunks, *VIRTUOSO_BNODE) if virtuoso else chunks)
    if media in (RESULTS_JSON, "application/json"):
        parsed = ox.parse_query_results(stream, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        if virtuoso and form == "ask" and variables == ["__ASK_RETVAL"]:  # Virtuoso 7's ASK: one row of 1, or none
            return QueryResult("ask", boolean=any(s[0] is not None and s[0].value not in ("0", "false") for s in parsed))
        rows, truncated = _take((tuple(s[i] for i in range(len(variables))) for s in parsed), deadline, max_rows, limit)
        return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
    if media in (N_TRIPLES, "text/plain"):
        triples, truncated = _take(ox.parse(stream, ox.RdfFormat.N_TRIPLES), deadline, max_rows, limit)
        return QueryResult("graph", triples=triples, truncated=truncated)
    raise StoreError(f"the server answered a query with {media or 'no content type'}; expected {ACCEPT}")


def _virtuoso_insert(quads: Sequence[ox.Quad]) -> str:
    """Insert ``quads`` in operations Virtuoso's parser takes (one request, one transaction):
    ``INSERT DATA`` with ``GRAPH`` blocks of at most ``VIRTUOSO_BLOCK`` triples; the triples with
    blank nodes, which its ``INSERT DATA`` refuses, in one ``INSERT {…} WHERE {}`` (one template,
    so a label stays one node; Virtuoso compiles a template to SQL and refuses more than ~10 000
    lines of it, so a few thousand such triples at most). Triples of the default graph (innokg
    writes none) go one operation per block."""
    def blank(q: ox.Quad) -> bool:
        return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)

    def blocks(selected: Iterable[ox.Quad], size: int) -> tuple[list[str], list[str]]:
        named, default = [], []
        for graph, group in itertools.groupby(sorted(selected, key=lambda q: str(q.graph_name)),
                                              key=lambda q: q.graph_name):
            group = list(group)
            for i in range(0, len(group), size):
                body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in group[i:i + size])
                if isinstance(graph, ox.DefaultGraph):
                    default.append(body)
                else:
                    named.append(f"GRAPH {graph} {{ {body} }}")
        return named, default

    named, default = blocks((q for q in quads if not blank(q)), VIRTUOSO_BLOCK)
    ops = [f"INSERT DATA {{ {body} }}" for body in default]
    if named:
        ops.append(f"INSERT DATA {{ {' '.join(named)} }}")
    named, default = blocks((q for q in quads if blank(q)), len(quads))
    if named or default:
        ops.append(f"INSERT {{ {' '.join(default + named)} }} WHERE {{ }}")
    return " ;\n".join(ops)


def _virtuoso_delete(quads: Sequence[ox.Quad]) -> str:
    """``DELETE DATA`` operations of at most ``VIRTUOSO_BLOCK`` triples each (one request)."""
    return " ;\n".join(f"DELETE DATA {{ {quad_data(quads[i:i + VIRTUOSO_BLOCK])} }}"
                       for i in range(0, len(quads), VIRTUOSO_BLOCK))


def _replace(chunks: Iterable[bytes], old: bytes, new: bytes) -> Iterator[bytes]:
    """``chunks`` with ``old`` replaced by ``new``, also where ``old`` spans two chunks."""
    keep, pending = len(old) - 1, b""
    for chunk in chunks:
        data = (pending + chunk).replace(old, new)
        data, pending = data[:len(data) - keep], data[len(data) - keep:]
        if data:
            yield data
    if pending:
        yield pending


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
