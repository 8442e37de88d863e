"""The S3 vocabularies: SKOS with Swedish and English labels, definitions and keywords; regional
strength-area files map onto the common themes; everything is loaded with the reference data."""

from __future__ import annotations

import pytest
import rdflib

from ontology import s3
from ontology.s3 import S3Error, load_s3
from ontology.terms import IKG
from tests.conftest import reference_store


@pytest.mark.parametrize("concept", [*load_s3().themes, *load_s3().functions], ids=lambda c: c.notation)
def test_every_concept_has_labels_definitions_and_keywords_in_both_languages(concept):
    assert {"sv", "en"} <= dict(concept.labels).keys()
    assert {"sv", "en"} <= dict(concept.definitions).keys()
    if concept in load_s3().themes:
        assert {"sv", "en"} <= {lang for lang, _ in concept.keywords}


def test_functions_name_the_actor_types_that_carry_them():
    vocab = load_s3()
    assert {f.notation for f in vocab.functions} == {"funding", "incubation", "cluster", "testbed", "research",
                                                     "advice", "policy"}
    assert vocab.function("incubation").actor_types == (IKG.ScienceParkOrIncubator.value,)
    known = {t.value for t in IKG.declared().values()}
    assert all(t in known for f in vocab.functions for t in f.actor_types)


@pytest.mark.parametrize("path", [s3.THEMES_TTL, s3.FUNCTIONS_TTL], ids=lambda p: p.name)
def test_vocabulary_files_use_only_declared_ontology_terms(path):
    g = rdflib.Graph().parse(path, format="turtle", publicID="https://w3id.org/innokg/id/")
    used = {str(t) for triple in g for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(IKG.NS)}
    assert used <= {t.value for t in IKG.declared().values()}


def test_regional_schemes_map_onto_common_themes():
    vocab = load_s3()
    scheme = vocab.scheme_of("05")
    themes = {t.iri for t in vocab.themes}
    assert scheme is not None and scheme.areas
    assert all(a.themes and set(a.themes) <= themes for s in vocab.schemes for a in s.areas)


@pytest.mark.parametrize("content, problem", [
    ('region = "Atlantis"\n', "not a county"),
    ('region = "05"\n[[area]]\nid = "x"\nsv = "X"\nthemes = ["rockets"]\n', "common themes"),
    ('[[area]]\nid = "x"\n', "needs region"),
])
def test_bad_regional_files_are_clear_errors(tmp_path, content, problem):
    f = tmp_path / "99-bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(S3Error, match=problem) as info:
        s3._scheme(f, {t.notation: t.iri for t in load_s3().themes})
    assert str(f) in str(info.value)


def test_vocabularies_are_in_the_reference_graph():
    store = reference_store()
    rows = store.query(f"""SELECT ?label WHERE {{ ?t a {IKG.Theme} ; <http://www.w3.org/2004/02/skos/core#notation> "logistics" ;
        <http://www.w3.org/2004/02/skos/core#prefLabel> ?label . FILTER (lang(?label) = "sv") }}""").rows
    assert [r[0].value for r in rows] == ["Logistik och transporter"]
    assert store.query(f"ASK {{ ?a a {IKG.StrengthArea} ; <http://www.w3.org/2004/02/skos/core#closeMatch> ?t . ?t a {IKG.Theme} }}").boolean
