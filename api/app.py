"""The HTTP service: a thin factory that mounts one router per concern on one store.

Why a factory (rdflib-endpoint, datasette): tests build an app on a memory store with their own
settings; ``innokg serve`` builds one on the configured store. Routers read the store from
``request.app.state`` and never write, except the token-protected document upload.

``app.state.store`` is the store made ready to serve (:func:`graph.isolation.isolate`): each
query runs in a child process killed at its time limit, an on-disk store is read through an
in-memory replica, and writes must go through ``app.state.store`` (docs/decisions/004).
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from starlette.middleware.cors import CORSMiddleware

from graph import Store
from graph.isolation import isolate

from .documents import router as documents_router
from .linked_data import router as linked_data_router
from .map_page import router as map_router
from .pages import router as pages_router
from .pages import static_files
from .report.routes import router as report_router
from .rest import router as rest_router
from .settings import Settings
from .sparql import router as sparql_router


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="innokg", summary="Regional innovation actors, projects, regions and funds as a knowledge graph.",
                  version=_version())
    app.state.store = isolate(store, max_concurrent=settings.max_concurrent_queries,
                              queue_timeout=settings.queue_timeout)
    app.state.settings = settings
    app.include_router(map_router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(sparql_router)
    app.include_router(documents_router)
    app.include_router(rest_router)
    app.include_router(pages_router)
    app.include_router(report_router)
    app.mount("/static", static_files(), name="static")
    app.include_router(linked_data_router)  # last: its prefix (the path of the data base) may be "/"
    if settings.cors_origins:
        app.add_middleware(ApiCors, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type", "Authorization", "If-None-Match"],
                           expose_headers=["ETag", "X-Innokg-Truncated", "Retry-After"], max_age=600)

    @app.get("/health", tags=["service"])
    def health() -> dict:
        """Liveness: answers at once, whatever queries are running."""
        return {"status": "ok"}

    return app


class ApiCors:
    """Starlette's CORS for /sparql and /api only: other sites' scripts may query, while the pages
    (and their forms) stay same-origin."""

    def __init__(self, app, **options):
        self.app, self.cors = app, CORSMiddleware(app, **options)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        api = path == "/sparql" or path == "/api" or path.startswith("/api/")
        await (self.cors if api else self.app)(scope, receive, send)


class BodySizeLimit:
    """413 for a request body over ``max_bytes``: at once from Content-Length, else while it streams."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"request body over the limit of {self.max_bytes} bytes"
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_bytes:
            return await PlainTextResponse(message, 413)(scope, receive, send)
        received = 0

        async def limited_receive():
            nonlocal received
            event = await receive()
            received += len(event.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, message)
            return event

        await self.app(scope, limited_receive, send)


def _version() -> str:
    from ingest.provenance import software_version

    return software_version()
