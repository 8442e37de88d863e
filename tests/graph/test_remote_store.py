"""What only a remote store must do: endpoints and credentials from the environment, never leaked;
bulk load and export over the Graph Store Protocol; the CLI and the HTTP service on a real server.
(The store contract itself runs on the server through the ``store`` fixture's "remote" kind.)"""

from __future__ import annotations

import io
import json

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.settings import Settings
from graph import ExportFormat, StoreError, open_store
from graph.base import QueryResult
from graph.endpoints import Endpoints, auth_from_env
from graph.isolation import IsolatedStore
from graph.remote import check_cut
from tests.conftest import EXAMPLES
from tests.graph.oxigraph_server import empty_remote_store, free_port

SECRET = "s3cret-Pa55word"


def quads(n: int, graph: str = "http://example.org/g") -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                    ox.Literal(f"värde {i}"), ox.NamedNode(graph)) for i in range(n)]


@pytest.fixture
def remote(sparql_server):
    store = empty_remote_store(sparql_server)
    yield store
    store.close()


def test_endpoint_urls_can_be_overridden_one_by_one():
    env = {"INNOKG_STORE_UPDATE_URL": "http://127.0.0.1:7200/repositories/kg/statements"}
    e = Endpoints.from_uri("http://127.0.0.1:7200/repositories/kg", env=env)
    assert (e.query, e.update, e.graph_store) == ("http://127.0.0.1:7200/repositories/kg",
                                                  env["INNOKG_STORE_UPDATE_URL"], None)


def test_credentials_come_from_the_environment():
    request = httpx.Request("GET", "http://127.0.0.1/")
    next(auth_from_env({"INNOKG_STORE_TOKEN": SECRET}).auth_flow(request))
    assert request.headers["Authorization"] == f"Bearer {SECRET}"
    assert auth_from_env({}) is None


@pytest.mark.parametrize("scheme", ["Basic", "Digest"])
def test_a_password_answers_only_the_challenge_of_an_endpoint_that_asks(scheme):
    """Virtuoso's /sparql-auth asks for Digest, its /sparql for nothing: the password goes only
    where it is asked for, in the scheme asked for, and at once on later requests there."""
    seen: list[tuple[str, str | None]] = []
    challenge = {"Basic": 'Basic realm="kg"',
                 "Digest": 'Digest realm="SPARQL", nonce="abc", opaque="def", qop="auth", algorithm="MD5"'}[scheme]

    def server(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("authorization")))
        if request.url.path == "/sparql-auth" and "authorization" not in request.headers:
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        return httpx.Response(200)

    auth = auth_from_env({"INNOKG_STORE_USER": "kg", "INNOKG_STORE_PASSWORD": SECRET})
    with httpx.Client(auth=auth, transport=httpx.MockTransport(server)) as client:
        for path in ("/sparql", "/sparql-auth", "/sparql-auth", "/sparql"):
            assert client.post(f"http://127.0.0.1:8890{path}", data={"update": "x"}).status_code == 200
    assert [p for p, a in seen if a is None] == ["/sparql", "/sparql-auth", "/sparql"]
    sent = [a for p, a in seen if a is not None]
    assert len(sent) == 2 and all(a.startswith(scheme + " ") for a in sent)
    assert SECRET not in repr(auth)
    with pytest.raises(StoreError, match="both"):
        auth_from_env({"INNOKG_STORE_USER": "kg"})


def test_credentials_never_appear_in_errors(monkeypatch):
    with pytest.raises(StoreError) as in_url:
        open_store(f"http://kg:{SECRET}@127.0.0.1:7878")
    assert SECRET not in str(in_url.value)
    monkeypatch.setenv("INNOKG_STORE_USER", "kg")
    monkeypatch.setenv("INNOKG_STORE_PASSWORD", SECRET)
    with pytest.raises(StoreError, match="cannot use the SPARQL server") as refused:
        open_store(f"http://127.0.0.1:{free_port()}")  # nobody listens there
    assert SECRET not in str(refused.value) and SECRET not in repr(refused.value)


def test_bulk_load_and_export_round_trip(remote):
    remote.bulk_load(quads(250), chunk=100)
    assert remote.count() == 250 and remote.count(ox.NamedNode("http://example.org/g")) == 250
    out = io.BytesIO()
    remote.export(out, ExportFormat.NQUADS)
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == set(quads(250))


