"""SHACL: the reference data conforms; each kind of bad data gives its violation."""

from __future__ import annotations

import time
from collections.abc import Callable

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from ontology import ids
from ontology.reference import reference_quads
from ontology.terms import DCTERMS, FOAF, IKG, PROV, RDF, SCHEMA, SKOS, XSD
from ontology.validation import ValidationReport, Violation, validate

DOC = ids.document("tests/ontology/example.txt")
PROJECT = ids.project("Smart Mobilitet Östergötland")
UNIVERSITY = ids.organisation("Linköpings universitet")
PERSON = ids.person("Anna Andersson")
FUNDER = ids.fund("eruf")
ACTIVITY = ids.ingest_activity(DOC, "0" * 64)
SOFTWARE = ids.software("0.1.0")
FUNDING = ids.participation(PROJECT, "funds", FUNDER)
PARTNER = ids.participation(PROJECT, "partnerIn", UNIVERSITY)


def _dec(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def document_quads() -> list[Quad]:
    """One valid document: meta description, a project, an actor, a person, a funding
    and a partnership, written the way ingest writes them."""
    g = DOC
    data = [
        (PROJECT, RDF.type, IKG.Project),
        (PROJECT, DCTERMS.title, Literal("Smart Mobilitet Östergötland", language="sv")),
        (PROJECT, SCHEMA.startDate, Literal("2018-01-01", datatype=XSD.date)),
        (PROJECT, SCHEMA.endDate, Literal("2021-04-30", datatype=XSD.date)),
        (PROJECT, IKG.caseId, Literal("20201492")),
        (PROJECT, IKG.totalBudget, _dec("6000000")),
        (PROJECT, IKG.currency, Literal("SEK")),
        (PROJECT, IKG.area, ids.nuts_area("SE12")),
        (PROJECT, PROV.wasDerivedFrom, DOC),
        (UNIVERSITY, RDF.type, IKG.University),
        (UNIVERSITY, SKOS.prefLabel, Literal("Linköpings universitet", language="sv")),
        (UNIVERSITY, IKG.locatedIn, ids.municipality_area("0580")),
        (UNIVERSITY, PROV.wasDerivedFrom, DOC),
        (PERSON, RDF.type, FOAF.Person),
        (PERSON, FOAF.name, Literal("Anna Andersson")),
        (PERSON, SCHEMA.worksFor, UNIVERSITY),
        (PERSON, PROV.wasDerivedFrom, DOC),
        (FUNDING, RDF.type, IKG.Participation),
        (FUNDING, RDF.type, IKG.Funding),
        (FUNDING, IKG.actor, FUNDER),
        (FUNDING, IKG.project, PROJECT),
        (FUNDING, IKG.role, IKG.Funder),
        (FUNDING, IKG.amount, _dec("1900000")),
        (FUNDING, IKG.currency, Literal("SEK")),
        (FUNDING, IKG.evidence, Literal("Projektet finansieras av ERUF.", language="sv")),
        (FUNDING, PROV.wasDerivedFrom, DOC),
        (FUNDER, IKG.funds, PROJECT),
        (PARTNER, RDF.type, IKG.Participation),
        (PARTNER, IKG.actor, UNIVERSITY),
        (PARTNER, IKG.project, PROJECT),
        (PARTNER, IKG.role, IKG.Partner),
        (PARTNER, IKG.evidence, Literal("Linköpings universitet är partner.", language="sv")),
        (PARTNER, PROV.wasDerivedFrom, DOC),
        (UNIVERSITY, IKG.partnerIn, PROJECT),
    ]
    meta = [
        (DOC, RDF.type, IKG.Document),
        (DOC, RDF.type, PROV.Entity),
        (DOC, IKG.sourcePath, Literal("tests/ontology/example.txt")),
        (DOC, IKG.sha256, Literal("0" * 64)),
        (DOC, DCTERMS.title, Literal("example")),
        (DOC, DCTERMS.format, Literal("text/plain")),
        (DOC, IKG.tripleCount, Literal("34", datatype=XSD.integer)),
        (DOC, PROV.wasGeneratedBy, ACTIVITY),
        (ACTIVITY, RDF.type, PROV.Activity),
        (ACTIVITY, PROV.startedAtTime, Literal("2026-01-01T10:00:00Z", datatype=XSD.dateTime)),
        (ACTIVITY, PROV.endedAtTime, Literal("2026-01-01T10:00:01Z", datatype=XSD.dateTime)),
        (ACTIVITY, PROV.wasAssociatedWith, SOFTWARE),
        (SOFTWARE, RDF.type, PROV.SoftwareAgent),
        (SOFTWARE, IKG.softwareVersion, Literal("0.1.0")),
    ]
    return [Quad(s, p, o, g) for s, p, o in data] + [Quad(s, p, o, ids.META_GRAPH) for s, p, o in meta]


@pytest.fixture(scope="module")
def reference_nq() -> bytes:
    return pyoxigraph.serialize(reference_quads(), format=pyoxigraph.RdfFormat.N_QUADS)


def run(reference_nq: bytes, quads: list[Quad]) -> ValidationReport:
    return validate(reference_nq + pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))


