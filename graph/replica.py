"""An on-disk store served from an in-memory copy of itself.

Why: the HTTP service evaluates queries in forked children (:mod:`graph.isolation`), and a child
must not touch RocksDB, whose background threads vanish in a fork and may hold its mutexes. A
memory copy loads in about a second per 10⁶ quads, and queries on it are also 3–7× faster
(docs/decisions/004-sparql-endpoint.md). Every commit goes to the disk store first (it is the
durable one), then to the copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from pyoxigraph import NamedNode

from .base import Change, ExportFormat, QueryResult
from .oxigraph import OxigraphStore


class ReplicatedStore:
    """Writes to ``primary`` (on disk) and to a memory copy; reads from the copy."""

    def __init__(self, primary: OxigraphStore):
        self.primary = primary
        self.uri = primary.uri
        self.replica = OxigraphStore(None)
        self.replica.bulk_load(primary.quads())

    def commit(self, change: Change) -> None:
        self.primary.commit(change)
        self.replica.commit(change)

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult:
        return self.replica.query(sparql, timeout=timeout, max_rows=max_rows, default_graphs=default_graphs,
                                  named_graphs=named_graphs)

    def count(self, graph: NamedNode | None = None) -> int:
        return self.replica.count(graph)

    def graphs(self) -> list[NamedNode]:
        return self.replica.graphs()

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: NamedNode | None = None) -> None:
        self.replica.export(out, fmt, graph)

    def close(self) -> None:
        self.replica.close()
        self.primary.close()
