"""What is in the graph: documents, projects, actors by type, roles, money — for ``innokg stats``."""

from __future__ import annotations

from graph import Store, python_value
from ontology import ids
from ontology.terms import FOAF, IKG, RDF, SKOS

COUNTED_CLASSES = [
    ("projects", IKG.Project), ("participations", IKG.Participation), ("fundings", IKG.Funding),
    ("municipalities", IKG.Municipality), ("regional authorities", IKG.RegionalAuthority),
    ("universities", IKG.University), ("companies", IKG.Company),
    ("science parks / incubators", IKG.ScienceParkOrIncubator), ("clusters", IKG.Cluster),
    ("government agencies", IKG.GovernmentAgency), ("research institutes", IKG.ResearchInstitute),
    ("associations", IKG.Association), ("other organisations", IKG.OtherOrganization),
    ("funds and programmes", IKG.Fund), ("people", FOAF.Person),
    ("municipality areas (kommuner)", IKG.MunicipalityArea), ("counties (län)", IKG.County),
    ("NUTS 2 areas", IKG.NutsRegion),
]


def graph_statistics(store: Store, timeout: float | None = None) -> list[tuple[str, int]]:
    """(what, how many) rows: documents, graphs, triples, then distinct entities per class."""
    documents = store.query(
        f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH {ids.META_GRAPH} {{ ?d {RDF.type} {IKG.Document} }} }}",
        timeout=timeout).scalar()
    values = " ".join(f"({c})" for _, c in COUNTED_CLASSES)
    by_class = store.query(
        f"SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES (?class) {{ {values} }} ?e {RDF.type} ?class }} "
        "GROUP BY ?class", timeout=timeout)
    counts = {row[0]: python_value(row[1]) for row in by_class.rows}
    labels = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e {SKOS.altLabel} ?l }}", timeout=timeout).scalar()
    rows = [("documents", documents), ("named graphs", len(store.graphs())), ("quads", store.count())]
    rows += [(name, counts.get(cls, 0)) for name, cls in COUNTED_CLASSES]
    rows.append(("alternative names", labels))
    return rows
