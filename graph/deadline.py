"""Run a blocking call with a time limit, without blocking the caller past it.

Why a thread: pyoxigraph has no query timeout, but it releases the GIL while it evaluates, so
the caller (and other requests) go on while a query runs in a worker thread. The worker is told
to stop and, for streaming results, stops at the next row; a blocking operator (an aggregate or
ORDER BY over a huge intermediate result) finishes its step before it notices. Stopping such work
outright needs a separate process (see docs/decisions/002-query-time-limits.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from .base import QueryTimeout

T = TypeVar("T")


class Deadline:
    """A flag a long computation polls, set when its caller gave up."""

    def __init__(self) -> None:
        self._expired = threading.Event()

    def expire(self) -> None:
        self._expired.set()

    @property
    def expired(self) -> bool:
        return self._expired.is_set()


def run_with_deadline(work: Callable[[Deadline], T], timeout: float | None, what: str = "query") -> T:
    """Return ``work(deadline)``, or raise :class:`QueryTimeout` after ``timeout`` seconds.

    ``work`` should poll ``deadline.expired`` between units of work and return early when set.
    Exceptions raised by ``work`` are re-raised in the caller.
    """
    deadline = Deadline()
    if timeout is None:
        return work(deadline)
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work(deadline)
        except BaseException as e:  # re-raised in the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=target, name=f"innokg-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        deadline.expire()
        raise QueryTimeout(f"{what} exceeded the time limit of {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