def test_max_rows_stops_reading_a_long_answer(remote):
    remote.bulk_load(quads(5000))
    r = remote.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=7)
    assert len(r.rows) == 7 and r.truncated


def test_cli_ingests_queries_and_counts_on_a_server(sparql_server):
    empty_remote_store(sparql_server).close()
    runner = CliRunner()

    def innokg(*args: str):
        result = runner.invoke(app, ["--store", sparql_server, *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    code, _, err = innokg("ingest", str(EXAMPLES))
    assert code == 0, err
    assert "5 added" in err
    code, out, err = innokg("query", "--named", "who-funds-what", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and any(r["funder"] == "Region Östergötland" for r in rows), err
    code, out, _ = innokg("stats", "--format", "json")
    assert code == 0 and json.loads(out)
    code, _, err = innokg("ingest", str(EXAMPLES))
    assert code == 0 and "5 unchanged" in err


def test_service_on_a_remote_store_answers_in_threads_uncached(remote):
    remote.bulk_load(quads(3))
    application = create_app(remote, Settings())
    assert isinstance(application.state.store, IsolatedStore) and not application.state.store.fork
    with TestClient(application) as client:
        r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert r.status_code == 200 and "etag" not in r.headers
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "3"


def test_one_commit_takes_blank_nodes_and_thousands_of_triples(remote):
    """Virtuoso refuses blank nodes in INSERT DATA and more than ~5 000 triples in one block, and
    writes blank nodes in JSON results as nodeID://…: the store adapts (scripts/virtuoso_check.sh)."""
    from graph import Change

    g, p = ox.NamedNode("http://example.org/g"), ox.NamedNode("http://example.org/p")
    b = ox.BlankNode()
    change = Change(insert=quads(6000) + [ox.Quad(ox.NamedNode("http://example.org/a"), p, b, g),
                                          ox.Quad(b, p, ox.Literal("inside"), g)])
    remote.commit(change)
    assert remote.count(g) == 6002
    rows = remote.query('SELECT ?b WHERE { <http://example.org/a> ?p ?b . ?b ?q "inside" }').rows
    assert len(rows) == 1 and isinstance(rows[0][0], ox.BlankNode)
    assert remote.query("ASK { ?s ?p 'inside' }").boolean is True


def _rows(n: int) -> QueryResult:
    return QueryResult("select", variables=["s"], rows=[(ox.NamedNode(f"http://example.org/s{i}"),) for i in range(n)])


def test_an_answer_that_reaches_the_server_row_limit_is_refused_or_marked_cut():
    with pytest.raises(StoreError, match="limit of 10,000 rows.*ResultSetMaxRows"):
        check_cut(_rows(10_000), 10_000, None, "http://server/sparql")
    assert check_cut(_rows(10_000), 10_000, 100_000, "http://server/sparql").truncated
    assert not check_cut(_rows(9_999), 10_000, None, "http://server/sparql").truncated
    assert not check_cut(_rows(10_000), None, None, "http://server/sparql").truncated  # no limit known
    graph = QueryResult("graph", triples=[q.triple for q in quads(3)])
    with pytest.raises(StoreError):
        check_cut(graph, 3, None, "http://server/sparql")
    assert check_cut(QueryResult("ask", boolean=True), 1, None, "http://server/sparql").boolean


def test_an_answer_the_server_ends_at_its_row_limit_is_never_taken_for_whole(remote):
    """Virtuoso ends a longer answer at ``[SPARQL] ResultSetMaxRows`` and answers 200 (a SELECT
    with an ``X-SPARQL-MaxRows`` header, a CONSTRUCT with nothing): a caller that needs the whole
    answer gets an error, a caller with a larger row limit of its own a result marked cut.
    scripts/virtuoso_check.sh gives its Virtuoso the packaged limit, 10 000; an Oxigraph server has none."""
    if remote.row_limit is None:
        pytest.skip("the server has no row limit of its own")
    limit = remote.row_limit
    remote.bulk_load(quads(limit + 1))
    for question in ("SELECT ?s WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        with pytest.raises(StoreError, match="ResultSetMaxRows"):
            remote.query(question)
    wide = remote.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=2 * limit)
    assert wide.truncated and len(wide.rows) == limit
    short = remote.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")
    assert len(short.rows) == 10 and not short.truncated
