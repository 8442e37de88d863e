"""Where a remote SPARQL server listens, and how innokg authenticates to it.

Why a module of its own: the URI a user types (``--store http://127.0.0.1:7878``) must become
three endpoint URLs, a dataset convention and credentials, and every server names its endpoints
differently (docs/decisions/006-remote-stores.md). Two rules cover the servers we know:

- a **bare base URL** (no path, or ``/``) means an **Oxigraph server**: ``/query``, ``/update``,
  ``/store`` (Graph Store Protocol, which there also takes and gives N-Quads for the whole dataset),
  and ``union-default-graph`` on each query, because Oxigraph's default graph is otherwise the
  real, empty default graph;
- a **URL with a path** is one SPARQL endpoint for queries *and* updates (Virtuoso ``/sparql``,
  Neptune ``/sparql``, QLever), no Graph Store Protocol, and a default graph the server already
  makes the union of all graphs.

``INNOKG_STORE_QUERY_URL``, ``INNOKG_STORE_UPDATE_URL`` and ``INNOKG_STORE_GSP_URL`` override
each URL (GraphDB: ``…/repositories/ID`` and ``…/repositories/ID/statements``; Fuseki:
``/ds/query``, ``/ds/update``, ``/ds/data``; Virtuoso: ``/sparql``, ``/sparql-auth``,
``/sparql-graph-crud-auth``). A Graph Store URL given this way is used per graph only
(``?graph=``), as the protocol defines it: Virtuoso answers a dataset-wide N-Quads POST with
``200`` and an HTML page, loading nothing.

Credentials come only from the environment — ``INNOKG_STORE_TOKEN`` (bearer) or
``INNOKG_STORE_USER`` + ``INNOKG_STORE_PASSWORD`` — never from the URI, so they never reach a log
line, an error message or ``store.uri``. A user and password answer the server's own challenge:
HTTP Basic or Digest (Virtuoso's ``/sparql-auth`` asks for Digest), chosen per endpoint from its
``401`` answer, so a password is never sent to an endpoint that did not ask for it (Virtuoso's
anonymous ``/sparql`` keeps running as its read-only ``SPARQL`` user).

>>> e = Endpoints.from_uri("http://127.0.0.1:7878", env={})
>>> e.query, e.update, e.graph_store, e.union_params
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', {'union-default-graph': ''})
>>> e = Endpoints.from_uri("http://127.0.0.1:8890/sparql", env={})
>>> e.query == e.update == "http://127.0.0.1:8890/sparql", e.graph_store, e.union_params, e.dataset_gsp
(True, None, {}, False)
"""

from __future__ import annotations

import os
import threading
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
    dataset_gsp: bool = False
    """The Graph Store URL also takes and gives N-Quads for the whole dataset (an Oxigraph extension);
    otherwise it is used one graph at a time (``?graph=``), as the protocol defines it."""

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
            defaults = cls(f"{base}/query", f"{base}/update", f"{base}/store", {"union-default-graph": ""}, True)
        else:
            defaults = cls(uri, uri)
        gsp = env.get(ENV_GSP)
        return cls(env.get(ENV_QUERY) or defaults.query, env.get(ENV_UPDATE) or defaults.update,
                   gsp or defaults.graph_store, defaults.union_params,
                   defaults.dataset_gsp and gsp in (None, "", defaults.graph_store))


def auth_from_env(env: Mapping[str, str] = os.environ) -> httpx.Auth | None:
    """Bearer token, or a user and password (Basic or Digest, as the server asks), or None."""
    if token := env.get(ENV_TOKEN):
        return _Bearer(token)
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            raise StoreError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        return _Password(user, password)
    return None


class _Password(httpx.Auth):
    """A user and password given only to an endpoint that asks (``401``), in the scheme it names.

    The first request to an endpoint goes without credentials; a ``Basic`` challenge is answered
    with Basic credentials, a ``Digest`` challenge with httpx's Digest implementation, and the
    endpoint's scheme is remembered, so later requests authenticate at once (Digest reusing the
    server's nonce). Thread-safe: the service's query threads share one client."""

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._user, self._password = user, password
        self._schemes: dict[tuple[str, int | None, str], httpx.Auth] = {}
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request):
        key = (request.url.host, request.url.port, request.url.path)
        with self._lock:
            known = self._schemes.get(key)
        if known is not None:
            yield from self._answer(known, request)
            return
        response = yield request
        offered = {c.strip().split(" ", 1)[0].lower() for c in response.headers.get_list("www-authenticate")}
        if response.status_code != 401 or not offered & {"basic", "digest"}:
            return
        scheme = httpx.DigestAuth(self._user, self._password) if "digest" in offered else self._basic
        with self._lock:
            scheme = self._schemes.setdefault(key, scheme)
        if isinstance(scheme, httpx.DigestAuth):  # let it read the challenge this answer carries
            with self._lock:
                flow = scheme.auth_flow(request)
                next(flow)
                request = flow.send(response)
            yield request
            return
        yield from self._answer(scheme, request)

    def _answer(self, scheme: httpx.Auth, request: httpx.Request):
        with self._lock:  # Digest counts its nonce uses
            flow = scheme.auth_flow(request)
            request = next(flow)
        response = yield request
        if response.status_code == 401 and isinstance(scheme, httpx.DigestAuth):  # a stale nonce: answer afresh
            with self._lock:
                try:
                    request = flow.send(response)
                except StopIteration:
                    return
            yield request

    def __repr__(self) -> str:
        return "<user and password>"


class _Bearer(httpx.Auth):
    """``Authorization: Bearer …``; its repr hides the token."""

    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "<bearer token>"
