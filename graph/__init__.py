"""The graph store: one small interface (:class:`~graph.base.Store`) over every backend.

Open a store by URI (DESIGN.md §3)::

    oxigraph:PATH   embedded Oxigraph on disk (default ``oxigraph:.innokg/store``)
    memory:         embedded Oxigraph in memory (tests, throw-away work)
    http(s)://…     a remote SPARQL 1.1 server: a bare base URL is an Oxigraph server
                    (/query, /update, /store); a URL with a path is one SPARQL endpoint
                    (Virtuoso …/sparql); see graph/endpoints.py and docs/decisions/006

>>> store = open_store("memory:")
>>> store.count()
0
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import (Change, ExportFormat, QueryResult, QuerySyntaxError, QueryTimeout, Store, StoreError,
                   StoreLockedError, drop_graph, python_value, replace_graph)

DEFAULT_STORE_URI = "oxigraph:.innokg/store"

__all__ = ["Change", "ExportFormat", "QueryResult", "QuerySyntaxError", "QueryTimeout", "Store", "StoreError",
           "StoreLockedError", "drop_graph", "python_value", "replace_graph", "open_store", "store_uri_from_env",
           "DEFAULT_STORE_URI"]


def store_uri_from_env() -> str:
    """The store URI from ``INNOKG_STORE``, else the default."""
    return os.environ.get("INNOKG_STORE") or DEFAULT_STORE_URI


def open_store(uri: str | None = None) -> Store:
    """Open the store named by ``uri`` (see the module docstring); raise :class:`StoreError` if unusable."""
    from .oxigraph import OxigraphStore

    uri = uri or store_uri_from_env()
    scheme, _, rest = uri.partition(":")
    if scheme == "memory" and not rest:
        return OxigraphStore(None)
    if scheme == "oxigraph" and rest:
        return OxigraphStore(Path(rest).expanduser())
    if scheme in ("http", "https"):
        from .remote import RemoteStore

        return RemoteStore(uri)
    raise StoreError(f"unknown store URI {uri!r}; expected oxigraph:PATH, memory: or http(s)://…")
