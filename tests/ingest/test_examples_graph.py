"""What `innokg ingest examples/` must give (issue 4's acceptance): right, merged, traceable facts."""

from __future__ import annotations

import pytest

from graph import python_value
from ingest.pipeline import ingest_paths
from ontology import ids
from tests.conftest import reference_store


@pytest.fixture
def store(examples_store):
    return examples_store


def rows(store, sparql):
    return [tuple(python_value(t) for t in r) for r in store.query(sparql).rows]


def test_who_funds_what_gives_region_ostergotland_with_amount_source_and_sentence(store):
    found = rows(store, f"""SELECT ?amount ?currency ?path ?evidence WHERE {{
        ?f a ikg:Funding ; ikg:actor {ids.regional_authority("05")} ; ikg:project ?p ;
           ikg:amount ?amount ; ikg:currency ?currency ; ikg:evidence ?evidence ; prov:wasDerivedFrom ?doc .
        ?p dcterms:title "Logistikkluster Region Östergötland" .
        ?doc ikg:sourcePath ?path }}""")
    assert len(found) == 1
    amount, currency, path, evidence = found[0]
    assert (amount, currency) == (1900000, "SEK")
    assert path.endswith("000_06a0d4085e4286c9.txt")
    assert "1 900 000" in evidence


def test_linkopings_universitet_is_one_node_with_both_spellings(store):
    found = rows(store, """SELECT DISTINCT ?a ?alt WHERE { ?a a ikg:University ; skos:altLabel ?alt .
                           FILTER(LCASE(STR(?alt)) = "linköpings universitet") }""")
    assert len({a for a, _ in found}) == 1
    assert {alt for _, alt in found} == {"Linköpings universitet", "Linköpings Universitet"}


def test_logistikkluster_is_one_project_with_facts_from_two_documents(store):
    found = rows(store, """SELECT ?p (COUNT(DISTINCT ?g) AS ?documents) WHERE {
        ?p a ikg:Project ; dcterms:title ?t . FILTER(STRSTARTS(?t, "Logistikkluster"))
        GRAPH ?g { ?p a ikg:Project } } GROUP BY ?p""")
    assert len(found) == 1 and found[0][1] == 2


def test_cleantech_ostergotland_is_funded_by_the_two_municipalities(store):
    found = rows(store, """SELECT DISTINCT ?funder WHERE { ?c skos:altLabel "Cleantech Östergötland" .
                           ?funder ikg:funds ?c }""")
    assert set(found) == {(ids.municipal_authority("0580").value,), (ids.municipal_authority("0581").value,)}


def test_focus_industry_spets_partners_funds_and_regions(store):
    def names(role):
        return {r[0] for r in rows(store, f"""SELECT DISTINCT ?name WHERE {{
            ?p dcterms:title "Focus Industry Spets" . ?r ikg:project ?p ; ikg:role {role} ; ikg:actor ?a .
            ?a skos:prefLabel ?name . FILTER(lang(?name) IN ("sv", "")) }}""")}
    assert len(names("ikg:Partner")) == 5
    assert {"Region Dalarna", "Region Gävleborg", "Region Värmland"} <= names("ikg:CoFinancier")
    assert "REACT-EU" in names("ikg:Funder")
    assert any("regionalfond" in n.casefold() or "eruf" in n.casefold() for n in names("ikg:Funder"))


def test_every_participation_has_evidence_and_a_document(store):
    missing = rows(store, """SELECT ?r WHERE { ?r a ikg:Participation .
        FILTER NOT EXISTS { ?r ikg:evidence ?e ; prov:wasDerivedFrom ?d . ?d a ikg:Document } }""")
    assert missing == []


def test_conflicting_amounts_from_two_documents_are_both_kept(tmp_path):
    store = reference_store()
    text = ("SOURCE: https://example.org/{n}\n\nProjektet Grön Hamn\n\nProjektägare: Karlshamns kommun\n"
            "Region Blekinge medfinansierar projektet Grön Hamn med {amount} kr.\n")
    for n, amount in ((1, "500 000"), (2, "650 000")):
        (tmp_path / f"{n}.txt").write_text(text.format(n=n, amount=amount), encoding="utf-8")
    ingest_paths(store, [tmp_path])
    found = rows(store, f"""SELECT ?amount ?src WHERE {{ GRAPH ?g {{ ?f ikg:actor {ids.regional_authority("10")} ;
        ikg:amount ?amount }} ?g dcterms:source ?src }} ORDER BY ?amount""")
    assert found == [(500000, "https://example.org/1"), (650000, "https://example.org/2")]
