"""The named queries: header parsing, safe parameters, and the right rows on a small hand-built graph.

The graph is written through ``ingest.to_rdf.extraction_quads`` from hand-written extractions
(three documents, two projects), so the expected rows are known exactly: document B restates
the ERUF grant of document A, which must be counted once in every total.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.named_queries import (NamedQuery, ParameterError, QueryDefinitionError, UnknownQueryError, get_query,
                               internal_query, named_queries)
from api.rest import RESERVED_PARAMS
from graph import Change, QueryResult, open_store, python_value
from ingest.bootstrap import ensure_reference
from ingest.document import Document
from ingest.pipeline import batch_resolvers
from ingest.provenance import document_iri, provenance_quads
from ingest.to_rdf import extraction_quads
from ingest.totals import with_totals
from ontology import ids

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
VATTERN = "Testbädd Vättern"
KUSTLAB = "Kustlab Kalmar"

DOCUMENTS = [
    ("https://example.org/vattern", "Testbädd Vättern – projektbeskrivning", {
        "lang": "sv",
        "projects": [{"name": VATTERN, "aliases": ["Vätternbädden"], "start": "2020-01-01", "end": "2022-12-31",
                      "budget_sek": 5000000, "region": "Jönköpings län", "case_id": "20201234"}],
        "actors": [
            {"name": "Jönköping University", "aliases": ["JU"], "type": "University"},
            {"name": "Region Jönköpings län", "aliases": [], "type": "Region"},
            {"name": "Europeiska regionala utvecklingsfonden", "aliases": ["ERUF"], "type": "Fund"},
            {"name": "Science Park Vättern AB", "aliases": [], "type": "ScienceParkOrIncubator"},
            {"name": "Gnosjö kommun", "aliases": [], "type": "Municipality"},
            {"name": HOSTILE, "aliases": [], "type": "Company"},
        ],
        "relations": [
            {"subject": "Science Park Vättern AB", "predicate": "owns", "object": VATTERN, "amount_sek": None,
             "evidence": "Projektägare är Science Park Vättern AB."},
            {"subject": "Europeiska regionala utvecklingsfonden", "predicate": "funds", "object": VATTERN,
             "amount_sek": 2000000, "evidence": "ERUF bidrar med 2 000 000 kr."},
            {"subject": "Region Jönköpings län", "predicate": "coFinances", "object": VATTERN,
             "amount_sek": 1500000, "evidence": "Region Jönköpings län medfinansierar med 1 500 000 kr."},
            {"subject": "Gnosjö kommun", "predicate": "coFinances", "object": VATTERN, "amount_sek": 500000,
             "evidence": "Gnosjö kommun medfinansierar med 500 000 kr."},
            {"subject": "Jönköping University", "predicate": "partnerIn", "object": VATTERN, "amount_sek": None,
             "evidence": "Samverkanspart är Jönköping University (JU)."},
            {"subject": HOSTILE, "predicate": "partnerIn", "object": VATTERN, "amount_sek": None,
             "evidence": f"Även {HOSTILE} deltar."},
        ],
    }),
    ("https://example.org/vattern-nyhet", "Nyhet: Vättern får EU-pengar", {
        "lang": "sv",
        "projects": [{"name": VATTERN, "aliases": []}],
        "actors": [{"name": "ERUF", "aliases": [], "type": "Fund"},
                   {"name": "JU", "aliases": [], "type": "University"}],
        "relations": [
            {"subject": "ERUF", "predicate": "funds", "object": VATTERN, "amount_sek": 2000000,
             "evidence": "Regionalfonden ger 2 miljoner kronor till Testbädd Vättern."},
            {"subject": "JU", "predicate": "partnerIn", "object": VATTERN, "amount_sek": None,
             "evidence": "JU är partner."},
        ],
    }),
    ("javascript:alert(3)", "Kustlab Kalmar", {
        "lang": "sv",
        "projects": [{"name": KUSTLAB, "aliases": [], "start": "2016-01-01", "end": "2017-12-31",
                      "region": "Kalmar län"}],
        "actors": [
            {"name": "Regionalfondsprogram Småland och öarna", "aliases": [], "type": "Fund"},
            {"name": "Linnéuniversitetet", "aliases": [], "type": "University"},
            {"name": "Region Kalmar län", "aliases": [], "type": "Region"},
        ],
        "relations": [
            {"subject": "Linnéuniversitetet", "predicate": "owns", "object": KUSTLAB, "amount_sek": None,
             "evidence": "Linnéuniversitetet äger projektet."},
            {"subject": "Regionalfondsprogram Småland och öarna", "predicate": "funds", "object": KUSTLAB,
             "amount_sek": 800000, "evidence": "Regionalfondsprogrammet bidrar med 800 000 kr."},
            {"subject": "Region Kalmar län", "predicate": "coFinances", "object": KUSTLAB, "amount_sek": 200000,
             "evidence": "Region Kalmar län bidrar med 200 000 kr."},
        ],
    }),
]


def build_small_graph(store) -> None:
    """The three hand-written documents, each in its graph with its provenance, as ingest writes them."""
    ensure_reference(store)
    resolvers = batch_resolvers(store)
    for source, title, extraction in DOCUMENTS:
        text = f"{title}\n{extraction}"
        document = Document(identifier=source, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                            media_type="text/plain", title=title, source_url=source)
        doc = document_iri(document)
        quads = extraction_quads({"doc": source, **extraction}, doc, resolvers)
        meta = provenance_quads(document, len(quads), datetime.now(timezone.utc))
        store.commit(with_totals(store, Change(insert=quads + meta)))  # and the funding totals, as ingest does


@pytest.fixture(scope="module")
def small_store():
    store = open_store("memory:")
    build_small_graph(store)
    yield store
    store.close()


def rows(result: QueryResult) -> list[dict]:
    return [{v: python_value(t) for v, t in zip(result.variables, row)} for row in result.rows]


def run(store, name: str, **params: str) -> list[dict]:
    return rows(get_query(name).run(store, params, timeout=30))


# the library ---------------------------------------------------------------------
def test_the_library_holds_the_strategist_questions():
    assert set(named_queries()) >= {"who-funds-what", "top-funders", "partners-of-actor", "co-financing-chain",
                                    "actors-by-type-in-region", "support-system-of-region"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_is_described_in_both_languages(name):
    query = named_queries()[name]
    assert query.title.keys() >= {"en", "sv"} and query.description.keys() >= {"en", "sv"}
    for p in query.params:
        assert p.description.keys() >= {"en", "sv"}, f"{name}: parameter {p.name} lacks a Swedish description"
        assert p.name not in RESERVED_PARAMS, f"{name}: parameter {p.name} clashes with the endpoints' own names"
        assert p.kind in ("string", "integer"), f"{name}: {p.name}: iri parameters are for internal queries"


@pytest.mark.parametrize("name", ["actors", "entity", "participations", "collaborators", "projects", "sources"])
def test_internal_queries_parse(name):
    assert internal_query(name).params


def test_header_parsing():
    q = NamedQuery.parse("demo", """# title: Demo
