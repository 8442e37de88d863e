"""The HTTP service: a thin factory that mounts one router per concern on one store.

Why a factory (rdflib-endpoint, datasette): tests build an app on a memory store with their own
settings; ``innokg serve`` builds one on the configured store. Routers read the store from
``request.app.state`` and never write, except the token-protected document upload.
"""

from __future__ import annotations

from fastapi import FastAPI

from graph import Store

from .settings import Settings


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="innokg", summary="Regional innovation actors, projects, regions and funds as a knowledge graph.",
                  version=_version())
    app.state.store = store
    app.state.settings = settings

    @app.get("/health", tags=["service"])
    def health() -> dict:
        """Liveness: answers at once, whatever queries are running."""
        return {"status": "ok"}

    return app


def _version() -> str:
    from ingest.provenance import software_version

    return software_version()
