"""Bulk load of large RDF dumps (``innokg load``): streamed, in chunks, resumable.

Why chunks and a checkpoint: a national dump (10⁷–10⁸ triples) takes minutes to hours, and a
network error or a Ctrl-C must not mean starting again. The file is parsed as a stream (memory
stays flat) and sent ``chunk`` quads at a time through the store's ``bulk_load`` (pyoxigraph's
bulk loader for the embedded store; Graph Store Protocol POSTs for a remote one). After each
chunk a sidecar file ``FILE.innokg-load.json`` records how many quads are in; a re-run with the
same file, store and graph skips that many quads and continues. Parsing is deterministic, so the
skipped quads are exactly the loaded ones; a chunk cut off by a crash is sent again whole, which
is harmless because a dataset is a set (a triple stated twice is stored once). The checkpoint
is deleted when the load completes.

Limits: a blank node written ``[]`` gets a new identifier on every parse, and a remote server
scopes blank nodes to one request, so blank nodes spanning two chunks (or a resume) are split.
innokg's own data has none (every node has a minted IRI).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from .base import StoreError

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
DEFAULT_CHUNK = 100_000


@dataclass
class Checkpoint:
    """What a load has done so far; valid only for the same file (size and mtime), store and graph."""

    file: str
    size: int
    mtime_ns: int
    store: str
    graph: str
    quads: int = 0
    chunks: int = 0

    @staticmethod
    def path_for(file: Path) -> Path:
        return file.with_name(file.name + ".innokg-load.json")

    def matches(self, other: Checkpoint) -> bool:
        return (self.file, self.size, self.mtime_ns, self.store, self.graph) == \
            (other.file, other.size, other.mtime_ns, other.store, other.graph)

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash leaves the old checkpoint or the new one


@dataclass(frozen=True)
class LoadReport:
    quads: int
    """Quads sent in this run."""
    skipped: int
    """Quads skipped because an earlier run had loaded them."""
    graph: ox.NamedNode


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise StoreError(f"{path.name}: unknown RDF format; use one of {', '.join(FORMATS)}") from None


def default_graph_for(path: Path) -> ox.NamedNode:
    """Where triples without a graph go: the file's own IRI, so the load can be dropped as a whole."""
    return ox.NamedNode(path.resolve().as_uri())


def load_file(store, path: Path, *, graph: ox.NamedNode | None = None, chunk: int = DEFAULT_CHUNK,
              restart: bool = False, checkpoint_path: Path | None = None,
              progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Load ``path`` into ``store`` (which must have ``bulk_load``), resuming an interrupted load.

    Triples of a triple format, and the default-graph quads of a dataset format, go to ``graph``
    (default: the file's ``file://`` IRI); named graphs stay as they are. ``progress(bytes_read,
    quads_sent)`` is called after each chunk.
    """
    fmt = rdf_format(path)
    target = graph or default_graph_for(path)
    stat = path.stat()
    fresh = Checkpoint(str(path.resolve()), stat.st_size, stat.st_mtime_ns, store.uri, target.value)
    checkpoint_path = checkpoint_path or Checkpoint.path_for(path)
    state = fresh
    if not restart and checkpoint_path.exists():
        saved = Checkpoint(**json.loads(checkpoint_path.read_text(encoding="utf-8")))
        if saved.matches(fresh):
            state = saved
    skipped = state.quads
    with path.open("rb") as f:
        quads = _into_graph(ox.parse(f, fmt), target)
        for _ in itertools.islice(quads, skipped):
            pass
        while batch := list(itertools.islice(quads, chunk)):
            store.bulk_load(batch)
            state.quads += len(batch)
            state.chunks += 1
            state.save(checkpoint_path)
            if progress:
                progress(f.tell(), state.quads - skipped)
    checkpoint_path.unlink(missing_ok=True)
    return LoadReport(state.quads - skipped, skipped, target)


def _into_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    for q in quads:
        yield ox.Quad(q.subject, q.predicate, q.object, graph) if isinstance(q.graph_name, ox.DefaultGraph) else q
