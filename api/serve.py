"""``innokg serve``: the HTTP service (DESIGN.md §4) on the configured store, run by uvicorn.

Why its own module: the command is the one place that turns the CLI's store and options into
:class:`~api.settings.Settings` and an app; the app itself is built by :func:`api.app.create_app`.
"""

from __future__ import annotations

import time
from typing import Annotated, Optional

import typer
from pydantic import ValidationError

from .app import create_app
from .settings import Settings


def serve(ctx: typer.Context,
          host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
          query_timeout: Annotated[Optional[float], typer.Option(
              help="Seconds a query may run before it is stopped and answered 503 (default 10, or "
                   "INNOKG_QUERY_TIMEOUT).")] = None,
          max_rows: Annotated[Optional[int], typer.Option(
              help="Rows or triples a query may return; more are cut off and flagged with the header "
                   "X-Innokg-Truncated: true (default 100000, or INNOKG_MAX_ROWS).")] = None,
          cors_origin: Annotated[Optional[list[str]], typer.Option(
              help="An origin (https://example.org) whose pages may call /sparql and /api; repeat for more "
                   "(default none, or INNOKG_CORS_ORIGINS, comma-separated).")] = None,
          ) -> None:
    """Serve SPARQL (/sparql), the REST API (/api, OpenAPI at /docs) and the pages on the store."""
    import uvicorn

    from .cli import _fail, _store, err

    try:
        settings = Settings.from_env(query_timeout=query_timeout, max_rows=max_rows, cors_origins=cors_origin or None)
    except ValidationError as e:
        raise _fail(f"invalid setting: {e.errors()[0]['loc'][0]}: {e.errors()[0]['msg']}")
    store = _store(ctx)
    started = time.perf_counter()
    app = create_app(store, settings)
    served = app.state.store
    err.print(f"innokg: serving {store.uri}, {served.count()} quads in memory (ready in {time.perf_counter() - started:.1f} s); "
              f"query time limit {settings.query_timeout:g} s, at most {settings.max_rows} rows, "
              f"{settings.max_concurrent_queries} queries at once; document upload "
              + ("enabled (bearer token)" if settings.token else "disabled (set INNOKG_TOKEN to enable)"))
    if settings.cors_origins:
        err.print(f"innokg: /sparql and /api open to scripts from {', '.join(settings.cors_origins)} (CORS)")
    err.print(f"innokg: SPARQL endpoint http://{host}:{port}/sparql, API docs http://{host}:{port}/docs")
    uvicorn.run(app, host=host, port=port, log_level="info")
