"""The embedded store: pyoxigraph on disk (RocksDB) or in memory.

Why pyoxigraph directly rather than rdflib + oxrdflib: the same engine and speed
(docs/decisions/001-store.md), one layer less, and no chance of a query falling back to
rdflib's pure-Python SPARQL engine. Atomicity comes from Oxigraph itself: one SPARQL Update
request, however many operations it has, is one transaction, and readers see snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import BinaryIO, ContextManager

import pyoxigraph as ox

from ontology.terms import PREFIXES

from .base import (Change, ExportFormat, QueryResult, QuerySyntaxError, StoreError, StoreLockedError,
                   Term)
from .deadline import Deadline, run_with_deadline
from .streaming import pipe_load

RDF_FORMATS = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
}


def change_to_update(change: Change) -> str:
    """The SPARQL Update that applies ``change``; shared with remote stores, which speak SPARQL too."""
    ops: list[str] = [f"DROP SILENT GRAPH {g}" for g in change.drop_graphs]
    ops += [f"DELETE WHERE {{ GRAPH {g} {{ {s} ?p ?o }} }}" for g, s in change.forget_subjects]
    if change.delete:
        ops.append(f"DELETE DATA {{ {quad_data(change.delete)} }}")
    if change.insert:
        ops.append(f"INSERT DATA {{ {quad_data(change.insert)} }}")
    ops += change.refresh
    return " ;\n".join(ops)


def quad_data(quads: Iterable[ox.Quad]) -> str:
    """The body of ``INSERT DATA``/``DELETE DATA``: a ``GRAPH`` block per graph."""
    blocks = []
    for graph, group in groupby(sorted(quads, key=lambda q: str(q.graph_name)), key=lambda q: q.graph_name):
        body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in group)
        blocks.append(body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ {body} }}")
    return " ".join(blocks)


class OxigraphStore:
    """An Oxigraph store on disk (``oxigraph:PATH``) or in memory (``memory:``)."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.uri = f"oxigraph:{path}" if path else "memory:"
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreLockedError(
                    f"the store {path} is in use by another process (for example `innokg serve`); "
                    "stop it, or use that process for this work") from e
            raise StoreError(f"cannot open the store {path}: {e}") from e

    # writes ---------------------------------------------------------------
    def commit(self, change: Change) -> None:
        update = change_to_update(change)
        if update:
            self._store.update(update)

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Load many quads fast, without a transaction (for rebuilding a store, not for ingest)."""
        self._store.bulk_extend(quads)

    def load_bytes(self, data: bytes, fmt: ox.RdfFormat, graph: ox.NamedNode, lenient: bool = False) -> None:
        """Parse and load serialised RDF in Rust (the fast path of ``innokg load``); triples and
        default-graph quads go to ``graph``."""
        self._native_load(data, format=fmt, to_graph=graph, lenient=lenient)

    def streaming_load(self, *, lenient: bool = False) -> ContextManager[BinaryIO]:
        """A binary file to write N-Quads to, loaded as it is written, on another thread
        (graph/streaming.py). ``lenient`` skips validating IRIs and language tags: for text
        serialised from pyoxigraph terms, which were validated when made."""
        return pipe_load(lambda path: self._native_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=lenient))

    @property
    def _native_load(self):
        """Oxigraph's loader for this store: on disk the bulk loader, without a transaction (a large
        RocksDB transaction costs ~3× more per quad and holds the whole change in memory); in
        memory the transactional one, which is faster there (10⁶ quads of 32 MiB pieces: 320 000
        against 275 000 quads/s; from a pipe 396 000 against 314 000)."""
        return self._store.bulk_load if self.path else self._store.load

    # reads ----------------------------------------------------------------
    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the store (to copy it, e.g. into the memory replica of graph/replica.py)."""
        return iter(self._store)

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None) -> QueryResult:
        options: dict = {"prefixes": PREFIXES}
        if default_graphs is not None:
            options["default_graph"] = list(default_graphs)
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        return run_with_deadline(lambda deadline: self._evaluate(sparql, options, deadline, max_rows), timeout)

    def _evaluate(self, sparql: str, options: dict, deadline: Deadline, max_rows: int | None) -> QueryResult:
        try:
            result = self._store.query(sparql, **options)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from e
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows, truncated = _take(((tuple(s[i] for i in range(len(variables))) for s in result)), deadline, max_rows)
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
        triples, truncated = _take(iter(result), deadline, max_rows)
        return QueryResult("graph", triples=triples, truncated=truncated)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def graphs(self) -> list[ox.NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: ox.NamedNode | None = None) -> None:
        rdf_format = RDF_FORMATS[fmt]
        if graph is not None:
            self._store.dump(out, rdf_format, from_graph=graph, prefixes=_prefixes(rdf_format))
        elif rdf_format.supports_datasets:
            self._store.dump(out, rdf_format, prefixes=_prefixes(rdf_format))
        else:  # a triple format: the union of all graphs, each triple once
            ox.serialize(_union_triples(self._store), out, rdf_format, prefixes=_prefixes(rdf_format))

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        del self._store


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


def _union_triples(store: ox.Store) -> Iterable[ox.Triple]:
    seen: set[ox.Triple] = set()
    for q in store:
        t = q.triple
        if t not in seen:
            seen.add(t)
            yield t


def _take(items, deadline: Deadline, max_rows: int | None) -> tuple[list, bool]:
    """Materialise up to ``max_rows`` items, stopping early when the deadline expired."""
    out: list[Term] = []
    for item in items:
        if deadline.expired:
            break
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        out.append(item)
    return out, False
