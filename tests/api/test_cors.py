"""CORS: off by default; configured origins (settings, environment, ``--cors-origin``) may call
/sparql and /api from a browser, other origins get no CORS headers, and pages stay same-origin."""

from __future__ import annotations

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from graph import open_store

ALLOWED, OTHER = "https://strategi.example.se", "https://evil.example"
ASK = {"query": "ASK {}"}


@pytest.fixture(scope="module")
def client():
    store = open_store("memory:")
    with TestClient(create_app(store, Settings(cors_origins=[ALLOWED, "http://localhost:3000"]))) as c:
        yield c
    store.close()


@pytest.mark.parametrize("method, url", [("GET", "/sparql"), ("POST", "/sparql"), ("GET", "/api/queries")])
def test_an_allowed_origin_gets_the_header(client, method, url):
    response = client.request(method, url, headers={"Origin": ALLOWED},
                              **({"params": ASK} if method == "GET" and url == "/sparql" else
                                 {"data": ASK} if method == "POST" else {}))
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-credentials" not in response.headers


def test_other_origins_get_no_header(client):
    response = client.get("/sparql", params=ASK, headers={"Origin": OTHER})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_preflight(client):
    headers = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    response = client.options("/sparql", headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    refused = client.options("/sparql", headers={**headers, "Origin": OTHER})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    unsupported = client.options("/api/queries", headers={**headers, "Access-Control-Request-Method": "DELETE"})
    assert unsupported.status_code == 400


def test_pages_are_not_opened(client):
    response = client.get("/", headers={"Origin": ALLOWED})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_off_by_default():
    store = open_store("memory:")
    with TestClient(create_app(store, Settings())) as c:
        response = c.get("/sparql", params=ASK, headers={"Origin": ALLOWED})
    store.close()
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_origins_from_the_environment(monkeypatch):
    monkeypatch.setenv("INNOKG_CORS_ORIGINS", f"{ALLOWED}, http://localhost:3000 ,")
    assert Settings.from_env().cors_origins == [ALLOWED, "http://localhost:3000"]
    assert Settings.from_env(cors_origins=[OTHER]).cors_origins == [OTHER]


def test_serve_takes_repeated_cors_origin_options(monkeypatch):
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: served.append(app))
    result = CliRunner().invoke(cli, ["--store", "memory:", "serve", "--cors-origin", ALLOWED,
                                      "--cors-origin", "http://localhost:3000"])
    assert result.exit_code == 0, result.output
    assert served[0].state.settings.cors_origins == [ALLOWED, "http://localhost:3000"]
    assert "CORS" in result.output
