"""The ingest runner: files → documents → extraction → RDF → one atomic commit per document.

Why this shape (KGX/Koza): each stage is a function, the runner only sequences them, and the
sink is any :class:`graph.Store`, so tests drive it with an in-memory store. A document is
identified by its source URL (or path) and versioned by the SHA-256 of its bytes: an unchanged
document is skipped without writing anything, a changed one has its graph and its ``meta`` entry
replaced in the same transaction, so no reader ever sees half a document. The classification of
the document's projects and actors (S3 themes, support functions: :mod:`ingest.classify`) is
part of its graph and goes in with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pyoxigraph import NamedNode

from graph import Change, Store
from ontology import ids
from ontology.reference import load_reference
from ontology.terms import IKG, PROV

from .document import Document, ReadError
from .classify import Scores, classification_quads
from .extract import extract_document
from .provenance import document_iri, provenance_quads
from .readers import find_documents
from .curation import Curation, load_curation
from .workers import Prepared, internal_error, prepared
from .resolve import ACTOR_CLASSES, Resolver, known_identifiers, known_labels, normalise, project_variants
from .to_rdf import Resolvers, extraction_quads
from .totals import with_totals


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ``added``, ``replaced``, ``unchanged`` or ``failed``."""

    source: str
    status: str
    triples: int = 0
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def stored_version(store: Store, doc: NamedNode) -> tuple[str | None, NamedNode | None]:
    """The content hash and ingest activity recorded for a document, if it was ingested before."""
    result = store.query(
        f"SELECT ?sha ?activity WHERE {{ GRAPH {ids.META_GRAPH} {{ {doc} {IKG.sha256} ?sha ; "
        f"{PROV.wasGeneratedBy} ?activity }} }}")
    if not result.rows:
        return None, None
    sha, activity = result.rows[0]
    return sha.value, activity


@dataclass
class StoredVersions:
    """The content hash and ingest activity of every document the graph holds, read once for a
    batch (one query; asked per document it cost ~0.4–1 ms each at 10⁶ quads) and kept up to date
    by the batch's own writes: like :func:`ingest.totals.with_totals`, it assumes one writer."""

    versions: dict[str, tuple[str, NamedNode | None]]

    @classmethod
    def read(cls, store: Store) -> StoredVersions:
        rows = store.query(f"SELECT ?doc ?sha ?activity WHERE {{ GRAPH {ids.META_GRAPH} {{ ?doc {IKG.sha256} ?sha "
                           f"OPTIONAL {{ ?doc {PROV.wasGeneratedBy} ?activity }} }} }}").rows
        return cls({doc.value: (sha.value, activity) for doc, sha, activity in rows})

    def hashes(self) -> dict[str, str]:
        """Document IRI → content hash, for the workers (they extract no unchanged document)."""
        return {doc: sha for doc, (sha, _) in self.versions.items()}

    def version(self, doc: NamedNode) -> tuple[str | None, NamedNode | None]:
        """As :func:`stored_version`: the hash and activity, or neither when one is missing."""
        sha, activity = self.versions.get(doc.value, (None, None))
        return (sha, activity) if activity is not None else (None, None)

    def wrote(self, document: Document) -> None:
        doc = document_iri(document)
        self.versions[doc.value] = (document.sha256, ids.ingest_activity(doc, document.sha256))


def batch_resolvers(store: Store, curation: Curation | None = None) -> Resolvers:
    """Resolvers that know the curation, the reference data and every name and organisation
    identifier already in the graph."""
    from .sources.identifiers import reference_identifiers  # ingest.sources imports this module

    ref = load_reference()
    with ThreadPoolExecutor(1) as pool:
        # the project names are queried while this thread indexes the actors': pyoxigraph evaluates
        # queries partly without the GIL (at 10⁶ quads the batch starts 0.1–0.4 s sooner)
        project_names = pool.submit(known_labels, store, [IKG.Project])
        actors = Resolver(reference=_keyed(ref.actor_labels()), known=known_labels(store, ACTOR_CLASSES),
                          identifiers={**reference_identifiers(), **known_identifiers(store)})
        curation = curation or load_curation()
        actors.apply_curation(curation)
        projects = Resolver(known=project_names.result(), variants=project_variants)
    return Resolvers(actors=actors, projects=projects, areas=Resolver(reference=_keyed(ref.area_labels())),
                     curation=curation)


