"""The reference data as RDF (counted with SPARQL) and as the resolution gazetteer."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph
import pytest

from ontology import ids
from ontology.reference import load_reference, ontology_quads, reference_quads
from ontology.terms import IKG, RDF, SKOS, sparql_prologue


@pytest.fixture(scope="module")
def quads() -> list[pyoxigraph.Quad]:
    return reference_quads()


@pytest.fixture(scope="module")
def store(quads) -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.extend(quads)
    s.extend(ontology_quads())
    return s


@pytest.fixture(scope="module")
def labels():
    return load_reference().labels()


def ask(store: pyoxigraph.Store, where: str) -> bool:
    return bool(store.query(sparql_prologue() + f"ASK {{ {where} }}", use_default_graph_as_union=True))


def count(store: pyoxigraph.Store, where: str) -> int:
    rows = list(store.query(sparql_prologue() + f"SELECT (COUNT(DISTINCT ?x) AS ?n) {{ {where} }}",
                            use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


# --------------------------------------------------------------------------- counts
@pytest.mark.parametrize(("cls", "expected"), [
    (IKG.MunicipalityArea, 290), (IKG.Municipality, 290), (IKG.County, 21),
    (IKG.RegionalAuthority, 21), (IKG.NutsRegion, 8), (IKG.Country, 1), (IKG.Fund, 66),
])
def test_counts_by_type(store, cls, expected):
    assert count(store, f"?x a <{cls.value}>") == expected


def test_county_boards(store):
    assert count(store, "?x a ikg:GovernmentAgency ; ikg:jurisdiction/a ikg:County") == 21
    assert count(store, "?x a ikg:GovernmentAgency ; ikg:governs ?a") == 0, "state bodies govern nothing"


def test_every_quad_in_reference_graph(quads):
    assert {q.graph_name for q in quads} == {ids.REFERENCE_GRAPH}
    assert len(quads) == len(set(quads)), "duplicate quads"


def test_reference_codes_are_strings_with_leading_zeros():
    ref = load_reference()
    assert ref.municipality["0180"].name == "Stockholm"
    assert ref.county["01"].name == "Stockholms län"
    assert ref.municipality["0580"].lan_code == "05"
    assert ref.nuts["SE12"].lan_codes == ("03", "04", "05", "18", "19")
    assert load_reference() is ref, "read once, cached"


# --------------------------------------------------------------------------- hierarchy
def test_every_kommun_reaches_sweden_via_lan_and_nuts2(store):
    chain = f"""?x a ikg:MunicipalityArea ; skos:notation ?k ; skos:broader ?l .
        ?l a ikg:County ; skos:notation ?lk ; skos:broader ?n .
        ?n a ikg:NutsRegion ; skos:broader <{ids.SWEDEN.value}> .
        FILTER(STRSTARTS(?k, ?lk))"""
    assert count(store, chain) == 290
    assert count(store, f"?x a ikg:MunicipalityArea ; skos:broader+ <{ids.SWEDEN.value}>") == 290


def test_narrower_mirrors_broader(store):
    assert not ask(store, "?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a }")
    assert not ask(store, "?b skos:narrower ?a FILTER NOT EXISTS { ?a skos:broader ?b }")


def test_areas_have_one_notation_and_prefLabel_per_language(store):
    assert not ask(store, "?x a/rdfs:subClassOf* ikg:Area ; skos:notation ?a, ?b FILTER(?a != ?b)")
    assert not ask(store, "?x skos:prefLabel ?a, ?b FILTER(?a != ?b && LANG(?a) = LANG(?b))")
    assert not ask(store, "?x skos:prefLabel ?l ; skos:altLabel ?l")


def test_each_scheme_member_is_in_the_right_scheme(store):
    for cls, scheme, n in ((IKG.MunicipalityArea, IKG.Kommuner, 290), (IKG.County, IKG.Lan, 21),
                           (IKG.NutsRegion, IKG.Nuts2, 8), (IKG.Country, IKG.Countries, 1)):
        assert count(store, f"?x a <{cls.value}> ; skos:inScheme <{scheme.value}> ; skos:topConceptOf ?s") == n


def test_bodies_point_to_their_territory(store, quads):
    stockholm = pyoxigraph.Quad(ids.municipal_authority("0180"), IKG.jurisdiction,
                                ids.municipality_area("0180"), ids.REFERENCE_GRAPH)
    assert stockholm in quads
    assert count(store, "?x a ikg:Municipality ; ikg:jurisdiction/a ikg:MunicipalityArea ; "
                        "ikg:governs ?a ; ikg:locatedIn ?a") == 290
    assert not ask(store, "?x a ikg:MunicipalityArea ; a ?c FILTER(?c IN (ikg:Municipality, ikg:RegionalAuthority))")


def test_municipal_authority_labels(store):
    assert ask(store, f"""<{ids.municipal_authority("0180").value}> skos:prefLabel "Stockholms stad"@sv ;
                           skos:altLabel "Stockholms kommun"@sv""")
    assert ask(store, f"""<{ids.municipality_area("0180").value}> skos:prefLabel "Stockholm"@sv""")


# --------------------------------------------------------------------------- Gotland
def test_gotland_is_both_municipality_area_and_county(store):
    assert ask(store, f"<{ids.municipality_area('0980').value}> a ikg:MunicipalityArea ; "
                      f"skos:broader <{ids.county_area('09').value}>")
    assert ask(store, f"<{ids.county_area('09').value}> a ikg:County")


def test_region_gotland_is_one_body_with_both_mandates(store, quads, labels):
    gotland = ids.municipal_authority("0980")
    assert load_reference().county["09"].authority == gotland
    assert ask(store, f"""<{gotland.value}> a ikg:Municipality, ikg:RegionalAuthority ;
        skos:prefLabel "Region Gotland"@sv ;
        ikg:governs <{ids.municipality_area('0980').value}>, <{ids.county_area('09').value}>""")
    assert ids.regional_authority("09") not in {t for q in quads for t in (q.subject, q.object)}
    assert labels["region gotland"] == labels["gotlands kommun"] == gotland
    assert count(store, f"<{gotland.value}> skos:prefLabel ?x BIND(?x AS ?y)") == 1


def test_other_counties_have_their_own_regional_authority():
    for county in load_reference().counties:
        if county.code != "09":
            assert county.authority == ids.regional_authority(county.code)


# --------------------------------------------------------------------------- labels
@pytest.mark.parametrize(("name", "iri"), [
    ("Stockholms stad", ids.municipal_authority("0180")),
    ("Region Gotland", ids.municipal_authority("0980")),
    ("Linköpings kommun", ids.municipal_authority("0580")),
    ("Västra Götalandsregionen", ids.regional_authority("14")),
    ("VGR", ids.regional_authority("14")),
    ("Göteborgs Stad", ids.municipal_authority("1480")),
    ("Orusts kommun", ids.municipal_authority("1421")),
    ("Orust kommun", ids.municipal_authority("1421")),
    ("Länsstyrelsen i Östergötlands län", ids.county_board("05")),
    ("Linköping", ids.municipality_area("0580")),
    ("Stockholm", ids.municipality_area("0180")),
    ("Gotland", ids.municipality_area("0980")),
    ("Östergötlands län", ids.county_area("05")),
    ("Östergötland", ids.county_area("05")),
    ("Östra Mellansverige", ids.nuts_area("SE12")),
    ("East Middle Sweden", ids.nuts_area("SE12")),
    ("Sydsverige", ids.nuts_area("SE22")),
    ("Sverige", ids.SWEDEN),
    ("ERUF", ids.fund("eruf")),
    ("Regionalfonden", ids.fund("eruf")),
    ("Vinnova", ids.fund("vinnova")),
    ("Interreg Aurora", ids.fund("interreg_aurora")),
    ("RUM", ids.fund("regionala_tillvaxtatgarder")),
])
def test_labels_resolve(labels, name, iri):
    assert labels[name.casefold()] == iri


def test_labels_are_casefolded_and_point_to_described_things(labels, quads):
    subjects = {q.subject for q in quads}
    assert all(k == k.casefold() for k in labels)
    assert set(labels.values()) <= subjects


def test_labels_cover_every_prefLabel(labels, quads):
    for q in quads:
        if q.predicate == SKOS.prefLabel and q.object.language == "sv":
            assert q.object.value.casefold() in labels, q


# --------------------------------------------------------------------------- funds
def test_fund_parents_exist_and_mirror_programmeOf(store):
    assert not ask(store, "?f a ikg:Fund ; skos:broader ?p FILTER NOT EXISTS { ?p a ikg:Fund }")
    assert not ask(store, "?f skos:broader ?p ; a ikg:Fund FILTER NOT EXISTS { ?f ikg:programmeOf ?p }")
    assert ask(store, f"<{ids.fund('eruf_ostra_mellansverige').value}> ikg:programmeOf <{ids.fund('eruf').value}>")
    assert ask(store, f"<{ids.fund('rum_05').value}> skos:broader+ <{ids.fund('tillvaxtverket').value}>")


def test_fund_labels_and_agencies(store):
    assert count(store, "?x a ikg:Fund ; skos:prefLabel ?sv, ?en FILTER(LANG(?sv)='sv' && LANG(?en)='en')") == 66
    assert ask(store, f"""<{ids.fund('eruf').value}> skos:altLabel "ERDF" ; skos:topConceptOf ikg:Funds""")
    assert ask(store, f"<{ids.fund('vinnova').value}> a ikg:GovernmentAgency, ikg:Fund")
    assert not ask(store, f"<{ids.fund('eruf').value}> a ikg:GovernmentAgency")


def test_reference_entities_cite_the_dataset(store):
    assert ask(store, f"<{ids.REFERENCE_DATASET.value}> a prov:Entity")
    assert not ask(store, f"""?x a ?c FILTER(?c IN (ikg:Municipality, ikg:RegionalAuthority, ikg:GovernmentAgency,
        ikg:Fund, ikg:MunicipalityArea, ikg:County, ikg:NutsRegion, ikg:Country))
        FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom <{ids.REFERENCE_DATASET.value}> }}""")


# --------------------------------------------------------------------------- ontology graph
def test_ontology_quads_give_role_labels(store):
    assert all(q.graph_name == ids.ONTOLOGY_GRAPH for q in ontology_quads())
    rows = list(store.query(sparql_prologue() + f"""SELECT ?l WHERE {{ GRAPH <{ids.ONTOLOGY_GRAPH.value}> {{
        ikg:Funder skos:prefLabel ?l FILTER(LANG(?l) = "sv") }} }}"""))
    assert [r["l"].value for r in rows] == ["finansiär"]
    assert ask(store, "ikg:University rdfs:subClassOf+ org:Organization")


# --------------------------------------------------------------------------- determinism
def test_deterministic_within_a_process(quads):
    assert reference_quads() == quads


def test_deterministic_across_processes(quads):
    """Hash seeds differ between processes, so set iteration order would show up here."""
    code = ("import sys, pyoxigraph; from ontology.reference import reference_quads; "
            "sys.stdout.buffer.write(pyoxigraph.serialize(reference_quads(), format=pyoxigraph.RdfFormat.N_QUADS))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out == pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


def test_types_written_per_kind(quads):
    area = ids.municipality_area("0580")
    types = {q.object for q in quads if q.subject == area and q.predicate == RDF.type}
    assert types == {IKG.MunicipalityArea, SKOS.Concept}
