"""Reading and extraction in worker processes, in input order, for large batches.

Why: extraction is pure Python (rules over the text) and takes about two thirds of the time of a
document, while resolution and the store write must stay in one process and in input order (a
name learnt from document n resolves the names of document n + 1, so the graph is the same as a
sequential run). Reading and extraction depend on nothing but the file, so workers do them
ahead of the writer, which then only resolves, classifies and commits. The workers also score
the classification ahead (:func:`with_scores`): its keyword scores depend only on the texts scored,
which are nearly always the same before and after resolution, so the writer mostly looks them up.

Workers come from a ``forkserver`` (a clean process with the extractor imported once) rather than
``fork``: forking a process that runs threads (a server, a test harness) can deadlock. Each worker
is told which documents the graph already holds in which version, so an unchanged file is read
for its hash but not extracted, as in a sequential run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from pathlib import Path

from .classify import Scores, scores_ahead
from .document import Document, ReadError
from .extract import extract_document
from .provenance import document_iri
from .readers import read_document
from .to_rdf import extraction_quads

PARALLEL_FROM = 40
"""Fewer files than this are done in the calling process: starting workers costs about a second."""

_known: dict[str, str] = {}  # document IRI → content hash in the graph, per worker
_force = False


@dataclass(frozen=True)
class Prepared:
    """One input, read and (unless unchanged) extracted; or the reason it failed. A worker also
    scores the document's classification ahead (``scores``, :func:`ingest.classify.scores_ahead`)."""

    item: Path | str
    document: Document | None = None
    extraction: dict | None = None
    error: str | None = None
    scores: Scores | None = None


def default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


def prepare(item: Path | ReadError, known: dict[str, str], force: bool) -> Prepared:
    """Read and extract one file; a file whose stored version has the same hash is only read."""
    if isinstance(item, ReadError):
        return Prepared(item.path, error=item.reason)
    try:
        document = read_document(item)
        if not force and known.get(document_iri(document).value) == document.sha256:
            return Prepared(item, document)
        return Prepared(item, document, extract_document(document))
    except ReadError as e:
        return Prepared(e.path, error=e.reason)
    except Exception as e:  # a bug in one stage must not stop the batch; the file is named
        return Prepared(str(item), error=internal_error(e))


def internal_error(e: Exception) -> str:
    """How a bug met while ingesting one file is reported for that file."""
    return f"internal error while ingesting ({type(e).__name__}: {e})"


@contextmanager
def prepared(items: Iterable[Path | ReadError], known: dict[str, str], force: bool,
             workers: int | None = None) -> Iterator[Iterator[Prepared]]:
    """:func:`prepare` every item, in order; in worker processes when the batch is large.

    A context manager so that the workers start on entry, not on the first item asked for: they
    read and extract while the caller gets ready (at 10⁶ quads, loading the names the graph knows
    takes a second), and are stopped on exit even when the caller fails before asking. They are
    started from a thread, as starting them mostly waits (~0.2 s) for the forkserver to import
    the extractor, time the caller can use."""
    items = list(items)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(items) < PARALLEL_FROM:
        yield (prepare(item, known, force) for item in items)
        return
    with ThreadPoolExecutor(1) as starter:
        started = starter.submit(_start_pool, workers, items, known, force)
        try:
            yield _results(started)
        finally:
            started.result()[0].terminate()


def _start_pool(size: int, items: list[Path | ReadError], known: dict[str, str],
                force: bool) -> tuple[Pool, Iterator[Prepared]]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.extract", "ingest.readers", "ingest.classify", "ingest.to_rdf"])
    pool = context.Pool(size, initializer=_start_worker, initargs=(known, force))
    return pool, pool.imap(_prepare_in_worker, items, chunksize=4)


def _results(started: Future) -> Iterator[Prepared]:
    yield from started.result()[1]


def _start_worker(known: dict[str, str], force: bool) -> None:
    global _known, _force
    _known, _force = known, force


def _prepare_in_worker(item: Path | ReadError) -> Prepared:
    return with_scores(prepare(item, _known, _force))


def with_scores(prepared: Prepared) -> Prepared:
    """``prepared`` with its classification scored ahead: done in the workers, it takes most of the
    classification off the writer, the one process that cannot be parallel (~1 ms a document)."""
    if prepared.extraction is None:
        return prepared
    try:
        document, extraction = prepared.document, prepared.extraction
        doc = document_iri(document)
        scores = scores_ahead(document.text, extraction.get("lang") or "sv", extraction_quads(extraction, doc), doc)
    except Exception:  # the writer classifies without them, and reports what goes wrong there
        return prepared
    return replace(prepared, scores=scores)
