"""Shared fixtures: a store of every implementation, and paths to the bundled examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STORE_KINDS = ["memory", "oxigraph", "remote"]
REMOTE_URL_ENV = "INNOKG_TEST_REMOTE_STORE"
"""A SPARQL server for the "remote" kind instead of a fresh Oxigraph server (scripts/virtuoso_check.sh)."""


def store_uri(kind: str, tmp_path: Path) -> str:
    return "memory:" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}"


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory) -> str:
    """The URL of an empty SPARQL server: $INNOKG_TEST_REMOTE_STORE, else an Oxigraph server
    (``oxigraph serve`` from PyPI) started on a free loopback port and stopped after the session."""
    if url := os.environ.get(REMOTE_URL_ENV):
        yield url
        return
    from tests.graph.oxigraph_server import OxigraphServer

    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-server")) as server:
        yield server.url


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    """An empty store of each implementation (the contract tests run once per kind)."""
    if request.param == "remote":
        from tests.graph.oxigraph_server import empty_remote_store

        s = empty_remote_store(request.getfixturevalue("sparql_server"))
    else:
        s = open_store(store_uri(request.param, tmp_path))
    yield s
    s.close()


@pytest.fixture
def disk_store_path(tmp_path) -> Path:
    return tmp_path / "store"


def reference_store():
    """A memory store that knows the ontology and the Swedish reference data, as a fresh store does."""
    from ingest.bootstrap import ensure_reference

    store = open_store("memory:")
    ensure_reference(store)
    return store


@pytest.fixture(scope="session")
def examples_store():
    """The bundled examples ingested into a reference store, shared by read-only tests."""
    from ingest.pipeline import ingest_paths

    store = reference_store()
    ingest_paths(store, [EXAMPLES])
    return store


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download: executable_path)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context; tests save screenshots under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
