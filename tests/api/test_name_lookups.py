"""Name lookups: a call resolves the names it is given to IRIs before running the question.

Why these tests: :meth:`NamedQuery.run` no longer evaluates the files' case-insensitive label
scans in the question; it looks the likely spellings of a name up in the indexes, scans only when
none matches, and binds the IRIs it found (api/named_queries.py). The rows must stay those of the
file's own text (:meth:`NamedQuery.render`, which keeps the scans): for any case of a name, for
names that are only alternative labels or codes, and for names that match nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, Quad

from api.named_queries import NamedQuery, QueryDefinitionError, get_query, named_queries, spellings
from graph import Change, open_store
from ontology import ids
from ontology.terms import SKOS

from .test_named_queries import build_small_graph, rows

JU = ids.organisation("Jönköping University")
VATTERN = ids.project("Testbädd Vättern")
ODD_ALIAS = "jU-KontOret"
"""An alternative label in a spelling no likely spelling of "ju-kontoret" produces: only the scan finds it."""
SHARP_S = "Straße AB"
"""Its upper case, STRASSE AB, lower-cases to "strasse ab", not "straße ab": a likely spelling that
the file's match rejects."""


@pytest.fixture(scope="module")
def store():
    """The hand-built graph of test_named_queries, plus labels that only the scan finds or rejects,
    and an area label on a blank node (which VALUES cannot hold)."""
    s = open_store("memory:")
    build_small_graph(s)
    g = ids.document("https://example.org/odd-labels")
    s.commit(Change(insert=[Quad(JU, SKOS.altLabel, Literal(ODD_ALIAS), g),
                            Quad(ids.organisation(SHARP_S), SKOS.prefLabel, Literal(SHARP_S.upper()), g),
                            Quad(BlankNode("somewhere"), SKOS.altLabel, Literal("Blankby", language="sv"), g)]))
    yield s
    s.close()


def run(store, name: str, **params: str) -> list[dict]:
    return rows(get_query(name).run(store, params, timeout=30))


def as_file(store, name: str, **params: str) -> list[dict]:
    """The rows of the text users read and copy: the file with the lookups' own scans."""
    return rows(store.query(get_query(name).render(params), timeout=30))


# where the lookups are ---------------------------------------------------------------------
@pytest.mark.parametrize("name, params", [
    ("who-funds-what", {"funder", "region", "fund"}), ("top-funders", {"region", "fund"}),
    ("partners-of-actor", {"actor"}), ("co-financing-chain", {"project"}),
    ("support-system-of-region", {"region"}), ("actors-by-type-in-region", {"region"}),
])
def test_every_name_parameter_has_a_lookup(name, params):
    """A name parameter matched without a lookup would fall back to a scan inside the question."""
    assert {lookup.param for lookup in get_query(name)._lookups} == params


def test_a_lookup_must_bind_a_declared_parameter():
    clause = 'VALUES (?name) { ("x") }'
    lookup = "{ SELECT DISTINCT ?a WHERE { %s ?a skos:prefLabel ?l . FILTER (lcase(str(?l)) = lcase(?%s)) } }"
    header = "# title: T\n# param name: A name (example x)\n"
    NamedQuery.parse("good", header + f"SELECT ?a WHERE {{ {clause} {lookup % (clause, 'name')} }}")
    with pytest.raises(QueryDefinitionError, match="name lookup of \\?colour"):
        NamedQuery.parse("bad", header + f"SELECT ?a WHERE {{ {clause} {lookup % (clause, 'colour')} }}")
    with pytest.raises(QueryDefinitionError, match="name lookup of \\?name"):
        NamedQuery.parse("bad", header + f"SELECT ?a WHERE {{ {clause} {lookup % ('', 'name')} }}")


def test_spellings_cover_cases_and_languages():
    found = {(t.value, t.language) for t in spellings("kalmar län")}
    assert {("Kalmar län", "sv"), ("Kalmar Län", None), ("KALMAR LÄN", "en"), ("kalmar län", None)} <= found


