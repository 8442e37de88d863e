"""A real Oxigraph server for tests: ``oxigraph serve`` (PyPI ``oxigraph``) on a free loopback port.

Why a real server rather than a mock: the remote store must agree with the embedded one on the
whole store contract, which only the server's own SPARQL, Update and Graph Store handling shows.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graph import open_store
from graph.remote import RemoteStore

START_TIMEOUT = 20.0
SERVER_QUERY_LIMIT_S = 30
"""``--timeout-s``: the server stops a query itself, so a test's runaway query cannot keep a core busy."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """Start on enter (waiting until it answers), stop on exit; data in ``location``."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> OxigraphServer:
        # a venv run without activation has the server next to its python, not on PATH
        binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        if binary is None:
            raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph (the test extra has it)")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             "--timeout-s", str(SERVER_QUERY_LIMIT_S)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {START_TIMEOUT:g} s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def empty_remote_store(url: str) -> RemoteStore:
    """The store at ``url`` with every named graph dropped, as an empty store starts."""
    store = open_store(url)
    for g in store.graphs():
        store._update(f"DROP SILENT GRAPH {g}")
    return store
