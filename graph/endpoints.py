"""Where a remote SPARQL server listens, and how innokg authenticates to it.

Why a module of its own: the URI a user types (``--store http://127.0.0.1:7878``) must become
three endpoint URLs, a dataset convention and credentials, and every server names its endpoints
differently (docs/decisions/006-remote-stores.md). Two rules cover the servers we know:

- a **bare base URL** (no path, or ``/``) means an **Oxigraph server**: ``/query``, ``/update``,
  ``/store`` (Graph Store Protocol), and ``union-default-graph`` on each query, because Oxigraph's
  default graph is otherwise the real, empty default graph;
- a **URL with a path** is one SPARQL endpoint for queries *and* updates (Virtuoso ``/sparql``,
  Neptune ``/sparql``, QLever), no Graph Store Protocol, and a default graph the server already
  makes the union of all graphs.

``INNOKG_STORE_QUERY_URL``, ``INNOKG_STORE_UPDATE_URL`` and ``INNOKG_STORE_GSP_URL`` override
each URL (GraphDB: ``…/repositories/ID`` and ``…/repositories/ID/statements``; Fuseki:
``/ds/query``, ``/ds/update``, ``/ds/data``). Credentials come only from the environment —
``INNOKG_STORE_TOKEN`` (bearer) or ``INNOKG_STORE_USER`` + ``INNOKG_STORE_PASSWORD`` (basic) —
never from the URI, so they never reach a log line, an error message or ``store.uri``.

>>> e = Endpoints.from_uri("http://127.0.0.1:7878", env={})
>>> e.query, e.update, e.graph_store, e.union_params
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', {'union-default-graph': ''})
>>> e = Endpoints.from_uri("http://127.0.0.1:8890/sparql", env={})
>>> e.query == e.update == "http://127.0.0.1:8890/sparql", e.graph_store, e.union_params
(True, None, {})
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from .base import StoreError

ENV_QUERY, ENV_UPDATE, ENV_GSP = "INNOKG_STORE_QUERY_URL", "INNOKG_STORE_UPDATE_URL", "INNOKG_STORE_GSP_URL"
ENV_TOKEN, ENV_USER, ENV_PASSWORD = "INNOKG_STORE_TOKEN", "INNOKG_STORE_USER", "INNOKG_STORE_PASSWORD"


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote store and the query parameters that make its default graph the union."""

    query: str
    update: str
    graph_store: str | None = None
    union_params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_uri(cls, uri: str, env: Mapping[str, str] = os.environ) -> Endpoints:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not an http(s) store URL: {uri!r}")
        if parts.username or parts.password:
            raise StoreError("put credentials in INNOKG_STORE_USER/INNOKG_STORE_PASSWORD or INNOKG_STORE_TOKEN, "
                             "not in the store URL")
        base = uri.rstrip("/")
        if parts.path in ("", "/") and not parts.query:
            defaults = cls(f"{base}/query", f"{base}/update", f"{base}/store", {"union-default-graph": ""})
        else:
            defaults = cls(uri, uri)
        return cls(env.get(ENV_QUERY) or defaults.query, env.get(ENV_UPDATE) or defaults.update,
                   env.get(ENV_GSP) or defaults.graph_store, defaults.union_params)


def auth_from_env(env: Mapping[str, str] = os.environ) -> httpx.Auth | None:
    """Bearer token or basic credentials from the environment, or None."""
    if token := env.get(ENV_TOKEN):
        return _Bearer(token)
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            raise StoreError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        return httpx.BasicAuth(user, password)
    return None


class _Bearer(httpx.Auth):
    """``Authorization: Bearer …``; its repr hides the token."""

    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "<bearer token>"