# title@sv: Demo på svenska
# description: What it does
# param region: An area (optional)
# param@sv region: Ett område
# param year: A year (integer, default 2020)
# param actor: A name (example Linköpings universitet)
SELECT * WHERE { VALUES (?region ?year ?actor) { (UNDEF 2020 "Linköpings universitet") } }""")
    region, year, actor = q.params
    assert (region.required, region.kind, region.description) == (False, "string", {"en": "An area", "sv": "Ett område"})
    assert (year.required, year.kind, year.default) == (False, "integer", "2020")
    assert (actor.required, actor.example) == (True, "Linköpings universitet")
    assert q.title == {"en": "Demo", "sv": "Demo på svenska"}
    assert 'VALUES (?region ?year ?actor) { ("Öland" 2020 "LiU") }' \
        in q.render({"region": "Öland", "actor": "LiU"})


@pytest.mark.parametrize("text, problem", [
    ("SELECT * WHERE {}", "title"),
    ("# title: T\n# param x: X (optional)\nSELECT * WHERE { VALUES (?y) { (UNDEF) } }", "parameter clause"),
    ("# title: T\n# param x: X (sometimes)\nSELECT * WHERE { VALUES (?x) { (UNDEF) } }", "unknown option"),
    ("# title: T\n# param@sv x: X\nSELECT * WHERE {}", "without"),
])
def test_malformed_headers_are_refused(text, problem):
    with pytest.raises(QueryDefinitionError, match=problem):
        NamedQuery.parse("bad", text)


def test_unknown_and_missing_parameters_are_clear_errors():
    with pytest.raises(ParameterError, match="unknown parameter.*colour.*known: funder, region"):
        get_query("who-funds-what").render({"colour": "blue"})
    with pytest.raises(ParameterError, match="needs the parameter 'actor'"):
        get_query("partners-of-actor").render({})
    with pytest.raises(ParameterError, match="must be an integer"):
        get_query("top-funders").render({"from": "2020; DROP ALL"})
    with pytest.raises(UnknownQueryError, match="who-funds-what"):
        get_query("who-pays")


def test_the_files_run_as_they_are_with_their_examples():
    """A call with the examples is the file itself, less the ``#if`` lines of parameters not given."""
    for query in named_queries().values():
        examples = {p.name: p.example for p in query.params if p.required}
        rendered = query.render(examples)
        assert rendered == query.without_unbound(query.bind(examples))
        kept = [line for line in query.sparql.splitlines() if line not in rendered.splitlines()]
        assert all(line.rstrip().split("#if ")[-1] in {p.name for p in query.params} for line in kept), kept


