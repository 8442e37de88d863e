"""The import runner: a table file → one document graph, atomic per file, idempotent, streaming.

Why this shape (docs/decisions/005-tabular-import.md): a file is one document, identified by
its path and versioned by the SHA-256 of its bytes plus the import options. Its rows are read
one at a time, turned into records by the source's transform, resolved and written by
:class:`ingest.to_rdf.TableWriter` into a *new* version graph beside the old one. A file whose
quads fit in one commit is written with its ``meta`` entry in one commit. A larger one is
written to its version graph first (streamed to the store's bulk loader when it has one), then one
small commit adds its ``meta`` entry and drops the old version: the ``meta`` graph only ever
lists complete versions, and a version graph without a ``meta`` entry (an import that crashed
or failed) is dropped by the next import. Bad rows are reported (row, column, reason) and left
out; the rest goes in; the outcome then counts as failed (exit code 1).
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import Literal, NamedNode, Quad

from graph import Change, Store
from ontology import ids
from ontology.terms import DCTERMS, IKG, PROV, RDF, XSD

from ..curation import Curation
from ..pipeline import batch_resolvers
from ..provenance import software_version
from ..to_rdf import Resolvers, Statement, TableWriter
from ..table_totals import TableTotals, discard_version, entry_quads
from . import SOURCES
from .table import Mapping
from .themes import ProjectClassifier
from .tabular import XLSX, CellError, FileError, RowError, fingerprint, open_table

CHUNK = 200_000
"""Quads per bulk load or commit of a large file into a store without a streaming loader (a remote one)."""
STREAM_PIECE = 1_000
"""Statements serialised per write to a streaming loader (~200 KB: less than its pipe holds)."""
SINGLE = 50_000
"""A file with at most this many quads is written in one commit together with its meta entry."""
MAX_REPORTED = 1_000
"""Row errors kept for the report (all are counted)."""
VERSION_GRAPH = re.compile(re.escape(ids.BASE) + r"doc/[0-9a-f]+/v/[0-9a-f]+$")


@dataclass(frozen=True)
class Context:
    """What a source's transform may consult besides the row."""

    store: Store
    country: str | None = None
    programme: str | None = None
    mapping: Mapping | None = None


@dataclass
class ImportOutcome:
    """What happened to one file: ``added``, ``replaced``, ``unchanged`` or ``failed``."""

    source: str
    status: str
    rows: int = 0
    skipped: int = 0
    """Rows left out on purpose (``--country``)."""
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    triples: int = 0
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed" or self.rejected > 0


