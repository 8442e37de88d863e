"""terms.py and innokg.ttl stay in step, and no code writes ontology IRIs by hand."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL as R_OWL
from rdflib.namespace import RDF as R_RDF
from rdflib.namespace import RDFS as R_RDFS
from rdflib.namespace import SKOS as R_SKOS

from ontology import ONTOLOGY_TTL, SHAPES_TTL
from ontology.terms import IKG

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("graph", "ontology", "ingest", "api", "viz")
ALLOWED = {ROOT / "ontology" / "terms.py"}


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


def _ikg_iris(graph: rdflib.Graph) -> set[str]:
    return {str(t) for triple in graph for t in triple
            if isinstance(t, rdflib.URIRef) and str(t).startswith(IKG.NS)}


def _langs(graph: rdflib.Graph, subject: rdflib.URIRef, prop: rdflib.URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, prop) if isinstance(o, rdflib.Literal)}


def test_parses_with_pyoxigraph_too():
    assert len(list(pyoxigraph.parse(path=ONTOLOGY_TTL, format=pyoxigraph.RdfFormat.TURTLE))) > 300
    assert len(list(pyoxigraph.parse(path=SHAPES_TTL, format=pyoxigraph.RdfFormat.TURTLE))) > 100


def test_ontology_header(onto):
    (ontology,) = onto.subjects(R_RDF.type, R_OWL.Ontology)
    assert onto.value(ontology, R_OWL.versionInfo) is not None
    assert {"en", "sv"} <= _langs(onto, ontology, rdflib.DCTERMS.title)
    assert {"en", "sv"} <= _langs(onto, ontology, rdflib.DCTERMS.description)
    assert onto.value(ontology, rdflib.DCTERMS.license) is not None
    assert str(ontology) + "#" == IKG.NS


@pytest.mark.parametrize("name", sorted(IKG.declared()))
def test_every_term_declared_with_type_label_comment(onto, name):
    iri = rdflib.URIRef(IKG.declared()[name].value)
    assert set(onto.objects(iri, R_RDF.type)), f"ikg:{name} has no rdf:type in innokg.ttl"
    assert {"en", "sv"} <= _langs(onto, iri, R_RDFS.label), f"ikg:{name} lacks rdfs:label @en/@sv"
    assert {"en", "sv"} <= _langs(onto, iri, R_RDFS.comment), f"ikg:{name} lacks rdfs:comment @en/@sv"


def test_ontology_and_shapes_use_only_terms_from_terms_py(onto):
    """The reverse direction: a typo in a .ttl file must not invent a term."""
    known = {t.value for t in IKG.declared().values()}
    shapes = rdflib.Graph().parse(SHAPES_TTL, format="turtle")
    assert _ikg_iris(onto) - known == set()
    assert _ikg_iris(shapes) - known == set()


def test_kinds_of_terms(onto):
    types = {name: set(onto.objects(rdflib.URIRef(t.value), R_RDF.type)) for name, t in IKG.declared().items()}
    assert R_OWL.Class in types["Project"] and R_OWL.Class in types["MunicipalityArea"]
    assert R_OWL.ObjectProperty in types["funds"] and R_OWL.DatatypeProperty in types["amount"]
    for scheme in ("ParticipationRoles", "Kommuner", "Lan", "Nuts2", "Countries", "Funds"):
        assert R_SKOS.ConceptScheme in types[scheme], scheme


def test_roles_are_concepts_of_the_role_scheme(onto):
    scheme = rdflib.URIRef(IKG.ParticipationRoles.value)
    roles = {rdflib.URIRef(getattr(IKG, n).value)
             for n in ("Owner", "Leader", "Partner", "Funder", "CoFinancier", "Member")}
    assert set(onto.subjects(R_SKOS.inScheme, scheme)) == roles
    assert set(onto.objects(scheme, R_SKOS.hasTopConcept)) == roles
    for role in roles:
        assert (role, R_RDF.type, rdflib.URIRef(IKG.Role.value)) in onto
        assert {"en", "sv"} <= _langs(onto, role, R_SKOS.prefLabel)


def test_class_hierarchy_reuses_standard_vocabularies(onto):
    def supers(name: str) -> set[str]:
        return {str(o) for o in onto.objects(rdflib.URIRef(getattr(IKG, name).value), R_RDFS.subClassOf)}

    assert "https://schema.org/Project" in supers("Project")
    assert {IKG.Participation.value, "https://schema.org/MonetaryGrant"} <= supers("Funding")
    assert "http://www.w3.org/2004/02/skos/core#Concept" in supers("Area")
    for area in ("MunicipalityArea", "County", "NutsRegion", "Country"):
        assert IKG.Area.value in supers(area)
    for actor in ("Municipality", "RegionalAuthority", "University", "Company", "ScienceParkOrIncubator",
                  "Cluster", "GovernmentAgency", "ResearchInstitute", "Association", "OtherOrganization"):
        assert IKG.Actor.value in supers(actor)
        assert supers(actor) & {"http://www.w3.org/ns/org#Organization",
                                "http://www.w3.org/ns/org#FormalOrganization"}, actor
    assert IKG.Actor.value in supers("Fund")


def _python_files() -> list[Path]:
    return [p for d in CODE_DIRS if (ROOT / d).is_dir() for p in sorted((ROOT / d).rglob("*.py"))]


def test_scan_finds_code():
    assert ROOT / "ontology" / "reference.py" in _python_files()


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ontology_iri_typed_by_hand(path):
    if path in ALLOWED:
        return
    needle = IKG.NS.split("://", 1)[1].rstrip("#")  # host and path, so http:// variants are caught too
    assert needle not in path.read_text(encoding="utf-8"), f"{path} writes an ontology IRI; use ontology.terms"