# what a call resolves to ---------------------------------------------------------------------
@pytest.mark.parametrize("name, params, bound", [
    ("partners-of-actor", {"actor": "ju"}, f"VALUES ?a {{ {JU} }}"),  # an alternative label, lower case
    ("partners-of-actor", {"actor": "JÖNKÖPING UNIVERSITY"}, f"VALUES ?a {{ {JU} }}"),
    ("co-financing-chain", {"project": "vätternbädden"}, f"VALUES ?p {{ {VATTERN} }}"),
    ("support-system-of-region", {"region": "se21"}, f"VALUES ?area {{ {ids.nuts_area('SE21')} }}"),  # a code
    ("support-system-of-region", {"region": "08"}, "VALUES ?area { <https://w3id.org/innokg/id/area/lan/08> }"),
    ("top-funders", {"fund": "eruf"}, f"VALUES ?fa {{ {ids.fund('eruf')} }}"),
    ("who-funds-what", {"region": "Nowhere at all"}, "VALUES ?ra {  }"),
])
def test_a_call_binds_the_iris_the_name_stands_for(store, name, params, bound):
    text = get_query(name).resolve(store, params)
    assert bound in text and "lcase(?" not in text


def test_a_name_of_several_areas_binds_them_all(store):
    """"Kalmar" is the municipality's name and the county's alternative label."""
    text = get_query("support-system-of-region").resolve(store, {"region": "KALMAR"})
    assert "<https://w3id.org/innokg/id/area/kommun/0880>" in text
    assert "<https://w3id.org/innokg/id/area/lan/08>" in text


def test_a_name_in_an_unusual_spelling_is_found_by_the_scan(store):
    assert ODD_ALIAS not in {t.value for t in spellings("ju-kontoret")}
    found = run(store, "partners-of-actor", actor="ju-kontoret")
    assert found and found == run(store, "partners-of-actor", actor="Jönköping University") \
        == as_file(store, "partners-of-actor", actor="JU-KONTORET")


def test_a_likely_spelling_the_case_insensitive_match_rejects_is_not_taken(store):
    """STRASSE AB is a spelling of "straße ab" (its upper case) but not the same name in lower case."""
    assert get_query("partners-of-actor").resolve(store, {"actor": "straße ab"}).count("VALUES ?a {  }") == 1
    assert as_file(store, "partners-of-actor", actor="straße ab") == []


def test_a_blank_node_keeps_the_scan(store):
    text = get_query("support-system-of-region").resolve(store, {"region": "blankby"})
    assert "lcase(?region)" in text and run(store, "support-system-of-region", region="blankby") == []


@pytest.mark.parametrize("name, params", [
    ("partners-of-actor", {"actor": "Nobody"}), ("co-financing-chain", {"project": "No such project"}),
    ("support-system-of-region", {"region": "Atlantis"}), ("who-funds-what", {"funder": "nobody", "region": "se21"}),
    ("top-funders", {"fund": "No fund"}), ("actors-by-type-in-region", {"region": "Atlantis", "type": "university"}),
])
def test_a_name_matching_nothing_gives_no_rows(store, name, params):
    assert run(store, name, **params) == []


# the same rows as the file ------------------------------------------------------------------------
CALLS = [
    ("who-funds-what", {"funder": "Region Jönköpings län"}), ("who-funds-what", {"region": "Småland med öarna"}),
    ("who-funds-what", {"fund": "ERUF", "region": "Jönköpings län"}), ("top-funders", {"region": "Kalmar"}),
    ("top-funders", {"fund": "ERUF Småland och öarna"}), ("partners-of-actor", {"actor": "JU"}),
    ("co-financing-chain", {"project": "Kustlab Kalmar"}), ("support-system-of-region", {"region": "SE21"}),
    ("actors-by-type-in-region", {"region": "Jönköpings län", "type": "lärosäte"}),
    ("actors-by-type-in-region", {"region": "Kalmar län"}),
]


@pytest.mark.parametrize("name, params", CALLS)
def test_a_call_gives_the_rows_of_the_file_in_order(store, name, params):
    found = run(store, name, **params)
    assert found and found == as_file(store, name, **params)


def _recased(text: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if flip else c for c, flip in zip(text, flips + [False] * len(text)))


@settings(max_examples=40, deadline=None)
@given(call=st.sampled_from(CALLS), flips=st.lists(st.booleans(), max_size=40), which=st.integers(0, 3))
def test_any_case_of_a_name_gives_the_same_rows(store, call, flips, which):
    """Upper, lower or any mixture of cases of each name: the rows of the name as stored."""
    name, params = call
    recased = {k: [_recased(v, flips), v.lower(), v.upper(), v.title()][which] for k, v in params.items()}
    assert run(store, name, **recased) == run(store, name, **params)


def test_every_question_with_names_is_covered():
    assert {name for name, _ in CALLS} == {n for n, q in named_queries().items() if q._lookups}
