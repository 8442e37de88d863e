"""The store interface every other package uses, and the values it exchanges.

Why a protocol of a handful of methods: ingest, the API and the maps must work the same on an
embedded Oxigraph, in memory, or on a remote SPARQL server (issue 8), so they see only this.
Writes go through :meth:`Store.commit`, one atomic :class:`Change`; reads through
:meth:`Store.query`, which sees the union of all named graphs unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import BinaryIO, Protocol, runtime_checkable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

Term = NamedNode | BlankNode | Literal | Triple


class StoreError(Exception):
    """A store that cannot be opened or used; the message says which and why."""


class StoreLockedError(StoreError):
    """The on-disk store is held by another process (only one process may write it)."""


class QuerySyntaxError(StoreError):
    """A malformed query; the message is the parser's, with line and column."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was abandoned."""


class ExportFormat(str, Enum):
    """RDF serialisations the store can dump."""

    TURTLE = "ttl"
    TRIG = "trig"
    NQUADS = "nq"
    NTRIPLES = "nt"


@dataclass(frozen=True)
class Change:
    """One atomic change: drop whole graphs, forget what some subjects say in a graph, delete and
    insert quads, then run follow-up SPARQL Update operations.

    Forgetting subjects is how a document's entry in the shared ``meta`` graph is replaced without
    touching the entries of other documents. ``refresh`` is how derived data (the funding totals of
    ingest/totals.py) is recomputed from what the change wrote, in the same transaction.
    """

    drop_graphs: Sequence[NamedNode] = ()
    forget_subjects: Sequence[tuple[NamedNode, NamedNode]] = ()
    """(graph, subject) pairs: every triple of that subject in that graph is removed."""
    delete: Sequence[Quad] = ()
    """Quads removed after the drops and forgets, before the inserts (no blank nodes: SPARQL's
    ``DELETE DATA`` cannot name them)."""
    insert: Sequence[Quad] = ()
    refresh: Sequence[str] = ()
    """SPARQL Update operations (no prefixes: full IRIs) run after the drops, forgets and inserts,
    in the same update request, so they see the new data and are atomic with it."""


@dataclass
class QueryResult:
    """A materialised query result: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False
    """True when the result was cut at the row limit."""

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def scalar(self):
        """The single value of a one-row, one-column result, as a Python value."""
        if len(self.rows) != 1 or len(self.variables) != 1:
            raise ValueError(f"expected one value, got {len(self.rows)} rows × {len(self.variables)} columns")
        return python_value(self.rows[0][0])


def python_value(term: Term | None):
    """A literal's Python value (int, float, str …), an IRI's string, None for unbound."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}:
            return int(term.value)
        if dt in {"decimal", "double", "float"}:
            return float(term.value)
        if dt == "boolean":
            return term.value == "true"
        return term.value
    return term.value if isinstance(term, NamedNode | BlankNode) else str(term)


@runtime_checkable
class Store(Protocol):
    """What innokg needs from an RDF store."""

    uri: str

    def commit(self, change: Change) -> None:
        """Apply ``change`` atomically: all of it is visible to readers, or none of it."""

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult:
        """Run a read-only query. The default graph is the union of all graphs unless
        ``default_graphs`` is given (SPARQL protocol ``default-graph-uri``)."""

    def count(self, graph: NamedNode | None = None) -> int:
        """Number of quads in the store, or triples in one graph."""

    def graphs(self) -> list[NamedNode]:
        """The named graphs that hold at least one triple."""

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: NamedNode | None = None) -> None:
        """Serialise the store (or one graph) to ``out``."""

    def close(self) -> None:
        """Release the store (flushes and unlocks an on-disk store)."""


def replace_graph(store: Store, graph: NamedNode, quads: Iterable[Quad]) -> None:
    """Atomically replace the content of one named graph."""
    store.commit(Change(drop_graphs=[graph], insert=list(quads)))


def drop_graph(store: Store, graph: NamedNode) -> None:
    store.commit(Change(drop_graphs=[graph]))
