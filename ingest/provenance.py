"""Provenance of documents in the ``meta`` graph (PROV-O, Dublin Core).

Why a separate graph: a document's named graph holds only what was extracted from it, so
``GRAPH ?g`` in a query names the source; the ``meta`` graph says what each ``?g`` is — its
source URL, content hash, title, when and by which software version it was ingested.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from pyoxigraph import Literal, NamedNode, Quad

from ontology import ids
from ontology.terms import DCTERMS, IKG, PROV, RDF, XSD

from .document import Document


@cache
def software_version() -> str:
    try:
        return version("innokg")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def document_iri(document: Document) -> NamedNode:
    return ids.document(document.identifier)


def provenance_quads(document: Document, triple_count: int, started: datetime,
                     ended: datetime | None = None) -> list[Quad]:
    """The ``meta`` graph entry of one ingested document and its ingest activity."""
    doc = document_iri(document)
    activity = ids.ingest_activity(doc, document.sha256)
    agent = ids.software(software_version())
    ended = ended or datetime.now(timezone.utc)

    def q(s, p, o) -> Quad:
        return Quad(s, p, o, ids.META_GRAPH)

    def when(t: datetime) -> Literal:
        return Literal(t.astimezone(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime)

    quads = [
        q(doc, RDF.type, IKG.Document),
        q(doc, RDF.type, PROV.Entity),
        q(doc, IKG.sha256, Literal(document.sha256)),
        q(doc, DCTERMS.format, Literal(document.media_type)),
        q(doc, IKG.tripleCount, Literal(str(triple_count), datatype=XSD.integer)),
        q(doc, PROV.wasGeneratedBy, activity),
        q(activity, RDF.type, PROV.Activity),
        q(activity, PROV.startedAtTime, when(started)),
        q(activity, PROV.endedAtTime, when(ended)),
        q(activity, PROV.wasAssociatedWith, agent),
        q(agent, RDF.type, PROV.SoftwareAgent),
        q(agent, IKG.softwareVersion, Literal(software_version())),
    ]
    if document.source_url:
        quads.append(q(doc, DCTERMS.source, _iri_or_literal(document.source_url)))
    if document.path is not None:
        quads.append(q(doc, IKG.sourcePath, Literal(str(document.path.resolve()))))
    if document.title:
        quads.append(q(doc, DCTERMS.title, Literal(document.title)))
    return quads


def _iri_or_literal(text: str) -> NamedNode | Literal:
    """A source as an IRI when it is one; a malformed URL is kept as an ``xsd:anyURI`` literal."""
    try:
        return NamedNode(text)
    except ValueError:
        return Literal(text, datatype=XSD.anyURI)
