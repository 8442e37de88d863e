"""Run each query in a forked child process that is killed at its deadline.

Why: pyoxigraph cannot cancel a query (docs/decisions/002-query-time-limits.md), so a thread that
gave up keeps a core busy until the engine finishes. A child forked from the server shares the
in-memory store copy-on-write, so it starts in a few milliseconds with all the data, evaluates
(and, for the SPARQL endpoint, serialises), and writes its answer to a pipe; at the deadline the
parent kills it with SIGKILL and the work really stops (docs/decisions/004-sparql-endpoint.md).

Forking a threaded process is safe only if no other thread holds a lock the child will need. The
store's locks are held by writers, so a fork takes a shared lock and a commit an exclusive one:
no fork ever happens mid-write. RocksDB's background threads do not survive a fork and may hold
its mutexes, so on-disk stores are served from an in-memory replica (:mod:`graph.replica`) and
the children only ever read memory.

A remote store is not forked for: the server does the work, and an HTTP client must not be shared
with a child. Its queries run in a thread with a deadline, and the time limit is an HTTP timeout.
Served stores answer repeated queries from a cache cleared on every commit (:mod:`graph.cache`).
"""

from __future__ import annotations

import gc
import math
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import BinaryIO, TypeVar

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from .base import Change, ExportFormat, QueryResult, QueryTimeout, Store, StoreError
from .cache import CachedStore
from .deadline import run_with_deadline
from .oxigraph import OxigraphStore
from .remote import RemoteStore
from .replica import ReplicatedStore

T = TypeVar("T")


class TooManyQueries(QueryTimeout):
    """Every evaluation slot stayed taken while the query waited; like a timeout, 'try again later'."""