def test_if_lines_are_dropped_only_without_their_parameter():
    q = NamedQuery.parse("demo", "# title: Demo\n# param region: An area (optional)\n"
                                 "SELECT ?x WHERE { VALUES (?region) { (UNDEF) }\n  ?x ?y ?region .  #if region\n}")
    assert "?x ?y ?region" not in q.render({})
    assert '?x ?y ?region .  #if region' in q.render({"region": "Öland"}) and '("Öland")' in q.render({"region": "Öland"})
    with pytest.raises(QueryDefinitionError, match="'#if colour' names no parameter"):
        NamedQuery.parse("bad", "# title: T\nSELECT * WHERE {\n ?s ?p ?o  #if colour\n}")


@pytest.mark.parametrize("name, params", [("who-funds-what", {}), ("who-funds-what", {"region": "SE21", "fund": "ERUF"}),
                                          ("top-funders", {"from": "2019"}), ("top-funders", {"fund": "ERUF", "to": "2022"})])
def test_the_file_as_it_is_means_what_a_call_means(small_store, name, params):
    """With every ``#if`` line kept, an unbound parameter filters nothing: ``innokg query -f FILE``
    and a call without parameters give the same rows, and a bound one the same as the short text."""
    query = get_query(name)
    values = query.bind(params)
    whole = query.sparql.replace(query._values_clause, query._values(values))
    assert rows(small_store.query(whole)) == run(small_store, name, **params)


# safety ------------------------------------------------------------------------------
ECHO = NamedQuery.parse("echo", "# title: Echo\n# param text: Anything (example x)\n"
                                'SELECT ?text WHERE { VALUES (?text) { ("x") } }')


@pytest.fixture(scope="module")
def empty_store():
    store = open_store("memory:")
    yield store
    store.close()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_one_literal(empty_store, text):
    """Whatever a user types comes back unchanged as the value of one literal: it never breaks
    the query's syntax, never adds a clause."""
    result = ECHO.run(empty_store, {"text": text} if text else {"text": "x"})
    assert [row[0].value for row in result.rows] == [text or "x"]


@pytest.mark.parametrize("hostile", ['" } ; DROP ALL ; #', '") } } INSERT DATA { <a:b> <c:d> "e" } #',
                                     "\\\" } #", "'''", "\n}\nDELETE WHERE { ?s ?p ?o }", "?region", "<http://x>"])
def test_injection_attempts_are_plain_names(small_store, hostile):
    before = small_store.count()
    assert run(small_store, "who-funds-what", funder=hostile) == []
    assert run(small_store, "partners-of-actor", actor=hostile) == []
    assert small_store.count() == before
    assert [r["text"] for r in rows(ECHO.run(small_store, {"text": hostile}))] == [hostile]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_integer_parameters_take_integers_only(empty_store, text):
    try:
        sparql = get_query("top-funders").render({"from": text})
    except ParameterError:
        return
    assert text == "" or str(int(text)) in sparql  # empty means "not given"
    empty_store.query(sparql)


# the answers on the small graph --------------------------------------------------------
def test_who_funds_what_one_row_per_document_and_totals_counted_once(small_store):
    found = run(small_store, "who-funds-what")
    eruf = [r for r in found if r["funder"] == "Europeiska regionala utvecklingsfonden"]
    assert sorted(r["source"] for r in eruf) == ["https://example.org/vattern", "https://example.org/vattern-nyhet"]
    assert {r["amount"] for r in eruf} == {2000000} and {r["funderTotal"] for r in eruf} == {2000000}
    totals = {r["funder"]: r["funderTotal"] for r in found}
    assert totals == {"Europeiska regionala utvecklingsfonden": 2000000, "Region Jönköpings län": 1500000,
                      "Regionalfondsprogram Småland och öarna": 800000, "Gnosjö kommun": 500000,
                      "Region Kalmar län": 200000}
    assert [r["funder"] for r in found][0] == "Europeiska regionala utvecklingsfonden"  # largest total first


