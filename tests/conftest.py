"""Shared fixtures: a store of every implementation, and paths to the bundled examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STORE_KINDS = ["memory", "oxigraph"]


def store_uri(kind: str, tmp_path: Path) -> str:
    return "memory:" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}"


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    """An empty store of each implementation (the contract tests run once per kind)."""
    s = open_store(store_uri(request.param, tmp_path))
    yield s
    s.close()


@pytest.fixture
def disk_store_path(tmp_path) -> Path:
    return tmp_path / "store"