class ReadWriteLock:
    """Many holders of the shared side (forks) or one of the exclusive side (a commit)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._writer = True  # new forks wait from here on
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class IsolatedStore:
    """A :class:`~graph.base.Store` over an in-memory store whose queries run in killable children.

    ``max_concurrent`` children run at once; a query that finds no free slot within
    ``queue_timeout`` seconds raises :class:`TooManyQueries`. Writes go through :meth:`commit`.
    With ``fork=False`` (remote stores) the work runs in a thread instead, abandoned at the limit.
    """

    def __init__(self, store: Store, *, max_concurrent: int = 4, queue_timeout: float = 2.0, fork: bool = True):
        self.store = store
        self.fork = fork
        self.uri = store.uri
        self.queue_timeout = queue_timeout
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._lock = ReadWriteLock()

    def run(self, work: Callable[[Store], T], timeout: float | None) -> T:
        """Return ``work(store)`` computed in a child process, or raise :class:`QueryTimeout` after
        ``timeout`` seconds (the child is killed). The result, or the exception ``work`` raised,
        comes back pickled."""
        if not self._slots.acquire(timeout=self.queue_timeout):
            raise TooManyQueries(f"the server is busy: no query slot became free within {self.queue_timeout:g} s")
        try:
            if not self.fork:
                return run_with_deadline(lambda _: work(self.store), timeout)
            return self._fork(work, timeout)
        finally:
            self._slots.release()

    def _fork(self, work: Callable[[Store], T], timeout: float | None) -> T:
        read_end, write_end = os.pipe()
        with self._lock.shared():
            pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(lambda: work(self.store), write_end, timeout)
        os.close(write_end)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            payload = _read_all(read_end, deadline)
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s and was stopped") from None
        finally:
            os.close(read_end)
            _, status = os.waitpid(pid, 0)
        if not payload:
            raise StoreError(f"the query process died ({_describe(status)})")
        ok, value = pickle.loads(payload)
        if not ok:
            raise value
        return value

    # the Store protocol ---------------------------------------------------
    def commit(self, change: Change) -> None:
        with self._lock.exclusive():
            self.store.commit(change)

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graphs: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult:
        packed = self.run(lambda store: _pack(store.query(sparql, max_rows=max_rows, default_graphs=default_graphs,
                                                          named_graphs=named_graphs)), timeout)
        return _unpack(packed)

    def count(self, graph: NamedNode | None = None) -> int:
        return self.store.count(graph)

    def graphs(self) -> list[NamedNode]:
        return self.store.graphs()

    def export(self, out: BinaryIO, fmt: ExportFormat, graph: NamedNode | None = None) -> None:
        self.store.export(out, fmt, graph)

    def close(self) -> None:
        self.store.close()


def _pack(result: QueryResult) -> QueryResult:
    """The result with its terms as plain strings and tuples: pickling pyoxigraph terms costs about
    9 µs each (round trip), plain values about 3 µs, which matters for results of 10⁵ rows."""
    result.rows = [tuple(map(_plain, row)) for row in result.rows]
    result.triples = [tuple(map(_plain, (t.subject, t.predicate, t.object))) for t in result.triples]
    return result


def _unpack(result: QueryResult) -> QueryResult:
    result.rows = [tuple(map(_term, row)) for row in result.rows]
    result.triples = [Triple(*map(_term, t)) for t in result.triples]
    return result


def _plain(term):
    """IRI → str, blank node → (id,), literal → (value, language or datatype IRI); others as they are."""
    kind = type(term)
    if kind is NamedNode:
        return term.value
    if kind is BlankNode:
        return (term.value,)
    if kind is Literal:
        return (term.value, term.language or term.datatype.value)
    return term  # None, or a quoted triple (pickled as is)


def _term(value):
    kind = type(value)
    if kind is str:
        return NamedNode(value)
    if kind is tuple:
        if len(value) == 1:
            return BlankNode(value[0])
        text, tag = value
        return Literal(text, datatype=NamedNode(tag)) if ":" in tag else Literal(text, language=tag)
    return value


def _child(work: Callable[[], object], write_end: int, timeout: float | None) -> None:
    """Evaluate, send ``(ok, value)`` pickled through the pipe, and exit without any clean-up of the
    parent's state (no atexit handlers, no finalisers, no flushing of the parent's buffers)."""
    try:
        gc.disable()  # short-lived; and collecting would copy the parent's pages
        signal.set_wakeup_fd(-1)  # the parent's event loop owns that descriptor
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
            signal.signal(sig, signal.SIG_DFL)
        if timeout is not None:  # a backstop should the parent die without killing us
            signal.alarm(math.ceil(timeout) + 2)
        os.closerange(3, write_end)  # the server's sockets: a client must not wait for us
        os.closerange(write_end + 1, 1 << 16)
        try:
            payload = pickle.dumps((True, work()), pickle.HIGHEST_PROTOCOL)
        except BaseException as e:  # sent to the parent, which re-raises it
            try:
                payload = pickle.dumps((False, e), pickle.HIGHEST_PROTOCOL)
            except Exception:
                payload = pickle.dumps((False, StoreError(f"{type(e).__name__}: {e}")))
        with open(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def _read_all(fd: int, deadline: float | None) -> bytes:
    """Everything the child writes until it closes the pipe; :class:`TimeoutError` at ``deadline``."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks = []
    while True:
        if deadline is None:
            wait = None
        else:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError
            wait *= 1000
        if poller.poll(wait):
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def isolate(store: Store, *, max_concurrent: int = 4, queue_timeout: float = 2.0) -> IsolatedStore | CachedStore:
    """``store`` ready to serve: queries in killable children (an on-disk store through a memory
    replica; a remote one in threads), answers cached until the next commit (a remote store only
    with ``INNOKG_CACHE_REMOTE=1``: others may write to it)."""
    if isinstance(store, IsolatedStore | CachedStore):
        return store
    remote = isinstance(store, RemoteStore)
    if isinstance(store, OxigraphStore) and store.path is not None:
        store = ReplicatedStore(store)
    served = IsolatedStore(store, max_concurrent=max_concurrent, queue_timeout=queue_timeout, fork=not remote)
    if remote and os.environ.get("INNOKG_CACHE_REMOTE") != "1":
        return served
    return CachedStore(served)