def import_file(store: Store, path: Path | str, source: str, *, country: str | None = None,
                programme: str | None = None, mapping: Mapping | None = None, encoding: str = "utf-8",
                resolvers: Resolvers | None = None, curation: Curation | None = None,
                on_rows: Callable[[int], None] | None = None, force: bool = False, chunk: int = CHUNK,
                single: int = SINGLE) -> ImportOutcome:
    """Import one file with the named source (``swecris``, ``cordis``, ``table``). An unchanged file
    (same bytes, same options) is skipped unless ``force``: then it is imported again and replaces
    its previous version atomically (after the curation file or the rules changed)."""
    path = Path(path)
    module = SOURCES[source]
    started = datetime.now(timezone.utc)
    doc = ids.document(str(path.resolve()))
    options = _options(source, country, programme, mapping, encoding)
    try:
        sha = fingerprint(path, None if path.suffix.lower() in XLSX else encoding)
    except FileError as e:
        return ImportOutcome(str(path), "failed", error=str(e))
    key = f"{sha}\n{options}"
    version = ids.document_version(doc, hashlib.sha256(key.encode()).hexdigest())
    current = _current_version(store, doc)
    if current and current.sha == sha and current.options == options and not force:
        return ImportOutcome(str(path), "unchanged", rejected=current.rejected)
    if current and current.graph == version:  # a forced re-import: the new version goes beside the old one
        version = ids.document_version(doc, hashlib.sha256(f"{key}\nforced".encode()).hexdigest())
    drop_abandoned_versions(store)
    resolvers = resolvers or batch_resolvers(store, curation)
    learn_project_keys(store, resolvers)
    classify = ProjectClassifier(version, resolvers.curation,
                                 lookup=lambda name: resolvers.projects.lookup(name) or resolvers.actors.lookup(name))
    writer = TableWriter(version, resolvers, on_project=classify)
    sink = _VersionSink(store, version, chunk, single)
    context = Context(store, country.upper() if country else None, programme, mapping)
    outcome = ImportOutcome(str(path), "replaced" if current else "added")
    try:
        with _few_collections(), \
                open_table(path, delimiter=mapping.delimiter if mapping else getattr(module, "DELIMITER", None),
                           encoding=encoding, sheet=mapping.sheet if mapping else None) as table:
            transform = module.prepare(table, context)
            for n, cells in table.rows:
                record = _record(transform, n, cells, outcome)
                if record is not None:
                    sink.add(writer.statements(record))
                    outcome.rows += 1
                    if on_rows and outcome.rows % 1000 == 0:
                        on_rows(outcome.rows)
    except FileError as e:
        sink.abandon()
        return ImportOutcome(str(path), "failed", error=str(e))
    except Exception as e:  # a bug must not leave a half-written version behind; the file is named
        sink.abandon()
        return ImportOutcome(str(path), "failed", error=f"internal error while importing ({type(e).__name__}: {e})")
    except BaseException:  # Ctrl-C: the store's loader thread must end too, or the process would not exit
        sink.abandon()
        raise
    if outcome.rows == 0 and outcome.rejected:
        sink.abandon()
        outcome.status = "failed"
        outcome.error = f"{path}: every row was rejected"
        return outcome
    forget = [(ids.META_GRAPH, current.graph), (ids.META_GRAPH, current.activity)] if current else []
    try:
        outcome.triples = sink.finish(
            lambda count: _provenance(version, doc, path, sha, options, outcome, count, started),
            replaced=current.graph if current else None, forget=forget)
    except Exception as e:
        sink.abandon()
        return ImportOutcome(str(path), "failed", error=f"internal error while writing ({type(e).__name__}: {e})")
    except BaseException:
        sink.abandon()
        raise
    if on_rows:
        on_rows(outcome.rows)
    return outcome


@contextmanager
def _few_collections():
    """Fewer garbage collections while rows stream: every row allocates a few dozen objects
    (cells, a record, quads; pyoxigraph terms are tracked by the collector) and none form cycles,
    but the default threshold (700) ran a collection every few rows, scanning the resolvers'
    name indexes each time — 40 % of the Python time of an import. The objects alive before the
    import are frozen (left out of collections) and the threshold is raised; both are restored."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _record(transform, n: int, cells, outcome: ImportOutcome) -> dict | None:
    """The row's record; None for a row skipped on purpose or rejected (then counted and reported)."""
    if isinstance(cells, RowError):
        error = cells
    else:
        try:
            record = transform(cells, n)
        except CellError as e:
            error = RowError(n, e.column, e.reason)
        else:
            if record is None:
                outcome.skipped += 1
            return record
    outcome.rejected += 1
    if len(outcome.errors) < MAX_REPORTED:
        outcome.errors.append(error)
    return None