@pytest.mark.parametrize("params, funders", [
    ({"region": "Kalmar län"}, {"Regionalfondsprogram Småland och öarna", "Region Kalmar län"}),
    ({"region": "se21"}, {"Europeiska regionala utvecklingsfonden", "Region Jönköpings län", "Gnosjö kommun",
                          "Regionalfondsprogram Småland och öarna", "Region Kalmar län"}),
    ({"region": "Småland med öarna"}, {"Europeiska regionala utvecklingsfonden", "Region Jönköpings län",
                                       "Gnosjö kommun", "Regionalfondsprogram Småland och öarna", "Region Kalmar län"}),
    ({"region": "Gnosjö"}, set()),  # the projects run county-wide, not in one municipality
    ({"fund": "ERUF"}, {"Europeiska regionala utvecklingsfonden", "Regionalfondsprogram Småland och öarna"}),
    ({"fund": "ERUF Småland och öarna"}, {"Regionalfondsprogram Småland och öarna"}),
    ({"funder": "region jönköpings län"}, {"Region Jönköpings län"}),
    ({"funder": "ERUF"}, {"Europeiska regionala utvecklingsfonden"}),
    ({"from": "2019"}, {"Europeiska regionala utvecklingsfonden", "Region Jönköpings län", "Gnosjö kommun"}),
    ({"to": "2017"}, {"Regionalfondsprogram Småland och öarna", "Region Kalmar län"}),
    ({"from": "2018", "to": "2019"}, set()),
    ({"region": "Jönköpings län", "fund": "ERUF", "from": "2022"}, {"Europeiska regionala utvecklingsfonden"}),
])
def test_who_funds_what_filters(small_store, params, funders):
    assert {r["funder"] for r in run(small_store, "who-funds-what", **params)} == funders


def test_filtered_totals_follow_the_filter(small_store):
    found = run(small_store, "who-funds-what", fund="ERUF")
    assert {(r["funder"], r["funderTotal"]) for r in found} == {
        ("Europeiska regionala utvecklingsfonden", 2000000), ("Regionalfondsprogram Småland och öarna", 800000)}


def test_top_funders_counts_a_restated_grant_once(small_store):
    found = run(small_store, "top-funders")
    assert [(r["funder"], r["sek"], r["grants"], r["projects"]) for r in found] == [
        ("Europeiska regionala utvecklingsfonden", 2000000, 1, 1), ("Region Jönköpings län", 1500000, 1, 1),
        ("Regionalfondsprogram Småland och öarna", 800000, 1, 1), ("Gnosjö kommun", 500000, 1, 1),
        ("Region Kalmar län", 200000, 1, 1)]
    assert sum(r["sek"] for r in found) == 5000000
    assert [r["funder"] for r in run(small_store, "top-funders", region="Kalmar län")] == [
        "Regionalfondsprogram Småland och öarna", "Region Kalmar län"]


def test_partners_of_an_actor_found_by_an_abbreviation(small_store):
    found = run(small_store, "partners-of-actor", actor="ju")
    assert {r["project"] for r in found} == {VATTERN} and {r["role"] for r in found} == {"partner"}
    assert {(r["partner"], r["partnerRole"]) for r in found} == {
        ("Science Park Vättern AB", "owner"), ("Europeiska regionala utvecklingsfonden", "funder"),
        ("Region Jönköpings län", "co-financier"), ("Gnosjö kommun", "co-financier"), (HOSTILE, "partner")}


def test_co_financing_chain_in_order_and_each_amount_once(small_store):
    found = run(small_store, "co-financing-chain", project="vätternbädden")  # an alias finds it too
    assert [(r["step"], r["role"], r["actor"], r["amount"], r["documents"]) for r in found] == [
        (1, "funder", "Europeiska regionala utvecklingsfonden", 2000000, 2),
        (2, "co-financier", "Region Jönköpings län", 1500000, 1),
        (2, "co-financier", "Gnosjö kommun", 500000, 1),
        (3, "owner", "Science Park Vättern AB", None, 1),
        (5, "partner", HOSTILE, None, 1),
        (5, "partner", "Jönköping University", None, 2),
    ]
    assert sum(r["amount"] or 0 for r in found) == 4000000
    chain = run(small_store, "co-financing-chain", project=KUSTLAB)
    assert chain[0]["programmeOf"] == "Europeiska regionala utvecklingsfonden"


