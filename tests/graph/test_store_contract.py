"""The store contract: every implementation must pass these (rdflib's make_graph pattern)."""

from __future__ import annotations

import io
import threading

import pyoxigraph as ox
import pytest

from graph import (Change, ExportFormat, QuerySyntaxError, QueryTimeout, drop_graph, python_value,
                   replace_graph)

EX = "http://example.org/"


def node(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def version_quads(graph: ox.NamedNode, version: str, n: int) -> list[ox.Quad]:
    return [ox.Quad(node(f"s{i}"), node("version"), ox.Literal(version), graph) for i in range(n)]


def graph_versions(store, graph) -> list[tuple[str, int]]:
    r = store.query(f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s {node('version')} ?v }} }} GROUP BY ?v")
    return sorted((row[0].value, python_value(row[1])) for row in r.rows)


def test_replace_graph_swaps_content_and_leaves_other_graphs(store):
    g1, g2 = node("g1"), node("g2")
    replace_graph(store, g1, version_quads(g1, "a", 5))
    replace_graph(store, g2, version_quads(g2, "x", 3))
    replace_graph(store, g1, version_quads(g1, "b", 2))
    assert graph_versions(store, g1) == [("b", 2)]
    assert graph_versions(store, g2) == [("x", 3)]
    assert store.count() == 5 and store.count(g1) == 2
    assert store.graphs() == [g1, g2]


def test_drop_graph_removes_only_that_graph(store):
    g1, g2 = node("g1"), node("g2")
    store.commit(Change(insert=version_quads(g1, "a", 4) + version_quads(g2, "b", 4)))
    drop_graph(store, g1)
    assert store.graphs() == [g2]
    drop_graph(store, node("never-there"))  # dropping a missing graph is not an error
    assert store.count() == 4


def test_forget_subjects_removes_one_description_in_one_graph(store):
    meta, other = node("meta"), node("other")
    store.commit(Change(insert=[
        ox.Quad(node("d1"), node("p"), ox.Literal("1"), meta),
        ox.Quad(node("d2"), node("p"), ox.Literal("2"), meta),
        ox.Quad(node("d1"), node("p"), ox.Literal("kept"), other),
    ]))
    store.commit(Change(forget_subjects=[(meta, node("d1"))]))
    remaining = store.query("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s")
    assert [(g.value, s.value) for g, s in remaining.rows] == [(EX + "meta", EX + "d2"), (EX + "other", EX + "d1")]


def test_delete_removes_those_quads_before_the_insert_of_the_same_commit(store):
    """How an import replaces totals entries: stale quads out, new ones in, one commit; a quad
    both deleted and inserted stays, one not there is no error."""
    g, other = node("g"), node("other")
    a, b, c = (ox.Quad(node(s), node("p"), ox.Literal("é \"1\"", language="sv"), g) for s in "abc")
    kept = ox.Quad(node("a"), node("p"), ox.Literal("é \"1\"", language="sv"), other)
    store.commit(Change(insert=[a, b, kept]))
    store.commit(Change(delete=[a, b, c], insert=[b, ox.Quad(node("d"), node("p"), ox.Literal("2"), g)]))
    rows = store.query("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s").rows
    assert [(r[0].value, r[1].value) for r in rows] == [(EX + "g", EX + "b"), (EX + "g", EX + "d"), (EX + "other", EX + "a")]


def test_refresh_operations_run_after_the_inserts_in_the_same_commit(store):
    """Derived data (the funding totals) is recomputed from what the change wrote, atomically."""
    data, derived = node("data"), node("derived")
    count = (f"INSERT {{ GRAPH {derived} {{ {node('all')} {node('count')} ?n }} }} "
             f"WHERE {{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {data} {{ ?s ?p ?o }} }} }}")
    store.commit(Change(insert=version_quads(data, "a", 3), refresh=[count]))
    assert store.query(f"SELECT ?n WHERE {{ GRAPH {derived} {{ ?s {node('count')} ?n }} }}").scalar() == 3
    before = store.count()
    with pytest.raises(Exception):  # a broken refresh: nothing of the change is applied
        store.commit(Change(insert=version_quads(data, "b", 2), refresh=["INSERT { this is not SPARQL"]))
    assert store.count() == before and graph_versions(store, data) == [("a", 3)]


def test_queries_see_the_union_of_named_graphs_by_default(store):
    store.commit(Change(insert=version_quads(node("g1"), "a", 2) + version_quads(node("g2"), "b", 3)))
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").scalar() == 5
    only_g2 = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[node("g2")])
    assert only_g2.scalar() == 3
    named = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[node("g1")])
    assert [r[0] for r in named.rows] == [node("g1")]


def test_common_prefixes_are_predeclared(store):
    store.commit(Change(insert=[ox.Quad(node("a"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                                        ox.Literal("Linköpings universitet", language="sv"), node("g"))]))
    r = store.query('SELECT ?l WHERE { ?a skos:prefLabel ?l }')
    assert r.rows[0][0] == ox.Literal("Linköpings universitet", language="sv")


def test_ask_and_construct(store):
    store.commit(Change(insert=version_quads(node("g"), "a", 2)))
    assert store.query(f"ASK {{ ?s {node('version')} 'a' }}").boolean is True
    assert store.query(f"ASK {{ ?s {node('version')} 'zzz' }}").boolean is False
    constructed = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert constructed.kind == "graph" and len(constructed.triples) == 2


def test_malformed_query_reports_parser_position(store):
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        store.query("SELECT ?x WHERE { ?x ?p }")


def test_updates_are_refused_by_query(store):
    with pytest.raises(QuerySyntaxError):
        store.query(f"INSERT DATA {{ {node('s')} {node('p')} {node('o')} }}")
    assert store.count() == 0


def test_max_rows_truncates_and_says_so(store):
    store.commit(Change(insert=version_quads(node("g"), "a", 50)))
    r = store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=10)
    assert len(r.rows) == 10 and r.truncated
    assert not store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=100).truncated


def test_slow_query_times_out_and_store_stays_usable(store):
    store.commit(Change(insert=version_quads(node("g"), "a", 400)))
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 6.4·10⁷ rows
    with pytest.raises(QueryTimeout, match="time limit"):
        store.query(cartesian, timeout=0.3)
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=5).scalar() == 400


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_parses_back(store, fmt):
    store.commit(Change(insert=version_quads(node("g1"), "å", 3) + version_quads(node("g2"), "å", 2)))
    buf = io.BytesIO()
    store.export(buf, fmt)
    rdf_format = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
                  "nt": ox.RdfFormat.N_TRIPLES}[fmt.value]
    parsed = list(ox.parse(buf.getvalue(), rdf_format))
    # triple formats give the union: the same (s, p, o) in two graphs appears once
    assert len(parsed) == (5 if rdf_format.supports_datasets else 3)
    assert all(q.object == ox.Literal("å") for q in parsed)


def test_readers_never_see_half_a_replacement(store):
    """Atomicity under concurrency: while one writer swaps a graph between two versions, every
    read sees exactly one complete version."""
    g = node("g")
    replace_graph(store, g, version_quads(g, "a", 300))
    stop = threading.Event()
    seen: list[list[tuple[str, int]]] = []

    def writer():
        for i in range(40):
            replace_graph(store, g, version_quads(g, "b" if i % 2 == 0 else "a", 300))
        stop.set()

    t = threading.Thread(target=writer)
    t.start()
    while not stop.is_set():
        seen.append(graph_versions(store, g))
    t.join()
    assert seen, "the reader ran no query"
    assert all(v in ([("a", 300)], [("b", 300)]) for v in seen), {tuple(v) for v in seen}
