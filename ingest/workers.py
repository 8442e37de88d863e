"""Reading and extraction in worker processes, in input order, for large batches.

Why: extraction is pure Python (rules over the text) and takes about two thirds of the time of a
document, while resolution and the store write must stay in one process and in input order (a
name learnt from document n resolves the names of document n + 1, so the graph is the same as a
sequential run). Reading and extraction depend on nothing but the file, so workers do them
ahead of the writer, which then only resolves, classifies and commits.

Workers come from a ``forkserver`` (a clean process with the extractor imported once) rather than
``fork``: forking a process that runs threads (a server, a test harness) can deadlock. Each worker
is told which documents the graph already holds in which version, so an unchanged file is read
for its hash but not extracted, as in a sequential run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import Document, ReadError
from .extract import extract_document
from .provenance import document_iri
from .readers import read_document

PARALLEL_FROM = 40
"""Fewer files than this are done in the calling process: starting workers costs about a second."""

_known: dict[str, str] = {}  # document IRI → content hash in the graph, per worker
_force = False


@dataclass(frozen=True)
class Prepared:
    """One input, read and (unless unchanged) extracted; or the reason it failed."""

    item: Path | str
    document: Document | None = None
    extraction: dict | None = None
    error: str | None = None


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


def prepared(items: Iterable[Path | ReadError], known: dict[str, str], force: bool,
             workers: int | None = None) -> Iterator[Prepared]:
    """:func:`prepare` every item, in order; in ``workers`` processes when the batch is large."""
    items = list(items)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(items) < PARALLEL_FROM:
        yield from (prepare(item, known, force) for item in items)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.extract", "ingest.readers"])
    with context.Pool(workers, initializer=_start_worker, initargs=(known, force)) as pool:
        yield from pool.imap(_prepare_in_worker, items, chunksize=4)


def _start_worker(known: dict[str, str], force: bool) -> None:
    global _known, _force
    _known, _force = known, force


def _prepare_in_worker(item: Path | ReadError) -> Prepared:
    return prepare(item, _known, _force)
