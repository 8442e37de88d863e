"""Query results cached until the next write: a store generation counter and a bounded LRU.

Why: the questions users ask most (who funds what, top funders) are whole-graph aggregations
that take 0.4–3 s at 10⁶ triples even in Oxigraph, and the graph changes only when a document
is ingested. So a served store counts its commits (its *generation*), keeps answers keyed by
(generation, request), and drops them all on the next commit; an HTTP client can revalidate
with ``If-None-Match`` against an ETag made of the same generation and gets ``304`` without any
evaluation (docs/decisions/007-totals-and-cache.md).

The generation is exact only when every write goes through this object, which holds for the
served embedded stores (one process owns them). A remote server may be written by others, so
remote stores are served uncached unless ``INNOKG_CACHE_REMOTE=1`` says innokg is its only writer.

>>> from graph import open_store
>>> store = CachedStore(open_store("memory:"))
>>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").scalar(), store.hits
(0, 0)
>>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").scalar(), store.hits
(0, 1)
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import BinaryIO, TypeVar

from pyoxigraph import NamedNode

from .base import Change, ExportFormat, QueryResult, Store

T = TypeVar("T")

DEFAULT_MAX_ENTRIES = 256
DEFAULT_MAX_CELLS = 2_000_000
"""Cached result cells (rows × columns, or triples × 3) in all entries together; ~100–200 MB at most."""


class CachedStore:
    """``store`` with a generation counter and a cache of query results and derived answers.

    ``INNOKG_CACHE_ENTRIES`` (default 256; 0 turns caching off) and ``INNOKG_CACHE_CELLS`` bound it.
    """

    def __init__(self, store: Store, *, max_entries: int | None = None, max_cells: int | None = None):
        self.store = store
        self.uri = store.uri
        self.epoch = secrets.token_hex(4)
        """Differs per process, so an ETag from before a restart never matches (the data may differ)."""
        self.generation = 0
        self.hits = 0
        self.max_entries = _env_int("INNOKG_CACHE_ENTRIES", DEFAULT_MAX_ENTRIES) if max_entries is None else max_entries
        self.max_cells = _env_int("INNOKG_CACHE_CELLS", DEFAULT_MAX_CELLS) if max_cells is None else max_cells
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._cells = 0
        self._lock = threading.Lock()

    # the cache ------------------------------------------------------------
    def etag(self, key: Hashable) -> str:
        """A strong ETag for the answer to ``key`` at the current generation."""
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
        return f'"{self.epoch}-{self.generation}-{digest}"'

    def cached(self, key: Hashable, compute: Callable[[], T], cells: Callable[[T], int] = lambda _: 1) -> T:
        """``compute()``, or the value it gave for ``key`` at this generation. The generation is read
        before computing and the value kept only if no commit happened meanwhile, so an answer is
        never filed under a generation whose data it may not have seen."""
        generation = self.generation
        full_key = (generation, key)
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                self.hits += 1
                return self._entries[full_key][0]  # type: ignore[return-value]
        value = compute()
        size = cells(value)
        if self.max_entries > 0 and size <= self.max_cells:
            with self._lock:
                if generation == self.generation:
                    self._entries[full_key] = (value, size)
                    self._cells += size
                    while len(self._entries) > self.max_entries or self._cells > self.max_cells:
                        _, (_, dropped) = self._entries.popitem(last=False)
                        self._cells -= dropped
        return value

    def _invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._cells = 0

    # the Store protocol ---------------------------------------------------
    def commit(self, change: Change) -> None:
        try:
            self.store.commit(change)
        finally:  # even a failed commit may have changed a remote store
            self._invalidate()

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult:
        key = ("query", sparql, max_rows, _iris(default_graphs), _iris(named_graphs))
        result = self.cached(key, lambda: self.store.query(sparql, timeout=timeout, max_rows=max_rows,
                                                           default_graphs=default_graphs, named_graphs=named_graphs),
                             _result_cells)
        # a copy: callers may reorder or extend the lists of their result
        return replace(result, variables=list(result.variables), rows=list(result.rows), triples=list(result.triples))

    def run(self, work: Callable[[Store], T], timeout: float | None) -> T:
        """Pass-through to :meth:`graph.isolation.IsolatedStore.run` (evaluation with a hard limit)."""
        return self.store.run(work, timeout)  # type: ignore[attr-defined]

    def count(self, graph: NamedNode | None = None) -> int:
        return self.cached(("count", _iris([graph] if graph else None)), lambda: self.store.count(graph))

    def graphs(self) -> list[NamedNode]:
        return list(self.cached(("graphs",), self.store.graphs))

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: NamedNode | None = None) -> None:
        self.store.export(out, fmt, graph)

    def close(self) -> None:
        self.store.close()


def _iris(graphs: Sequence[NamedNode] | None) -> tuple[str, ...] | None:
    return None if graphs is None else tuple(g.value for g in graphs)


def _result_cells(result: QueryResult) -> int:
    return 1 + len(result.rows) * max(1, len(result.variables)) + 3 * len(result.triples)


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default
