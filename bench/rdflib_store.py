"""Plain rdflib behind innokg's Store protocol: the baseline of every suite measurement.

Why an adapter rather than rdflib calls in each benchmark: the ingest pipeline, the named
queries, the HTTP service and the map builder all take a :class:`graph.Store`, so with this
adapter the *same innokg code* runs on rdflib's in-memory Dataset and pure-Python SPARQL engine,
and the ratio measures the store alone. Results come back as pyoxigraph terms, as innokg expects.
rdflib has no transactions (a commit is remove + add) and no query cancellation (``timeout`` is
ignored; the suite caps rdflib by killing the child process that measures it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException

from graph import Change, ExportFormat, QueryResult, QuerySyntaxError
from ontology.terms import PREFIXES


class RdflibStore:
    """An in-memory ``rdflib.Dataset`` whose default graph is the union of all graphs."""

    uri = "rdflib:"

    def __init__(self) -> None:
        self.ds = rdflib.Dataset(default_union=True)

    def load_nquads(self, data: bytes) -> None:
        self.ds.parse(data=data, format="nquads")

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        self.ds.addN((*map(to_rdflib, (q.subject, q.predicate, q.object)), self.ds.graph(to_rdflib(q.graph_name)))
                     for q in quads)

    def commit(self, change: Change) -> None:
        for g in change.drop_graphs:
            self.ds.remove_graph(self.ds.graph(rdflib.URIRef(g.value)))
        for g, s in change.forget_subjects:
            self.ds.graph(rdflib.URIRef(g.value)).remove((rdflib.URIRef(s.value), None, None))
        self.bulk_load(change.insert)
        if change.refresh:  # derived data (the funding totals), as the SPARQL stores run it
            self.ds.update(" ;\n".join(change.refresh))

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[ox.NamedNode] | None = None,
              named_graphs: Sequence[ox.NamedNode] | None = None) -> QueryResult:
        try:
            result = self.ds.query(sparql, initNs=PREFIXES)
        except ParseException as e:
            raise QuerySyntaxError(str(e)) from e
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            rows = [tuple(to_ox(t) for t in row) for row in result]
            truncated = max_rows is not None and len(rows) > max_rows
            return QueryResult("select", variables, rows[:max_rows] if truncated else rows, truncated=truncated)
        triples = [ox.Triple(*map(to_ox, t)) for t in result]
        return QueryResult("graph", triples=triples)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is not None:
            return len(self.ds.graph(rdflib.URIRef(graph.value)))
        return sum(1 for _ in self.ds.quads((None, None, None, None)))

    def graphs(self) -> list[ox.NamedNode]:
        return sorted((ox.NamedNode(str(g.identifier)) for g in self.ds.graphs() if len(g)
                       and isinstance(g.identifier, rdflib.URIRef) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID),
                      key=lambda g: g.value)

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: ox.NamedNode | None = None) -> None:
        source = self.ds if graph is None else self.ds.graph(rdflib.URIRef(graph.value))
        out.write(source.serialize(format={"ttl": "turtle", "trig": "trig", "nq": "nquads", "nt": "nt"}[fmt.value],
                                   encoding="utf-8"))

    def close(self) -> None:
        self.ds.close()


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = None if term.datatype.value.endswith("#string") else rdflib.URIRef(term.datatype.value)
        return rdflib.Literal(term.value, datatype=datatype)
    return rdflib.graph.DATASET_DEFAULT_GRAPH_ID  # the default graph


def to_ox(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