def without(quads: list[Quad], subject: NamedNode, predicate: NamedNode) -> list[Quad]:
    return [q for q in quads if not (q.subject == subject and q.predicate == predicate)]


def replaced(quads: list[Quad], subject: NamedNode, predicate: NamedNode, obj) -> list[Quad]:
    return without(quads, subject, predicate) + [Quad(subject, predicate, obj, DOC)]


def added(quads: list[Quad], subject: NamedNode, predicate: NamedNode, obj) -> list[Quad]:
    return quads + [Quad(subject, predicate, obj, DOC)]


def errors(report: ValidationReport) -> set[tuple[str, str | None]]:
    return {(v.focus, v.path) for v in report.violations if v.severity == "Violation"}


# --------------------------------------------------------------------------- good data
def test_reference_data_conforms_quickly(reference_nq):
    start = time.perf_counter()
    report = validate(reference_nq)
    elapsed = time.perf_counter() - start
    assert report.conforms, report.text
    assert report.violations == []
    assert elapsed < 5, f"validation of the reference data took {elapsed:.1f} s"


def test_valid_document_conforms(reference_nq):
    report = run(reference_nq, document_quads())
    assert report.conforms, report.text
    assert report.violations == []


def test_subclass_targets_reach_specific_actor_classes():
    """Guards the reason validation adds innokg.ttl: an ikg:University without a source
    is caught only through ikg:University rdfs:subClassOf ikg:Actor (the data alone,
    without the reference graph, suffices)."""
    quads = without(document_quads(), UNIVERSITY, PROV.wasDerivedFrom)
    report = validate(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert (UNIVERSITY.value, PROV.wasDerivedFrom.value) in errors(report)


# --------------------------------------------------------------------------- bad data
Mutation = Callable[[list[Quad]], list[Quad]]

BAD: dict[str, tuple[Mutation, NamedNode, NamedNode | str | None, str]] = {
    "two actors": (lambda q: added(q, FUNDING, IKG.actor, UNIVERSITY),
                   FUNDING, IKG.actor, "exactly one ikg:actor"),
    "no project": (lambda q: without(q, FUNDING, IKG.project),
                   FUNDING, IKG.project, "exactly one ikg:project"),
    "negative amount": (lambda q: replaced(q, FUNDING, IKG.amount, _dec("-5")),
                        FUNDING, IKG.amount, ">= 0"),
    "amount as string": (lambda q: replaced(q, FUNDING, IKG.amount, Literal("1 900 000 kr")),
                         FUNDING, IKG.amount, "xsd:decimal"),
    "amount without currency": (lambda q: without(q, FUNDING, IKG.currency),
                                FUNDING, IKG.currency, "ikg:currency"),
    "currency not ISO 4217": (lambda q: replaced(q, FUNDING, IKG.currency, Literal("kr")),
                              FUNDING, IKG.currency, "ISO 4217"),
    "budget without currency": (lambda q: without(q, PROJECT, IKG.currency),
                                PROJECT, IKG.currency, "ikg:currency"),
    "startDate as string": (lambda q: replaced(q, PROJECT, SCHEMA.startDate, Literal("2018-01-01")),
                            PROJECT, SCHEMA.startDate, "xsd:date"),
    "start after end": (lambda q: replaced(q, PROJECT, SCHEMA.startDate, Literal("2022-01-01", datatype=XSD.date)),
                        PROJECT, SCHEMA.startDate, "after"),
    "project without source": (lambda q: without(q, PROJECT, PROV.wasDerivedFrom),
                               PROJECT, PROV.wasDerivedFrom, "prov:wasDerivedFrom"),
    "person without source": (lambda q: without(q, PERSON, PROV.wasDerivedFrom),
                              PERSON, PROV.wasDerivedFrom, "prov:wasDerivedFrom"),
    "organisation without source": (lambda q: without(q, UNIVERSITY, PROV.wasDerivedFrom),
                                    UNIVERSITY, PROV.wasDerivedFrom, "prov:wasDerivedFrom"),
    "participation without source": (lambda q: without(q, PARTNER, PROV.wasDerivedFrom),
                                     PARTNER, PROV.wasDerivedFrom, "prov:wasDerivedFrom"),
    "participation without evidence": (lambda q: without(q, PARTNER, IKG.evidence),
                                       PARTNER, IKG.evidence, "ikg:evidence"),
    "role outside the scheme": (lambda q: replaced(q, PARTNER, IKG.role, IKG.term("Sponsor")),
                                PARTNER, f"<{IKG.role.value}>/<{SKOS.inScheme.value}>", "ikg:ParticipationRoles"),
    "located in a non-area": (lambda q: replaced(q, UNIVERSITY, IKG.locatedIn, PROJECT),
                              UNIVERSITY, IKG.locatedIn, "ikg:Area"),
    "document without checksum": (lambda q: without(q, DOC, IKG.sha256),
                                  DOC, IKG.sha256, "ikg:sha256"),
    "checksum not hex": (lambda q: replaced(q, DOC, IKG.sha256, Literal("XYZ")),
                         DOC, IKG.sha256, "64"),
    "document without activity": (lambda q: without(q, DOC, PROV.wasGeneratedBy),
                                   DOC, PROV.wasGeneratedBy, "prov:wasGeneratedBy"),
    "document without source": (lambda q: without(q, DOC, IKG.sourcePath),
                                 DOC, None, "dcterms:source or an ikg:sourcePath"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_data_gives_the_expected_violation(reference_nq, case):
    mutate, focus, path, message = BAD[case]
    report = run(reference_nq, mutate(document_quads()))
    assert not report.conforms
    hits = [v for v in report.violations if v.focus == focus.value and message in v.message]
    assert hits, report.text
    if path is not None:
        expected = path if isinstance(path, str) else path.value
        assert any(v.path == expected for v in hits), [v.path for v in hits]
    assert {v.focus for v in report.violations} == {focus.value}, "only the broken node is reported"


def test_funder_role_requires_funding_type(reference_nq):
    quads = [q for q in document_quads() if q != Quad(FUNDING, RDF.type, IKG.Funding, DOC)]
    report = run(reference_nq, quads)
    assert any("ikg:Funding" in v.message for v in report.violations if v.focus == FUNDING.value)


def test_funding_type_requires_funding_role(reference_nq):
    report = run(reference_nq, added(document_quads(), PARTNER, RDF.type, IKG.Funding))
    assert errors(report) == {(PARTNER.value, IKG.role.value)}


def test_municipality_needs_exactly_one_municipal_jurisdiction(reference_nq):
    fake = ids.municipal_authority("9999")
    quads = added(added(document_quads(), fake, RDF.type, IKG.Municipality), fake, PROV.wasDerivedFrom, DOC)
    quads = added(quads, fake, SKOS.prefLabel, Literal("Påhittade kommun", language="sv"))
    report = run(reference_nq, quads)
    assert errors(report) == {(fake.value, IKG.jurisdiction.value)}
    both = added(quads, fake, IKG.jurisdiction, ids.municipality_area("0580"))
    assert run(reference_nq, both).conforms
    two = added(both, fake, IKG.jurisdiction, ids.municipality_area("0581"))
    assert errors(run(reference_nq, two)) == {(fake.value, IKG.jurisdiction.value)}


def test_area_needs_one_notation(reference_nq):
    area = ids.municipality_area("0580")
    report = run(reference_nq, added(document_quads(), area, SKOS.notation, Literal("0581")))
    assert errors(report) == {(area.value, SKOS.notation.value)}


def test_conflicting_dates_are_a_warning_only(reference_nq):
    quads = added(document_quads(), PROJECT, SCHEMA.endDate, Literal("2021-05-31", datatype=XSD.date))
    report = run(reference_nq, quads)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]


def test_violation_fields_are_plain_strings(reference_nq):
    report = run(reference_nq, without(document_quads(), PROJECT, PROV.wasDerivedFrom))
    (v,) = report.violations
    assert v == Violation(focus=PROJECT.value, path=PROV.wasDerivedFrom.value,
                          message="A project must have at least one prov:wasDerivedFrom (its source document).",
                          severity="Violation")
    assert "Conforms: False" in report.text