def test_actors_by_type_in_a_region(small_store):
    found = run(small_store, "actors-by-type-in-region", region="Jönköpings län", type="lärosäte")
    assert [(r["type"], r["actor"], r["projects"]) for r in found] == [("university", "Jönköping University", 1)]
    everyone = run(small_store, "actors-by-type-in-region", region="Kalmar län")
    assert {"Linnéuniversitetet", "Region Kalmar län", "Kalmar kommun"} <= {r["actor"] for r in everyone}
    assert "Jönköping University" not in {r["actor"] for r in everyone}


def test_support_system_of_a_region(small_store):
    found = run(small_store, "support-system-of-region", region="Kalmar län")
    assert [(r["actor"], r["role"], r["sek"]) for r in found] == [
        ("Regionalfondsprogram Småland och öarna", "funder", 800000),
        ("Region Kalmar län", "co-financier", 200000),
        ("Linnéuniversitetet", "owner", None)]
    nuts = run(small_store, "support-system-of-region", region="SE21")
    assert sum(r["sek"] or 0 for r in nuts) == 5000000  # the restated ERUF grant once


# the command line ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def innokg(tmp_path_factory):
    """The CLI on an on-disk store holding the small graph; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from api.cli import app

    path = tmp_path_factory.mktemp("cli") / "store"
    store = open_store(f"oxigraph:{path}")
    build_small_graph(store)
    store.close()

    def invoke(*args: str):
        result = CliRunner().invoke(app, ["--store", f"oxigraph:{path}", *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_cli_lists_the_questions(innokg):
    code, out, _ = innokg("queries", "--format", "json")
    listed = {q["name"]: q for q in json.loads(out)}
    assert code == 0 and listed["partners-of-actor"]["parameters"] == "actor (required)"
    assert listed["who-funds-what"]["parameters"] == "funder, region, fund, from (integer), to (integer)"


def test_cli_runs_a_named_query(innokg):
    code, out, err = innokg("query", "--named", "who-funds-what", "--param", "region=Kalmar län", "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("funder,role,project,amount") and len(lines) == 3
    code, out, _ = innokg("query", "--named", "partners-of-actor", "-p", "actor=JU", "-F", "json")
    assert code == 0 and {r["project"] for r in json.loads(out)} == {VATTERN}


@pytest.mark.parametrize("args, message", [
    (["--named", "who-funds-what", "--param", "colour=red"], "unknown parameter"),
    (["--named", "partners-of-actor"], "needs the parameter 'actor'"),
    (["--named", "who-pays"], "no named query 'who-pays'"),
    (["--named", "top-funders", "--param", "from"], "expected NAME=VALUE"),
    (["--named", "top-funders", "--param", "from=2020", "--param", "from=2021"], "given twice"),
    (["--named", "top-funders", "--param", "from=last year"], "must be an integer"),
    (["SELECT * {}", "--param", "a=b"], "--param goes with --named"),
    (["SELECT * {}", "--named", "top-funders"], "one of a query"),
])
def test_cli_parameter_errors_exit_2(innokg, args, message):
    code, _, err = innokg("query", *args)
    assert code == 2 and message in err


def test_who_funds_what_never_adds_currencies():
    """A funder paying in SEK and in EUR gets one total per currency, each on the rows in that currency."""
    store = open_store("memory:")
    ensure_reference(store)
    extraction = {
        "doc": "https://example.org/two-currencies", "lang": "sv",
        "projects": [{"name": "Havsbruk Öst", "aliases": []}, {"name": "Blue Coast", "aliases": []}],
        "actors": [{"name": "Vinnova", "aliases": [], "type": "GovernmentAgency"}],
        "relations": [
            {"subject": "Vinnova", "predicate": "funds", "object": "Havsbruk Öst", "amount": 300000, "currency": "SEK"},
            {"subject": "Vinnova", "predicate": "funds", "object": "Blue Coast", "amount": 20000, "currency": "EUR"},
        ],
    }
    store.commit(with_totals(store, Change(insert=extraction_quads(
        extraction, ids.document("https://example.org/two-currencies"), batch_resolvers(store)))))
    found = {(r["project"], r["currency"], r["funderTotal"]) for r in run(store, "who-funds-what", funder="Vinnova")}
    assert found == {("Havsbruk Öst", "SEK", 300000), ("Blue Coast", "EUR", 20000)}
