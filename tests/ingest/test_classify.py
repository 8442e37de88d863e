"""Classification of projects and actors: hand-written texts for every theme, compounds, functions from
types, roles and names, places in names, curation overrides, and the pipeline writing it all with evidence."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph import open_store
from ingest.bootstrap import ensure_reference
from ingest.classify import assigned, category_lines, classification_quads, heading_lines, places_in, score_concepts, \
    scores_ahead
from ingest.curation import Curation, Override
from ingest.document import Document
from ingest.pipeline import ingest_document
from ontology import ids
from ontology.s3 import load_s3
from ontology.terms import IKG, RDF, SKOS

VOCAB = load_s3()

THEME_TEXTS = {  # (Swedish, English): invented texts, none taken from the examples
    "logistics": ("Stadslogistiken ska bli effektivare med samlastade godstransporter och järnvägsterminalen i hamnen.",
                  "The project improves freight flows and supply chains through an intermodal terminal."),
    "cleantech": ("Företagen utvecklar miljöteknik för återvinning av plast och cirkulära affärsmodeller.",
                  "Companies develop cleantech for recycling and circular business models."),
    "manufacturing": ("Verkstadsindustrin inför automatisering och robotar i tillverkningen.",
                      "Small manufacturers introduce automation and robots in production."),
    "steel-metals": ("Stålindustrin och gruvnäringen utvecklar höghållfast stål och metallpulver.",
                     "The steel industry and mining companies develop new alloys."),
    "bioeconomy": ("Skogsnäringen och pappersbruken satsar på bioekonomi och träbyggande.",
                   "The forest industry and paper mills invest in the bioeconomy and timber."),
    "digital": ("Företagen stöds i digitaliseringen med AI, mjukvara och cybersäkerhet.",
                "Firms are supported in digital transformation with software, AI and cyber security."),
    "life-science": ("Vården och medicinteknikföretagen testar e-hälsa för patienter i hemsjukvården.",
                     "Life science companies and healthcare test diagnostics with patients."),
    "energy": ("Solcellsparker, vindkraft och vätgas ska trygga energiförsörjningen.",
               "Solar parks, wind power and hydrogen secure the energy supply."),
    "food": ("Lantbrukarna och livsmedelsföretagen utvecklar matproduktion och vattenbruk.",
             "Farms and food companies develop aquaculture and dairy products."),
    "tourism-culture": ("Besöksnäringen och kulturarvet lockar turister till destinationen.",
                        "Tourism and cultural heritage attract visitors to the destination."),
}


def _themes(text: str, lang: str, weight: int = 1) -> set[str]:
    found = assigned(score_concepts(VOCAB.themes, [(text, weight)], lang))
    return {VOCAB.concept(iri).notation for iri in found}


@pytest.mark.parametrize("theme", sorted(THEME_TEXTS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_theme_is_found_in_a_hand_written_text(theme, lang):
    text = THEME_TEXTS[theme][0 if lang == "sv" else 1]
    assert theme in _themes(text, lang)


def test_every_vocabulary_theme_has_a_test_text():
    assert set(THEME_TEXTS) == {t.notation for t in VOCAB.themes}


@pytest.mark.parametrize("word, theme", [
    ("logistikkluster", "logistics"), ("godstransporterna", "logistics"), ("miljöteknikföretagen", "cleantech"),
    ("fossilfria", "cleantech"), ("stålindustrin", "steel-metals"), ("skogsindustriella", "bioeconomy"),
    ("hemsjukvården", "life-science"), ("energieffektivisering", "energy"), ("livsmedelskedjan", "food"),
])
def test_swedish_compounds_and_endings_match(word, theme):
    assert theme in _themes(word, "sv", weight=3)


@pytest.mark.parametrize("text", ["Det gav synergier mellan aktörerna.", "Vi träffas i Malmö.",
                                  "Informationsmaterial skickas ut.", "Vi värdesätter klimatet."])
def test_common_words_do_not_give_themes(text):
    assert _themes(text, "sv", weight=3) == set()


def test_a_phrase_matches_across_hyphens_and_words_in_order_only():
    found = score_concepts(VOCAB.themes, [("fossilfria godsflöden", 1)], "sv")
    assert found[VOCAB.theme("logistics").iri].words == ("godsflöden",)
    assert "cleantech" in {VOCAB.concept(i).notation for i in found}
    assert "life-science" in _themes("life-science", "en", weight=3)


def test_swedish_keywords_are_not_used_on_english_texts():
    assert _themes("It was good, and it is done.", "en", weight=3) == set()
    assert "digital" in _themes("IT och digitala tjänster", "sv", weight=3)


def test_a_minor_theme_stays_below_the_relative_threshold():
    text = ("Logistikklustret samlar logistikföretag. Godstransporterna och distributionen ska bli "
            "effektivare, och logistiksystemen samordnas. Det sparar energi och minskar energianvändningen.")
    assert _themes(text, "sv") == {"logistics"}


def test_category_and_heading_lines():
    text = "Tillväxtverket\nHållbara transporter\n\nKategori: Hållbar produktion\n\nEn lång mening om något annat."
    assert category_lines(text) == ["Hållbar produktion"]
    assert "Hållbara transporter" in heading_lines(text) and "En lång mening om något annat." not in heading_lines(text)


def test_places_in_names():
    assert [w for _, w in places_in(["Linköpings Science Park AB"])] == ["Linköpings"]
    assert places_in(["Cleantech Östergötland"])[0][0] == ids.county_area("05")
    assert places_in(["Uppsala Innovation Centre"])[0][0] == ids.municipality_area("0380")  # kommun over län
    assert places_in(["Paper Province", "Sustainable Steel Region", "Business Sweden"]) == []


# -------------------------------------------------------------------------------------- one document
DOC = ids.document("test:classify")
PROJECT = ids.project("Testbädd för hållbara transporter")
CLUSTER = ids.organisation("Fordonsklustret Kronoberg")
PARK = ids.organisation("Norrhavens Science Park")
REGION = ids.regional_authority("07")


def _doc_quads() -> list[Quad]:
    q = [Quad(PROJECT, RDF.type, IKG.Project, DOC),
         Quad(PROJECT, SKOS.altLabel, Literal("Testbädd för hållbara transporter"), DOC)]
    for iri, cls, name in ((CLUSTER, IKG.Cluster, "Fordonsklustret Kronoberg"),
                           (PARK, IKG.ScienceParkOrIncubator, "Norrhavens Science Park"),
                           (REGION, IKG.RegionalAuthority, "Region Kronoberg")):
        q += [Quad(iri, RDF.type, cls, DOC), Quad(iri, SKOS.altLabel, Literal(name), DOC)]
    for i, (actor, role) in enumerate(((CLUSTER, IKG.Owner), (PARK, IKG.Partner), (REGION, IKG.CoFinancier))):
        node = NamedNode(f"{ids.BASE}participation/t{i}")
        q += [Quad(node, IKG.actor, actor, DOC), Quad(node, IKG.project, PROJECT, DOC), Quad(node, IKG.role, role, DOC)]
    return q


TEXT = ("Testbädd för hållbara transporter\n\nFordonsklustret Kronoberg driver en testbädd där åkerier och "
        "logistikföretag provar eldrivna lastbilar. Norrhavens Science Park bidrar med affärsutveckling.")


def _claims(curation: Curation | None = None) -> set[tuple[str, str, str]]:
    quads = classification_quads(TEXT, "sv", _doc_quads(), DOC, curation)
    shortcuts = {(q.subject, q.object) for q in quads if q.predicate in (IKG.theme, IKG.actorTheme,
                                                                           IKG.supportFunction, IKG.locatedIn)}
    out = set()
    for s, o in shortcuts:
        concept = VOCAB.concept(o.value)
        out.add((s.value.rsplit("/", 1)[-1], concept.notation if concept else o.value.rsplit("/", 2)[-2] + "/" +
                 o.value.rsplit("/", 1)[-1], ""))
    return {(s, c) for s, c, _ in out}


def test_project_actor_and_role_classifications():
    claims = _claims()
    project = PROJECT.value.rsplit("/", 1)[-1]
    assert (project, "logistics") in claims and (project, "testbed") in claims
    cluster, park = CLUSTER.value.rsplit("/", 1)[-1], PARK.value.rsplit("/", 1)[-1]
    assert {(cluster, "cluster"), (cluster, "testbed"), (park, "incubation"), (park, "testbed")} <= claims
    assert ("07", "funding") in claims and ("07", "policy") in claims      # co-financing region; its type
    assert (cluster, "lan/07") in claims                                       # "Kronoberg" in the name
    assert (cluster, "logistics") not in claims     # one word of its description is too little for a theme


def test_evidence_is_kept_on_classification_nodes():
    quads = classification_quads(TEXT, "sv", _doc_quads(), DOC)
    words = {q.object.value for q in quads if q.predicate == IKG.matchedWords}
    assert any("testbädd" in w for w in words)
    assert any(w.startswith("owner of Testbädd") for w in words)
    assert all(q.graph_name == DOC for q in quads)


def test_curation_adds_and_removes():
    curation = Curation(themes=(Override("Testbädd för hållbara transporter", add=("energy",), remove=("logistics",)),),
                        functions=(Override("Norrhavens Science Park", remove=("testbed",)),))
    claims = _claims(curation)
    project, park = PROJECT.value.rsplit("/", 1)[-1], PARK.value.rsplit("/", 1)[-1]
    assert (project, "energy") in claims and (project, "logistics") not in claims
    assert (park, "testbed") not in claims and (park, "incubation") in claims


def test_scores_computed_ahead_change_nothing_even_when_resolution_changes_the_fields():
    """Workers score a document's classification before its names are resolved: the scores are
    looked up by the fields they score, so they are used where resolution kept the fields and
    computed again where it did not (here the region merges into the cluster: other names, other
    masked sentences, one actor less)."""
    plain = classification_quads(TEXT, "sv", _doc_quads(), DOC)
    ahead = scores_ahead(TEXT, "sv", _doc_quads(), DOC)
    assert classification_quads(TEXT, "sv", _doc_quads(), DOC, scores=dict(ahead)) == plain
    merged = [Quad(CLUSTER if q.subject == REGION else q.subject, q.predicate,
                   CLUSTER if q.object == REGION else q.object, q.graph_name) for q in _doc_quads()]
    assert classification_quads(TEXT, "sv", merged, DOC, scores=dict(ahead)) == classification_quads(TEXT, "sv", merged, DOC)
    assert classification_quads(TEXT, "sv", merged, DOC) != plain


def test_pipeline_writes_the_classification_into_the_document_graph(tmp_path):
    store = open_store("memory:")
    ensure_reference(store)
    doc = Document(identifier="test:logistik", text="Logistikkluster Småland\n\nProjektet Logistikkluster Småland "
                   "ägs av Växjö kommun och samlar logistikföretag kring fossilfria godsflöden.",
                   sha256="0" * 64, media_type="text/plain", title="Logistikkluster Småland")
    ingest_document(store, doc)
    rows = store.query(f"""SELECT ?words ?g WHERE {{ GRAPH ?g {{ ?c {IKG.classifies} ?p ; {IKG.assigned} ?t ;
        {IKG.matchedWords} ?words . ?p {IKG.theme} ?t }} }}""").rows
    assert rows and "logistikkluster" in rows[0][0].value
    assert rows[0][1] == ids.document("test:logistik")
