"""SHACL validation of the whole graph (``innokg validate``).

Why this shape of API: the store exports N-Quads, but the shapes talk about
entities whose facts are spread over several named graphs (a project in its
document graph, the areas it points to in the reference graph, the document in
the meta graph). So the quads are flattened into one union graph and innokg.ttl
is added to it: its rdfs:subClassOf axioms make class targets such as
``ikg:Actor`` reach ``ikg:University``, and its role concepts carry the
``skos:inScheme`` the role check needs.

The ontology is added by us rather than passed as pyshacl's ``ont_graph``:
pyshacl deep-clones every ontology node recursively into the data graph, which
on innokg.ttl (cycles through skos:hasTopConcept/topConceptOf) did not finish
in 80 s, while a plain graph union takes milliseconds and is the same data.
Inference defaults to ``none``: SHACL's subclass handling already covers every
target once the ontology is in the graph (timings in docs/ontology.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph
import rdflib
import rdflib.collection
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from ontology import ONTOLOGY_TTL, SHAPES_TTL


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    """``Violation``, ``Warning`` or ``Info`` (the local name of the sh:Severity)."""


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


@cache
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_TTL, format="turtle")


@cache
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


def _term(t: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal) -> rdflib.term.Node:
    if isinstance(t, pyoxigraph.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, pyoxigraph.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def union_graph(nquads: bytes) -> rdflib.Graph:
    """All quads plus the ontology as one rdflib graph (graph names dropped). Parsed by
    pyoxigraph, which is much faster than rdflib's N-Quads parser; blank nodes keep their
    document-wide labels."""
    graph = rdflib.Graph()
    graph += _ontology()
    for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS):
        graph.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return graph


def _path(results: rdflib.Graph, result: rdflib.term.Node) -> str | None:
    """An IRI path as its IRI; a sequence path as a SPARQL property path ``<a>/<b>``
    (the blank node pyshacl reports means nothing to a reader); anything else None."""
    path = results.value(result, SH.resultPath)
    if isinstance(path, rdflib.URIRef):
        return str(path)
    steps = list(rdflib.collection.Collection(results, path)) if path is not None else []
    if steps and all(isinstance(step, rdflib.URIRef) for step in steps):
        return "/".join(f"<{step}>" for step in steps)
    return None


def _violations(results: rdflib.Graph) -> list[Violation]:
    def one(node: rdflib.term.Node, prop: rdflib.URIRef) -> str | None:
        value = results.value(node, prop)
        return None if value is None else str(value)

    found = [
        Violation(
            focus=one(r, SH.focusNode) or "",
            path=_path(results, r),
            message=one(r, SH.resultMessage) or "",
            severity=(one(r, SH.resultSeverity) or str(SH.Violation)).rsplit("#", 1)[-1],
        )
        for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]
    return sorted(found)


def validate(nquads: bytes, inference: str = "none") -> ValidationReport:
    """Validate the union of all graphs in ``nquads``, plus innokg.ttl, against shapes.ttl.
    ``inference`` is pyshacl's (``none``, ``rdfs`` …). Warnings are reported but do not
    make ``conforms`` false."""
    conforms, results, text = shacl_validate(
        union_graph(nquads),
        shacl_graph=_shapes(),
        inference=inference,
        allow_warnings=True,
        inplace=True,
    )
    return ValidationReport(conforms=bool(conforms), violations=_violations(results), text=text)