def _keyed(labels: dict[str, NamedNode]) -> dict[str, NamedNode]:
    return {normalise(name): iri for name, iri in labels.items()}


def ingest_document(store: Store, document: Document, resolvers: Resolvers | None = None,
                    force: bool = False, extraction: dict | None = None,
                    stored: StoredVersions | None = None, scores: Scores | None = None) -> Outcome:
    """Write one document's graph and provenance atomically; skip it when unchanged, unless
    ``force`` (to re-resolve it after the curation file or the extraction rules changed).
    ``extraction`` is the document's :func:`extract_document` output and ``scores`` its
    classification scored ahead, when a worker made them; ``stored`` the versions a batch read
    (else the store is asked)."""
    started = datetime.now(timezone.utc)
    doc = document_iri(document)
    old_sha, old_activity = stored_version(store, doc) if stored is None else stored.version(doc)
    if old_sha == document.sha256 and not force:
        return Outcome(document.identifier, "unchanged")
    resolvers = resolvers or batch_resolvers(store)
    extraction = extraction if extraction is not None else extract_document(document)
    quads = extraction_quads(extraction, doc, resolvers)
    quads += classification_quads(document.text, extraction.get("lang") or "sv", quads, doc, resolvers.curation,
                                  lookup=lambda name: resolvers.projects.lookup(name) or resolvers.actors.lookup(name),
                                  scores=scores)
    meta = provenance_quads(document, sum(q.graph_name == doc for q in quads), started)
    forget = [(ids.META_GRAPH, doc)] + ([(ids.META_GRAPH, old_activity)] if old_activity else [])
    # the funding totals of the grants and projects of the old and the new version, in the same update
    store.commit(with_totals(store, Change(drop_graphs=[doc], forget_subjects=forget, insert=quads + meta)))
    if stored is not None:
        stored.wrote(document)
    return Outcome(document.identifier, "replaced" if old_sha else "added", triples=len(quads) + len(meta))


def ingest_files(store: Store, files: Iterable[Path | ReadError],
                 on_outcome: Callable[[Outcome], None] | None = None, *,
                 curation: Curation | None = None, force: bool = False, workers: int | None = None) -> list[Outcome]:
    """Ingest files as found by :func:`ingest.readers.find_documents`; a bad file is reported
    (by path, with the reason) and the others still go in. Large batches are read and extracted
    by ``workers`` processes (default: the cores, at most 4; :mod:`ingest.workers`) while this
    process resolves and writes, in input order."""
    outcomes = []
    stored = StoredVersions.read(store)
    with prepared(files, stored.hashes(), force, workers) as items:
        resolvers = batch_resolvers(store, curation)  # while the workers start and extract
        for item in items:
            outcome = _write(store, item, resolvers, force, stored)
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
    return outcomes


def ingest_paths(store: Store, paths: Iterable[Path | str], *, curation: Curation | None = None,
                 force: bool = False, workers: int | None = None) -> list[Outcome]:
    """Ingest every document under ``paths`` (files or folders, recursively)."""
    return ingest_files(store, find_documents(list(paths)), curation=curation, force=force, workers=workers)


def _write(store: Store, item: Prepared, resolvers: Resolvers, force: bool, stored: StoredVersions) -> Outcome:
    if item.error is not None:
        return Outcome(str(item.item), "failed", error=item.error)
    try:
        return ingest_document(store, item.document, resolvers, force, item.extraction, stored, item.scores)
    except Exception as e:  # a bug in one stage must not stop the batch; the file is named
        return Outcome(str(item.item), "failed", error=internal_error(e))
