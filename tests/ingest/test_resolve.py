"""Entity resolution: the merges users rely on, and the separations they rely on just as much."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.curation import Curation
from ingest.pipeline import batch_resolvers
from ingest.resolve import Resolver, normalise, project_variants
from ontology import ids
from tests.conftest import reference_store


@pytest.fixture(scope="module")
def resolvers():
    return batch_resolvers(reference_store(), Curation())


def fresh(resolvers):
    """A copy of the batch resolver for actors, so tests do not learn from each other."""
    r = resolvers.actors
    return Resolver(reference=dict(r.reference), known=dict(r.known))


def test_reference_bodies_resolve_by_every_name_form(resolvers):
    actors = fresh(resolvers)
    assert actors.resolve("Linköpings kommun")[0] == ids.municipal_authority("0580")
    assert actors.resolve("Stockholms stad")[0] == ids.municipal_authority("0180")
    assert actors.resolve("Region Östergötland")[0] == ids.regional_authority("05")
    assert actors.resolve("Västra Götalandsregionen")[0] == ids.regional_authority("14")
    assert actors.resolve("Regionalfonden")[0] == actors.resolve("ERUF")[0] == ids.fund("eruf")


def test_body_and_territory_stay_apart(resolvers):
    """'Region Östergötland' is an organisation; 'Östergötlands län' is a place."""
    assert resolvers.actors.lookup("Region Östergötland") == ids.regional_authority("05")
    assert resolvers.areas.lookup("Östergötlands län") == ids.county_area("05")
    assert resolvers.areas.lookup("Östra Mellansverige") == ids.nuts_area("SE12")
    assert resolvers.areas.lookup("Region Östergötland") is None
    assert resolvers.actors.lookup("Östergötlands län") is None


def test_spelling_case_and_genitive_variants_are_one_actor(resolvers):
    actors = fresh(resolvers)
    first, label = actors.resolve("Fjällbacka Innovation AB")
    assert label == "Fjällbacka Innovation AB"  # new: its first name is its preferred label
    assert actors.resolve("Fjällbacka innovation AB") == (first, None)
    assert actors.resolve("Fjällbacka Innovation")[0] == first  # legal form dropped
    assert actors.resolve("Fjällbacka Innovations")[0] == first  # genitive


def test_abbreviation_learnt_in_one_document_resolves_later(resolvers):
    actors = fresh(resolvers)
    iri, _ = actors.resolve("Norrlands tekniska institut", ["NTI"])
    assert actors.resolve("NTI")[0] == iri


def test_names_that_differ_by_a_word_stay_apart(resolvers):
    actors = fresh(resolvers)
    a, _ = actors.resolve("Sävsjö Energi AB")
    b, _ = actors.resolve("Sävsjö Vatten AB")
    assert a != b
    assert actors.resolve("Mora kommun")[0] != actors.resolve("Orsa kommun")[0]


def test_short_abbreviations_never_fuzzy_match(resolvers):
    actors = fresh(resolvers)
    assert actors.resolve("ABCD")[0] != actors.resolve("ABCE")[0]


def test_one_project_under_two_names():
    projects = Resolver(variants=project_variants)
    iri, _ = projects.resolve("Solkraft Region Jämtland")
    assert projects.resolve("Solkraft Jämtland")[0] == iri
    assert projects.resolve("Solkraft Härjedalen")[0] != iri


def test_curation_merges_and_keeps_apart(resolvers):
    store = reference_store()
    curation = Curation(same=(("Norrlands tekniska institut", "NTI", "Northern Institute of Technology"),),
                        distinct=(("Sävsjö Energi AB", "Sävsjö Energi och Vatten AB"),))
    actors = batch_resolvers(store, curation).actors
    iri, label = actors.resolve("Northern Institute of Technology")
    assert label == "Norrlands tekniska institut"  # a curated new entity is named by the curation
    assert actors.resolve("NTI") == (iri, None)
    a, _ = actors.resolve("Sävsjö Energi AB")
    assert actors.resolve("Sävsjö Energi och Vatten AB")[0] != a


def test_curation_attaches_new_names_to_reference_entities(resolvers):
    actors = batch_resolvers(reference_store(), Curation(same=(("Region Östergötland", "RÖ"),))).actors
    assert actors.resolve("RÖ")[0] == ids.regional_authority("05")


@given(st.text(max_size=60))
def test_normalise_is_idempotent_and_never_fails(text):
    once = normalise(text)
    assert normalise(once) == once
