"""`innokg import --force` and the S3 classification of imported projects (issue 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.cli import app
from graph import python_value
from ingest.curation import Curation, Override
from ingest.pipeline import batch_resolvers
from ingest.sources.importer import import_file
from tests.conftest import reference_store

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
SWECRIS = DATA / "swecris_projects_kth_sample.csv"
S3 = "https://w3id.org/innokg/id/s3/"

CLASSIFICATION = """SELECT ?title ?concept ?shortcut ?method ?words WHERE {
  GRAPH ?doc { ?c a ikg:Classification ; ikg:classifies ?p ; ikg:assigned ?concept ; ikg:method ?method ;
                  ikg:matchedWords ?words ; prov:wasDerivedFrom ?doc . ?p ?shortcut ?concept }
  ?p dcterms:title ?title . ?doc ikg:sourcePath ?source
} ORDER BY ?title ?concept"""


def classification(store) -> set[tuple]:
    return {tuple(python_value(t) for t in r) for r in store.query(CLASSIFICATION).rows}


def versions(store) -> list:
    return store.query("SELECT ?v WHERE { GRAPH ?m { ?v dcterms:isVersionOf ?d } }").rows


def test_imported_projects_get_themes_and_functions_with_their_words():
    store = reference_store()
    import_file(store, SWECRIS, "swecris")
    found = classification(store)
    hydrogen = "Grön vätgas och plattformskemikalier från jordbrukets sidoströmmar"
    # the title (weight 3) alone assigns a theme; the evidence is the matched words
    assert (hydrogen, S3 + "theme/energy", "https://w3id.org/innokg/ontology#theme", "keywords",
            "vätgas, hydrogen, energianvändning") in found
    # "energianvändning" is in no title: it comes from the abstract (ProjectAbstractSv, weight 1)
    assert any(r[0] == "Multisensoriskt lärande i XR" and r[1] == S3 + "theme/digital" for r in found)
    # a title without theme words, an SCB subject class "Energiteknik, Energy Engineering" (weight 3, as a category)
    led = "Understanding of novel carrier injection for efficient green and yellow LEDs"
    assert {(r[1], r[4]) for r in found if r[0] == led} == {(S3 + "theme/energy", "energiteknik, energy")}
    assert any(r[1] == S3 + "function/incubation" and r[2].endswith("#supportFunction") for r in found)
    # every classified project is a table project, classified once per file, in the file's graph
    nodes = store.query("SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ikg:assigned ?x } GROUP BY ?c HAVING (COUNT(*) > 1)").rows
    assert nodes == []


def test_cordis_acronyms_are_not_classified_but_descriptions_are(tmp_path):
    store = reference_store()
    organisations = tmp_path / "organization.csv"
    kth = (DATA / "cordis_organization_kth_constructed.csv").read_text(encoding="utf-8")
    organisations.write_text(kth.replace("TESTPROJ", "HYDROGEN"), encoding="utf-8")  # an acronym with a theme word
    import_file(store, organisations, "cordis")
    assert classification(store) == set()


def test_force_reimports_an_unchanged_file_with_the_new_curation(tmp_path):
    store = reference_store()
    copy = tmp_path / "swecris.csv"
    shutil.copy(SWECRIS, copy)
    assert import_file(store, copy, "swecris").status == "added"
    first = versions(store)
    assert import_file(store, copy, "swecris").status == "unchanged"
    curation = Curation(themes=(Override("Multisensoriskt lärande i XR", add=("logistics",), remove=("digital",)),))
    outcome = import_file(store, copy, "swecris", resolvers=batch_resolvers(store, curation), force=True)
    assert (outcome.status, outcome.rows) == ("replaced", 10)
    second = versions(store)
    assert len(second) == 1 and second != first  # the new version replaced the old one
    assert store.count(first[0][0]) == 0  # the old version graph is gone
    xr = {(r[1], r[3]) for r in classification(store) if r[0] == "Multisensoriskt lärande i XR"}
    assert xr == {(S3 + "theme/logistics", "curation")}
    # without --force the forced version counts as the current one; forcing again flips back
    assert import_file(store, copy, "swecris").status == "unchanged"
    assert import_file(store, copy, "swecris", force=True, chunk=200, single=200).status == "replaced"
    assert versions(store) == first and store.count(second[0][0]) == 0
    triples = store.query("SELECT ?n WHERE { GRAPH ?m { ?v ikg:tripleCount ?n } }").scalar()
    assert store.count(first[0][0]) == triples  # the chunked forced version is whole


def test_cli_force_and_curation(tmp_path):
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    curation = tmp_path / "curation.toml"
    curation.write_text('[[theme]]\nname = "Multisensoriskt lärande i XR"\nadd = ["food"]\n', encoding="utf-8")

    def run(*args):
        result = runner.invoke(app, ["--store", store, "import", "swecris", str(SWECRIS), *args], catch_exceptions=False)
        return result.exit_code, result.stderr

    assert run()[0] == 0
    code, err = run("--curation", str(curation))
    assert code == 0 and "unchanged" in err
    code, err = run("--curation", str(curation), "--force")
    assert code == 0 and "replaced, 10 rows imported" in err
    result = runner.invoke(app, ["--store", store, "query", "--format", "csv",
                                 'SELECT ?m WHERE { ?c ikg:assigned <https://w3id.org/innokg/id/s3/theme/food> ; '
                                 'ikg:method ?m ; ikg:classifies/dcterms:title "Multisensoriskt lärande i XR" }'])
    assert result.stdout.splitlines()[1:] == ["curation"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[[same]]\nnames = 3\n", encoding="utf-8")
    assert run("--curation", str(bad))[0] == 2


def keyword_words():
    from ontology.s3 import load_s3

    vocab = load_s3()
    words = sorted({w.strip("*") for c in (*vocab.themes, *vocab.functions) for _, p in c.keywords for w in p.split()})
    return words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(keyword_words()), st.sampled_from(["och", "för", "the", "-", "i", "ab"]),
                          st.text(min_size=1, max_size=8)), max_size=40),
       st.lists(st.text(max_size=12), max_size=3), st.sampled_from(["sv", "en"]),
       st.sampled_from(["", "s", "en", "ering", "kluster"]), st.sampled_from(["", "bio", "green", "e-"]))
def test_the_keyword_prefilter_changes_no_classification(words, names, lang, suffix, prefix):
    """The importer's prefilter keeps every concept and keyword that can match, so the scores are those
    of :func:`ingest.classify.score_concepts` over the whole vocabulary."""
    from ingest.classify import CATEGORY, TEXT, normalise, score_concepts
    from ingest.sources.themes import ProjectClassifier, _Text
    from ontology import ids

    description = " ".join(prefix + w + suffix if i % 3 == 0 else w for i, w in enumerate(words))
    fields = [("\n".join(names), CATEGORY), (description, TEXT)]
    text = _Text("\n".join(normalise(t) for t, _ in fields))
    for index, _ in ProjectClassifier(ids.document("x")).kinds:
        assert score_concepts(index.candidates(text), fields, lang) == score_concepts(index.concepts, fields, lang)