class _VersionSink:
    """Writes one version graph: with its meta entry in one commit when it has at most ``single``
    statements, else staged first and made current by a small commit last.

    Staged, the statements go as N-Quads text to the store's streaming bulk loader when it has
    one (the embedded store, :mod:`graph.streaming`): Oxigraph parses and writes on the second
    core while this thread reads the next rows. Measured on the 2-core machine (bench/RESULTS.md),
    that beat both ``bulk_extend`` of ``Quad`` objects (which holds the GIL, so Python and the
    store took turns) and ``bulk_load`` of bytes in pieces (a fixed cost per piece on disk):
    building a ``Quad`` costs more than writing its line. Other stores get ``chunk`` statements
    per bulk load or commit.
    """

    def __init__(self, store: Store, graph: NamedNode, chunk: int, single: int):
        self.store, self.graph, self.chunk = store, graph, chunk
        self.buffer: list[Statement] = []
        self.limit = min(chunk, single)
        self.staged = False
        self.totals = TableTotals(graph)
        self.stream: BinaryIO | None = None
        self._names: dict[NamedNode, str] = {}
        self._streaming = ExitStack()

    def add(self, statements: list[Statement]) -> None:
        self.totals.add(statements)
        self.buffer += statements
        if len(self.buffer) >= self.limit:
            self._flush()

    def _flush(self) -> None:
        statements, self.buffer = self.buffer, []  # repeated statements are harmless: the store is a set
        if not self.staged:
            self.store.commit(Change(drop_graphs=[self.graph]))  # leftovers of a crashed import of this version
            self.staged, self.limit = True, self.chunk
            streaming_load = getattr(self.store, "streaming_load", None)
            if streaming_load is not None:
                # one bulk load for the whole version (several cost half as much again: their files
                # are merged); lenient: the text is pyoxigraph's serialisation of terms it validated
                self.stream = self._streaming.enter_context(streaming_load(lenient=True))
                self.limit = STREAM_PIECE
        if self.stream is not None:
            self.stream.write(self._nquads(statements))
        else:
            self._load([Quad(*s) for s in statements])

    def _nquads(self, statements: list[Statement]) -> bytes:
        """N-Quads text of ``statements``. The strings of their predicates and graphs are kept: they
        are few, and a dictionary lookup costs half of making the string again."""
        names, lines = self._names, []
        for s, p, o, g in statements:
            predicate, graph = names.get(p), names.get(g)
            if predicate is None:
                predicate = names[p] = f" {p} "
            if graph is None:
                graph = names[g] = f" {g} .\n"
            lines.append(f"{s}{predicate}{o}{graph}")
        return "".join(lines).encode()

    def _load(self, quads: list[Quad]) -> None:
        bulk = getattr(self.store, "bulk_load", None)
        if bulk is not None:
            bulk(quads)
        else:
            self.store.commit(Change(insert=quads))

    def finish(self, meta: Callable[[int], list[Quad]], replaced: NamedNode | None,
               forget: list[tuple[NamedNode, NamedNode]]) -> int:
        """Make the version current, in place of ``replaced``, with its funding totals; returns its
        triple count. A staged version's new totals entries are loaded with it before the switch
        (a large RocksDB transaction costs ~3× more time per quad and holds the whole change in
        memory), and the switch deletes the entries they replace."""
        drop = [replaced] if replaced else []
        if self.staged and self.buffer:
            self._flush()
        stale, entries = self.totals.switch(self.store, replaced)
        if self.staged:
            piece = STREAM_PIECE if self.stream is not None else self.chunk
            while text := "".join(itertools.islice(entries, max(1, piece // 6))):  # ~6 quads an entry
                if self.stream is not None:
                    self.stream.write(text.encode())
                else:
                    self._load(entry_quads(text))
            self._streaming.close()  # the end of the stream: waits for the load, raises its error
            count = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {self.graph} {{ ?s ?p ?o }} }}").scalar()
            self.store.commit(Change(drop_graphs=drop, forget_subjects=forget, delete=stale, insert=meta(count)))
            return count
        statements = list(dict.fromkeys(self.buffer))
        count = sum(g == self.graph for *_, g in statements)
        self.store.commit(Change(drop_graphs=[*drop, self.graph], forget_subjects=forget, delete=stale,
                                 insert=[Quad(*s) for s in statements] + meta(count) + entry_quads("".join(entries))))
        return count

    def abandon(self) -> None:
        self.buffer = []
        try:
            self._streaming.close()
        except Exception:  # noqa: BLE001 — what the loader failed on is discarded below; the import reports its own error
            pass
        if self.staged:
            self.store.commit(discard_version(self.store, self.graph))


def project_keys(store: Store, table: str | None = None) -> dict[tuple[str, str], NamedNode]:
    """(table, project id) → project, for the projects that tables named (``dcterms:identifier``
    ``cordis/101060884``), of one ``table`` or all; a project described by a text document keeps
    the IRI it had, so its key is how every later import finds it again."""
    prefix = f' FILTER STRSTARTS(?key, "{table}/")' if table else ""
    rows = store.query(f"SELECT DISTINCT ?p ?key WHERE {{ ?p a {IKG.Project} ; {DCTERMS.identifier} ?key{prefix} }}").rows
    keys = {}
    for project, key in rows:
        source, _, value = key.value.partition("/")
        if value:
            keys.setdefault((source, value), project)
    return keys


def learn_project_keys(store: Store, resolvers: Resolvers) -> None:
    for (source, value), project in project_keys(store).items():
        resolvers.projects.identify(source, value, project)


def drop_abandoned_versions(store: Store) -> list[NamedNode]:
    """Drop version graphs that have no ``meta`` entry (left by an import that crashed), with the
    totals entries such an import may have loaded before its switch."""
    listed = {d for (d,) in store.query(
        f"SELECT ?d WHERE {{ GRAPH {ids.META_GRAPH} {{ ?d {RDF.type} {IKG.Document} }} }}").rows}
    abandoned = [g for g in store.graphs() if VERSION_GRAPH.match(g.value) and g not in listed]
    for graph in abandoned:
        store.commit(discard_version(store, graph))
    return abandoned


@dataclass(frozen=True)
class _Version:
    """The current version of an imported file, as its ``meta`` entry records it."""

    graph: NamedNode
    activity: NamedNode
    rejected: int
    sha: str
    options: str


def _current_version(store: Store, doc: NamedNode) -> _Version | None:
    rows = store.query(
        f"SELECT ?v ?a ?rejected ?sha ?options WHERE {{ GRAPH {ids.META_GRAPH} {{ ?v {DCTERMS.isVersionOf} {doc} ; "
        f"{PROV.wasGeneratedBy} ?a ; {IKG.rejectedRows} ?rejected ; {IKG.sha256} ?sha . "
        f"?a {DCTERMS.description} ?options }} }}").rows
    if not rows:
        return None
    version, activity, rejected, sha, options = rows[0]
    return _Version(version, activity, int(rejected.value), sha.value, options.value)


def _options(source: str, country: str | None, programme: str | None, mapping: Mapping | None, encoding: str) -> str:
    """The import command's options that change the result; part of the version key."""
    parts = [f"innokg import {source}"]
    parts += [f"--country {country.upper()}"] if country else []
    parts += [f"--programme {programme}"] if programme else []
    parts += [f"--mapping {mapping.name} ({mapping.digest})"] if mapping else []
    parts += [f"--encoding {encoding}"] if encoding.lower() not in ("utf-8", "utf8") else []
    return " ".join(parts)


def _provenance(version: NamedNode, doc: NamedNode, path: Path, sha: str, options: str, outcome: ImportOutcome,
                triple_count: int, started: datetime) -> list[Quad]:
    """The ``meta`` entry of one imported table version (the text path's entry, plus rows and options)."""
    activity = ids.ingest_activity(version, sha)
    agent = ids.software(software_version())

    def q(s, p, o) -> Quad:
        return Quad(s, p, o, ids.META_GRAPH)

    def when(t: datetime) -> Literal:
        return Literal(t.astimezone(timezone.utc).isoformat(timespec="seconds"), datatype=XSD.dateTime)

    def integer(n: int) -> Literal:
        return Literal(str(n), datatype=XSD.integer)

    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if path.suffix.lower() in XLSX else \
        "text/tab-separated-values" if path.suffix.lower() == ".tsv" else "text/csv"
    return [
        q(version, RDF.type, IKG.Document), q(version, RDF.type, PROV.Entity),
        q(version, DCTERMS.isVersionOf, doc),
        q(version, IKG.sha256, Literal(sha)), q(version, DCTERMS.format, Literal(media)),
        q(version, DCTERMS.title, Literal(path.name)),
        q(version, IKG.sourcePath, Literal(str(path.resolve()))),
        q(version, IKG.tripleCount, integer(triple_count)),
        q(version, IKG.rowCount, integer(outcome.rows)), q(version, IKG.rejectedRows, integer(outcome.rejected)),
        q(version, PROV.wasGeneratedBy, activity),
        q(activity, RDF.type, PROV.Activity), q(activity, DCTERMS.description, Literal(options)),
        q(activity, PROV.startedAtTime, when(started)),
        q(activity, PROV.endedAtTime, when(datetime.now(timezone.utc))),
        q(activity, PROV.wasAssociatedWith, agent),
        q(agent, RDF.type, PROV.SoftwareAgent), q(agent, IKG.softwareVersion, Literal(software_version())),
    ]
