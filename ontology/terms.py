"""Namespaces and terms: the one place where vocabulary IRIs are written.

Every other module imports its terms from here, so a renamed or missing term
fails in one place (``tests/ontology/test_terms.py`` checks that each ``IKG``
term is declared in ``innokg.ttl``). Terms are :class:`pyoxigraph.NamedNode`
because the store speaks pyoxigraph; use ``.value`` for the IRI string.
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Vocabulary:
    """A namespace whose declared terms are class attributes.

    ``Vocabulary.term("x")`` mints terms that are not declared as attributes
    (used for data IRIs, never for ontology terms).
    """

    NS: str = ""

    @classmethod
    def term(cls, local: str) -> NamedNode:
        return NamedNode(cls.NS + local)

    @classmethod
    def declared(cls) -> dict[str, NamedNode]:
        """Every term this vocabulary declares, by attribute name."""
        return {k: v for k, v in vars(cls).items() if isinstance(v, NamedNode)}


def _terms(ns: str, *names: str) -> dict[str, NamedNode]:
    return {n: NamedNode(ns + n) for n in names}


def _vocabulary(name: str, ns: str, *names: str) -> type[Vocabulary]:
    return type(name, (Vocabulary,), {"NS": ns, **_terms(ns, *names)})


IKG = _vocabulary(
    "IKG",
    "https://w3id.org/innokg/ontology#",
    # classes: actors
    "Actor", "Municipality", "RegionalAuthority", "University", "Company",
    "ScienceParkOrIncubator", "Cluster", "GovernmentAgency", "ResearchInstitute",
    "Association", "OtherOrganization", "Fund",
    # classes: projects, roles, documents, territory
    "Project", "Participation", "Funding", "Role", "Document", "Area",
    "MunicipalityArea", "County", "NutsRegion", "Country",
    # participation roles (SKOS concepts)
    "ParticipationRoles", "Owner", "Leader", "Partner", "Funder", "CoFinancier", "Member",
    # concept schemes of the reference data
    "Kommuner", "Lan", "Nuts2", "Countries", "Funds",
    # properties of participations
    "actor", "project", "role", "amount", "currency", "evidence",
    # shortcuts for simple questions
    "owns", "leads", "partnerIn", "funds", "coFinances",
    # projects
    "caseId", "totalBudget", "area", "theme",
    # actors and areas
    "locatedIn", "governs", "jurisdiction", "code", "nutsCode", "kind",
    "organisationNumber", "programmeOf", "pic", "vatNumber", "orcid",
    # funding tables: grants, programmes, currency rates
    "recipient", "year", "fundingScheme", "frameworkProgramme", "programmePart", "callTopic",
    "ExchangeRate", "ratePerEuro",
    # documents and provenance
    "sha256", "tripleCount", "softwareVersion", "sourcePath", "rowCount", "rejectedRows",
    # smart specialisation (docs/s3.md): themes, support functions, regional strength areas, classification
    "Theme", "SupportFunction", "StrengthArea", "S3Themes", "SupportFunctions", "keyword", "typicalActorType",
    "actorTheme", "supportFunction", "Classification", "classifies", "assigned", "method", "matchedWords",
    "inProject",
    # materialised funding totals (ingest/totals.py, graph ids.TOTALS_GRAPH)
    "GrantTotal", "grant", "inArea", "startYear", "endYear",
)

RDF = _vocabulary("RDF", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type")
RDFS = _vocabulary("RDFS", "http://www.w3.org/2000/01/rdf-schema#", "label", "comment", "subClassOf",
                   "subPropertyOf", "domain", "range", "seeAlso")
OWL = _vocabulary("OWL", "http://www.w3.org/2002/07/owl#", "Ontology", "Class", "ObjectProperty",
                  "DatatypeProperty", "versionInfo")
XSD = _vocabulary("XSD", "http://www.w3.org/2001/XMLSchema#", "string", "decimal", "date", "dateTime",
                  "integer", "boolean", "anyURI")
SKOS = _vocabulary("SKOS", "http://www.w3.org/2004/02/skos/core#", "Concept", "ConceptScheme", "prefLabel",
                   "altLabel", "hiddenLabel", "notation", "broader", "narrower", "inScheme", "hasTopConcept",
                   "topConceptOf", "definition", "exactMatch", "closeMatch")
ORG = _vocabulary("ORG", "http://www.w3.org/ns/org#", "Organization", "FormalOrganization", "memberOf",
                  "hasSite", "identifier", "classification", "subOrganizationOf")
FOAF = _vocabulary("FOAF", "http://xmlns.com/foaf/0.1/", "Person", "Organization", "Agent", "name")
SCHEMA = _vocabulary("SCHEMA", "https://schema.org/", "Project", "MonetaryGrant", "MonetaryAmount",
                     "startDate", "endDate", "jobTitle", "funder", "fundedItem", "amount", "value", "currency",
                     "worksFor", "url", "alternateName", "identifier")
PROV = _vocabulary("PROV", "http://www.w3.org/ns/prov#", "Entity", "Activity", "SoftwareAgent",
                   "wasGeneratedBy", "wasDerivedFrom", "wasAssociatedWith", "generatedAtTime",
                   "startedAtTime", "endedAtTime", "used")
DCTERMS = _vocabulary("DCTERMS", "http://purl.org/dc/terms/", "title", "source", "identifier", "created",
                      "modified", "format", "language", "description", "license", "hasVersion",
                      "isVersionOf", "spatial")
SH = _vocabulary("SH", "http://www.w3.org/ns/shacl#", "NodeShape", "PropertyShape")

PREFIXES: dict[str, str] = {
    "ikg": IKG.NS, "rdf": RDF.NS, "rdfs": RDFS.NS, "owl": OWL.NS, "xsd": XSD.NS, "skos": SKOS.NS,
    "org": ORG.NS, "foaf": FOAF.NS, "schema": SCHEMA.NS, "prov": PROV.NS, "dcterms": DCTERMS.NS,
    "sh": SH.NS,
}
"""Prefixes known to every query (``innokg query`` and the SPARQL endpoint add them when missing)."""


def sparql_prologue(prefixes: dict[str, str] = PREFIXES) -> str:
    """``PREFIX`` lines for the given prefixes, for queries written in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
