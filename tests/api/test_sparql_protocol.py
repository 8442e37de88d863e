"""GET/POST /sparql against the W3C SPARQL 1.1 Protocol tests (query side), on a real memory store.

The tests named ``test_<id>`` are the requests of w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl
(entry ``:<id>``), against graphs shaped like the suite's data1–data3; each also checks what a
merely lenient server would get wrong (the dataset really used, the body in the announced type).
The suite's update tests expect updates to succeed; this endpoint is read-only by design
(DESIGN.md §4), so they are here as refusals that leave the data unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import Change, ExportFormat, open_store

DATA = "http://kasei.us/2009/09/sparql/data/"
DATA1, DATA2, DATA3 = (f"{DATA}data{i}.rdf" for i in (1, 2, 3))
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
TITLE = "http://purl.org/dc/terms/title"
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}


def quads() -> list[ox.Quad]:
    """Each graph dataN.rdf says that dataN.rdf is a foaf:Document with a title (Swedish in data3)."""
    out = []
    for i, iri in enumerate((DATA1, DATA2, DATA3), 1):
        g, s = ox.NamedNode(iri), ox.NamedNode(iri)
        out.append(ox.Quad(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(FOAF_DOCUMENT), g))
        out.append(ox.Quad(s, ox.NamedNode(TITLE), ox.Literal(f"Data {i}" if i < 3 else "Åtta & <tre>", language="sv"), g))
    return out


@pytest.fixture(scope="module")
def store():
    s = open_store("memory:")
    s.commit(Change(insert=quads()))
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, Settings(query_timeout=10)))


def media(response) -> str:
    return response.headers["content-type"].split(";")[0]


def boolean(response) -> bool:
    """The ASK answer, parsed in whatever results format the Content-Type announces."""
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML}[media(response)]
    return bool(ox.parse_query_results(response.content, fmt))


def solutions(response) -> tuple[list[str], list[dict]]:
    """Variables and rows; CSV (which pyoxigraph does not read: it is lossy) as lexical forms."""
    if media(response) == "text/csv":
        header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8"), newline=""))
        return header, [{n: SimpleNamespace(value=v) for n, v in zip(header, line) if v} for line in lines]
    fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML, "text/csv": ox.QueryResultsFormat.CSV,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}[media(response)]
    parsed = ox.parse_query_results(response.content, fmt)
    names = [v.value for v in parsed.variables]
    return names, [{n: s[n] for n in names if s[n] is not None} for s in parsed]


def graph(response) -> set[ox.Triple]:
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}[media(response)]
    return {q.triple for q in ox.parse(response.content, fmt)}


def dump(store) -> bytes:
    buf = io.BytesIO()
    store.export(buf, ExportFormat.NQUADS)
    return buf.getvalue()


def ask_true(response) -> None:
    assert 200 <= response.status_code < 400, response.text
    assert media(response) in RESULT_TYPES
    assert boolean(response) is True


# --------------------------------------------------------------------------- W3C query tests
def test_query_post_form(client):
    r = client.post(f"/sparql?default-graph-uri={DATA}data0.rdf", content="query=ASK%20%7B%7D",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    ask_true(r)


def test_query_dataset_default_graphs_get(client):
    q = f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}"
    ask_true(client.get("/sparql", params=[("query", q), ("default-graph-uri", DATA1), ("default-graph-uri", DATA2)]))
    only_one = client.get("/sparql", params=[("query", q), ("default-graph-uri", DATA1)])
    assert boolean(only_one) is False  # the default graph is the merge of the given graphs, not the union of all


def test_query_dataset_default_graphs_post(client):
    q = f"ASK {{ <{DATA1}> ?p ?o . <{DATA2}> ?p ?o }}"
    r = client.post(f"/sparql?default-graph-uri={DATA1}&default-graph-uri={DATA2}", content=q,
                    headers={"Content-Type": "application/sparql-query"})
    ask_true(r)
    r = client.post(f"/sparql?default-graph-uri={DATA3}", content=q, headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is False


def test_query_dataset_named_graphs_post(client):
    q = f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
    r = client.post(f"/sparql?named-graph-uri={DATA1}&named-graph-uri={DATA2}", content=q,
                    headers={"Content-Type": "application/sparql-query"})
    ask_true(r)
    r = client.post(f"/sparql?named-graph-uri={DATA1}", content=q, headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is False  # data2 is not among the named graphs


def test_query_dataset_named_graphs_get(client):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    r = client.get("/sparql", params=[("query", q), ("named-graph-uri", DATA1), ("named-graph-uri", DATA2)])
    assert r.status_code == 200
    _, rows = solutions(r)
    assert [row["g"].value for row in rows] == [DATA1, DATA2]


def test_query_dataset_full(client):
    q = f"""ASK {{ <{DATA3}> a ?type
                 GRAPH ?g1 {{ <{DATA1}> a ?type }}
                 GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"""
    r = client.post(f"/sparql?default-graph-uri={DATA3}&named-graph-uri={DATA1}&named-graph-uri={DATA2}", content=q,
                    headers={"Content-Type": "application/sparql-query"})
    ask_true(r)
    # named graphs given, no default graph: the default graph is empty (SPARQL 1.1 §13.2), not the union
    r = client.get("/sparql", params=[("query", f"ASK {{ <{DATA1}> ?p ?o }}"), ("named-graph-uri", DATA1)])
    assert boolean(r) is False


def test_query_multiple_dataset(client):
    """The protocol's dataset wins over the query's FROM (SPARQL 1.1 Protocol §2.1.4).

    Two versions of this test exist: the older manifest (default-graph-uri data2, FROM data1 →
    false) and the newer (named-graph-uri, FROM data3 with GRAPH patterns → true; its request URI
    percent-encodes the '&' between the two named-graph-uri parameters, read here as intended)."""
    older = client.post(f"/sparql?default-graph-uri={DATA2}", content=f"ASK FROM <{DATA1}> {{ <{DATA1}> ?p ?o }}",
                        headers={"Content-Type": "application/sparql-query"})
    assert older.status_code == 200 and boolean(older) is False
    newer = client.post(
        f"/sparql?named-graph-uri={DATA1}&named-graph-uri={DATA2}",
        content=f"ASK FROM <{DATA3}> {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}",
        headers={"Content-Type": "application/sparql-query"})
    ask_true(newer)


def test_query_get(client):
    ask_true(client.get(f"/sparql?query=ASK%20%7B%7D&default-graph-uri={DATA}data0.rdf"))


def test_query_content_type_select(client):
    r = client.post("/sparql", content="SELECT (1 AS ?value) {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and media(r) in TABULAR_TYPES
    assert solutions(r) == (["value"], [{"value": ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))}])


def test_query_content_type_ask(client):
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and media(r) in RESULT_TYPES
    assert boolean(r) is True


def test_query_content_type_describe(client):
    r = client.post("/sparql", content=f"DESCRIBE <{DATA1}>", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and media(r) in RDF_TYPES
    assert ox.Triple(ox.NamedNode(DATA1), ox.NamedNode(TITLE), ox.Literal("Data 1", language="sv")) in graph(r)
    r = client.post("/sparql", content="DESCRIBE <http://example.org/>", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and media(r) in RDF_TYPES and graph(r) == set()


def test_query_content_type_construct(client):
    r = client.post("/sparql", content="CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}",
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and media(r) in RDF_TYPES
    assert len(graph(r)) == 1


def test_query_post_direct(client):
    ask_true(client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"}))


def test_bad_query_method(client):
    r = client.put(f"/sparql?query=ASK%20%7B%7D&default-graph-uri={DATA}data0.rdf",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert 400 <= r.status_code < 500


def test_bad_multiple_queries(client):
    r = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert r.status_code == 400 and "exactly one query" in r.text
    r = client.post("/sparql?query=ASK%20%7B%7D", content="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400  # one in the URL, one in the body


def test_bad_query_wrong_media_type(client):
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_bad_query_missing_form_type(client):
    r = client.post("/sparql", content="query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert 400 <= r.status_code < 500


def test_bad_query_missing_direct_type(client):
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": ""})
    assert 400 <= r.status_code < 500


def test_bad_query_non_utf8(client):
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415
    r = client.post("/sparql", content="ASK {}".encode("utf-16"), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.text


def test_bad_query_syntax(client):
    r = client.get("/sparql?query=ASK%20%7B")
    assert r.status_code == 400
    assert r.text.startswith("malformed query: error at 1:6")  # the parser's message and position


# --------------------------------------------------------------------------- W3C update tests: refused
UPDATES = [
    ("update_post_form", "post", {"content": "update=CLEAR+ALL",
                                  "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("update_post_direct", "post", {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}),
    ("update_dataset_default_graph", "post", {"url": f"/sparql?using-graph-uri={DATA1}", "content": "CLEAR ALL",
                                              "headers": {"Content-Type": "application/sparql-update"}}),
    ("bad_update_get", "get", {"url": "/sparql?update=CLEAR%20ALL"}),
    ("bad_multiple_updates", "post", {"content": "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                                      "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("bad_update_wrong_media_type", "post", {"content": "CLEAR NAMED", "headers": {"Content-Type": "text/plain"}}),
    ("bad_update_missing_form_type", "post", {"content": "update=CLEAR%20NAMED", "headers": {"Content-Type": ""}}),
    ("bad_update_non_utf8", "post", {"content": "CLEAR NAMED".encode("utf-16"),
                                     "headers": {"Content-Type": "application/sparql-update; charset=UTF-16"}}),
    ("bad_update_syntax", "post", {"content": "update=CLEAR%20XYZ",
                                   "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("bad_update_dataset_conflict", "post", {
        "url": "/sparql?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "content": "WITH <http://example/addresses> DELETE { ?p <http://x/n> 'Bill' } WHERE { ?p <http://x/n> 'Bill' }",
        "headers": {"Content-Type": "application/sparql-update"}}),
    # not a protocol update but an update sent as a query: the query parser refuses it
    ("update_as_query", "post", {"content": f"query=DROP%20GRAPH%20%3C{DATA1}%3E",
                                 "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("update_as_direct_query", "post", {"content": f"INSERT DATA {{ <{DATA1}> <{TITLE}> 'x' }}",
                                        "headers": {"Content-Type": "application/sparql-query"}}),
]


@pytest.mark.parametrize("name, method, request_args", UPDATES, ids=[u[0] for u in UPDATES])
def test_updates_are_refused_and_change_nothing(client, store, name, method, request_args):
    before = dump(store)
    args = dict(request_args)
    r = getattr(client, method)(args.pop("url", "/sparql"), **args)
    assert 400 <= r.status_code < 500, r.text
    if name.startswith("update_"):
        assert r.status_code in (400, 403) and ("read-only" in r.text or "malformed query" in r.text)
    assert dump(store) == before
    assert len(before.splitlines()) == len(quads())


# --------------------------------------------------------------------------- content negotiation
SELECT_TITLES = f"SELECT ?doc ?title WHERE {{ ?doc <{TITLE}> ?title }} ORDER BY ?doc"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_every_results_format(client, accept):
    r = client.get("/sparql", params={"query": SELECT_TITLES}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{accept}; charset=utf-8"
    names, rows = solutions(r)
    assert names == ["doc", "title"]
    assert [row["doc"].value for row in rows] == [DATA1, DATA2, DATA3]
    title3 = rows[2]["title"]
    assert title3.value == "Åtta & <tre>"  # non-ASCII and markup characters survive every format
    if accept != "text/csv":  # CSV carries lexical forms only
        assert title3.language == "sv"


@pytest.mark.parametrize("accept", sorted(RDF_TYPES))
def test_construct_in_every_rdf_format(client, accept):
    r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ ?doc <{TITLE}> ?title }}"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{accept}; charset=utf-8"
    assert ox.Triple(ox.NamedNode(DATA3), ox.NamedNode(TITLE), ox.Literal("Åtta & <tre>", language="sv")) in graph(r)
    assert len(graph(r)) == 3


def test_defaults_without_accept(client):
    select = client.get("/sparql", params={"query": SELECT_TITLES}, headers={"Accept": ""})
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "*/*"})
    assert select.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert construct.headers["content-type"] == "text/turtle; charset=utf-8"
    assert json.loads(select.text)["head"]["vars"] == ["doc", "title"]


def test_q_values_choose_the_format(client):
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, text/*;q=0.1"
    r = client.get("/sparql", params={"query": SELECT_TITLES}, headers={"Accept": accept})
    assert media(r) == "text/csv"
    r = client.get("/sparql", params={"query": SELECT_TITLES}, headers={"Accept": "text/csv;q=0, */*;q=0.1"})
    assert media(r) == "application/sparql-results+json"
    # a browser's Accept: no results type is named, */* takes the server's default
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": browser})
    assert media(r) == "application/sparql-results+json"
    # one Accept for both forms (as SPARQLWrapper sends): each form gets its own kind of format
    both = "application/sparql-results+xml, text/turtle;q=0.9"
    assert media(client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": both})) == "application/sparql-results+xml"
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": both})
    assert media(r) == "text/turtle"


def test_not_acceptable(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})  # CSV is for SELECT only
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406 and "text/turtle" in r.text


# --------------------------------------------------------------------------- the rest of the protocol surface
def test_service_description(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and media(r) == "text/turtle"
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = graph(r)
    assert ox.NamedNode("http://testserver/sparql") in {t.object for t in triples if t.predicate.value == sd + "endpoint"}
    formats = {t.object.value for t in triples if t.predicate.value == sd + "resultFormat"}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_XML", "http://www.w3.org/ns/formats/JSON-LD"} <= formats
    assert ox.NamedNode(sd + "SPARQL11Query") in {t.object for t in triples}


def test_missing_query(client):
    assert client.get("/sparql", params={"default-graph-uri": DATA1}).status_code == 400
    r = client.post("/sparql", content="", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "missing query" in r.text


def test_graph_parameter_must_be_an_iri(client):
    r = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "default-graph-uri" in r.text


def test_predeclared_prefixes(client):
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a foaf:Document }"})
    assert solutions(r)[1][0]["n"].value == "3"


def test_federated_queries_are_refused(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text
    # the word in a string, an IRI, a comment or a variable is no SERVICE clause
    q = 'SELECT ?service WHERE { ?service <http://x/service> "SERVICE" } # SERVICE'
    assert client.get("/sparql", params={"query": q}).status_code == 200
