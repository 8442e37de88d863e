"""``innokg serve`` as a user runs it: a real uvicorn process on a free localhost port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph import open_store
from tests.conftest import EXAMPLES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(store: str, *options: str, env: dict | None = None):
    """Run ``innokg --store STORE serve OPTIONS`` until it answers /health; yield (base URL, process, log path)."""
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"innokg-serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api", "--store", store, "serve", "--port", str(port), *options],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"innokg serve did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield base, process, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def test_serve_on_disk_store_with_options(tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    code = CliRunner().invoke(app, ["--store", store, "ingest", str(EXAMPLES)]).exit_code
    assert code == 0
    with serving(store, "--max-rows", "2", "--query-timeout", "7", env={"INNOKG_TOKEN": "s3cret"}) as (base, _, log):
        r = httpx.get(f"{base}/sparql", params={"query": "SELECT ?doc WHERE { ?doc a ikg:Document }"},
                      headers={"Accept": "text/csv"})
        assert r.status_code == 200
        assert r.text.count("\n") == 3 and r.headers["x-innokg-truncated"] == "true"  # header + 2 of 5 documents
        lines = log.read_text()
        assert f"{base}/sparql" in lines and "query time limit 7 s" in lines and "at most 2 rows" in lines
        assert "document upload enabled" in lines
    # the server released the on-disk store: another process may open it again
    reopened = open_store(store)
    assert reopened.count() > 0
    reopened.close()


def test_serve_reads_the_time_limit_from_the_environment():
    with serving("memory:", env={"INNOKG_QUERY_TIMEOUT": "3.5"}) as (_, _, log):
        assert "query time limit 3.5 s" in log.read_text()


def test_serve_rejects_a_bad_setting():
    result = CliRunner().invoke(app, ["--store", "memory:", "serve", "--query-timeout", "0"])
    assert result.exit_code == 2
    assert "query_timeout" in result.stderr
