"""The materialised funding totals (ingest/totals.py): right after every kind of write, in the
same atomic update as the document, and the same whether maintained one document at a time or
rebuilt from scratch."""

from __future__ import annotations

import hashlib

import pytest
from pyoxigraph import NamedNode

from graph import Change, open_store, python_value
from graph.oxigraph import change_to_update
from ingest.document import Document
from ingest.pipeline import batch_resolvers, ingest_document
from ingest.provenance import document_iri
from ingest.totals import rebuild_totals, touched_by_graphs, totals_refresh_operations, with_totals
from ontology import ids
from ontology.terms import IKG, SCHEMA, XSD
from tests.conftest import reference_store

T = ids.TOTALS_GRAPH
PROJECT = "Testbädd Vättern"


def extraction(amount: int | None, *, end: str = "2022-12-31", funder: str = "ERUF", region: str = "Jönköpings län",
               cofinancier: bool = False) -> dict:
    relations = [{"subject": funder, "predicate": "funds", "object": PROJECT, "amount_sek": amount,
                  "evidence": f"{funder} bidrar."}]
    actors = [{"name": funder, "aliases": [], "type": "Fund"}]
    if cofinancier:
        actors.append({"name": "Gnosjö kommun", "aliases": [], "type": "Municipality"})
        relations.append({"subject": "Gnosjö kommun", "predicate": "coFinances", "object": PROJECT,
                          "amount_sek": 500000, "evidence": "Gnosjö kommun medfinansierar."})
    return {"lang": "sv", "projects": [{"name": PROJECT, "aliases": [], "start": "2020-01-01", "end": end,
                                        "region": region}],
            "actors": actors, "relations": relations}


def ingest(store, source: str, x: dict, version: str = "1", **kwargs):
    text = f"{source} {version}"
    document = Document(identifier=source, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                        media_type="text/plain", title=source, source_url=source)
    return ingest_document(store, document, batch_resolvers(store), extraction=x, **kwargs)


def totals(store) -> dict:
    """(funder, project, currency) → {amount, areas, start, end} of every entry in the totals graph."""
    out = {}
    for t, a, p, cur, amount in store.query(
            f"SELECT ?t ?a ?p ?cur ?amount WHERE {{ GRAPH {T} {{ ?t {IKG.grant} ?f ; {SCHEMA.funder} ?a ; "
            f"{SCHEMA.fundedItem} ?p OPTIONAL {{ ?t {SCHEMA.currency} ?cur }} OPTIONAL {{ ?t {SCHEMA.amount} ?amount }} }} }}").rows:
        areas = {r[0].value.rsplit("/", 2)[-2] + "/" + r[0].value.rsplit("/", 1)[-1] for r in store.query(
            f"SELECT ?ra WHERE {{ GRAPH {T} {{ {t} {IKG.inArea} ?ra }} }}").rows}
        years = store.query(f"SELECT ?s ?e WHERE {{ GRAPH {T} {{ OPTIONAL {{ {t} {IKG.startYear} ?s }} "
                            f"OPTIONAL {{ {t} {IKG.endYear} ?e }} }} }}").rows[0]
        key = (a.value.rsplit("/", 1)[-1], p.value.rsplit("/", 1)[-1], python_value(cur))
        assert key not in out, f"two entries for {key}"
        out[key] = {"amount": python_value(amount), "areas": areas, "years": tuple(map(python_value, years))}
    return out


def amounts(store) -> dict:
    return {(a, c): v["amount"] for (a, _, c), v in totals(store).items()}


def t_quads(store) -> set:
    return {(q.subject, q.predicate, q.object) for q in
            store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {T} {{ ?s ?p ?o }} }}").triples}


@pytest.fixture
def store():
    s = reference_store()
    yield s
    s.close()


ERUF = "eruf"


def test_added_document_gives_one_entry_per_grant_with_areas_and_years(store):
    ingest(store, "https://example.org/a", extraction(2_000_000, cofinancier=True))
    found = totals(store)
    assert sorted((k[1:], v["amount"]) for k, v in found.items()) == [
        (("testbädd-vättern", "SEK"), 500_000), (("testbädd-vättern", "SEK"), 2_000_000)]
    assert found[(ERUF, "testbädd-vättern", "SEK")]["amount"] == 2_000_000
    entry = found[(ERUF, "testbädd-vättern", "SEK")]
    assert entry["areas"] == {"lan/06", "nuts/SE21", "nuts/SE"}  # the county and every area above it
    assert entry["years"] == (2020, 2022)


def test_replaced_document_replaces_its_amounts_and_unchanged_writes_nothing(store):
    ingest(store, "https://example.org/a", extraction(2_000_000))
    ingest(store, "https://example.org/a", extraction(3_000_000, end="2024-06-30"), version="2")
    assert amounts(store) == {(ERUF, "SEK"): 3_000_000}
    assert totals(store)[(ERUF, "testbädd-vättern", "SEK")]["years"] == (2020, 2024)
    before = t_quads(store)
    assert ingest(store, "https://example.org/a", extraction(9), version="2").status == "unchanged"
    assert t_quads(store) == before
    ingest(store, "https://example.org/a", extraction(None), version="3")  # the amount is no longer stated
    assert amounts(store) == {(ERUF, None): None}


def test_two_documents_state_one_grant_the_largest_amount_counts_until_its_document_goes(store):
    ingest(store, "https://example.org/a", extraction(2_000_000))
    ingest(store, "https://example.org/b", extraction(2_500_000, end="2023-12-31"))
    assert amounts(store) == {(ERUF, "SEK"): 2_500_000}
    assert totals(store)[(ERUF, "testbädd-vättern", "SEK")]["years"] == (2020, 2023)
    b = document_iri(Document("https://example.org/b", "", "", "text/plain"))
    store.commit(with_totals(store, Change(drop_graphs=[b])))  # removing document b
    assert amounts(store) == {(ERUF, "SEK"): 2_000_000}
    assert totals(store)[(ERUF, "testbädd-vättern", "SEK")]["years"] == (2020, 2022)
    a = document_iri(Document("https://example.org/a", "", "", "text/plain"))
    store.commit(with_totals(store, Change(drop_graphs=[a])))
    assert totals(store) == {}


def test_another_document_moving_the_project_updates_the_first_documents_grant(store):
    """A grant's entry depends on its project's areas and dates, which other documents may state."""
    ingest(store, "https://example.org/a", extraction(2_000_000))
    other = {"lang": "sv", "projects": [{"name": PROJECT, "aliases": [], "end": "2026-12-31", "region": "Kalmar län"}],
             "actors": [], "relations": []}
    ingest(store, "https://example.org/c", other)
    entry = totals(store)[(ERUF, "testbädd-vättern", "SEK")]
    assert entry["areas"] == {"lan/06", "lan/08", "nuts/SE21", "nuts/SE"} and entry["years"] == (2020, 2026)
    c = document_iri(Document("https://example.org/c", "", "", "text/plain"))
    store.commit(with_totals(store, Change(drop_graphs=[c])))
    entry = totals(store)[(ERUF, "testbädd-vättern", "SEK")]
    assert entry["areas"] == {"lan/06", "nuts/SE21", "nuts/SE"} and entry["years"] == (2020, 2022)


def test_amount_and_currency_are_paired_inside_each_document(store):
    ingest(store, "https://example.org/a", extraction(2_000_000))
    eur = extraction(None)
    eur["relations"][0].update(amount=150_000, currency="EUR")
    ingest(store, "https://example.org/b", eur)
    assert amounts(store) == {(ERUF, "SEK"): 2_000_000, (ERUF, "EUR"): 150_000}
    grant = store.query(f"SELECT ?f WHERE {{ GRAPH {T} {{ ?t {IKG.grant} ?f }} }} LIMIT 1").rows[0][0]
    assert {str(ids.grant_total(grant, "SEK")), str(ids.grant_total(grant, "EUR"))} == {
        str(t) for (t,) in store.query(f"SELECT ?t WHERE {{ GRAPH {T} {{ ?t {IKG.grant} ?f }} }}").rows}


def test_the_document_and_its_totals_are_one_update(store):
    commits = []
    real = store.commit
    store.commit = lambda change: (commits.append(change), real(change))[1]
    ingest(store, "https://example.org/a", extraction(2_000_000))
    (change,) = commits
    assert change.refresh and change.insert
    update = change_to_update(change)
    assert update.index("INSERT DATA") < update.index(change.refresh[0])  # totals after the data, same request
    # a failing refresh leaves the document unwritten: one transaction
    before = store.count()
    with pytest.raises(Exception):
        real(Change(insert=[q for q in change.insert], drop_graphs=[document_iri(Document("https://example.org/a", "", "", "text/plain"))],
                    refresh=["INSERT { GRAPH <x:y> { ?s ?p ?o } } WHERE { this is not SPARQL }"]))
    assert store.count() == before


def test_refresh_of_nothing_is_nothing():
    assert totals_refresh_operations([], []) == []


def test_rebuilt_totals_equal_the_maintained_ones_on_the_examples(examples_store):
    maintained = t_quads(examples_store)
    assert len(maintained) > 50
    copy = open_store("memory:")
    copy.bulk_load(q for q in examples_store.quads() if q.graph_name != T)
    rebuild_totals(copy)
    assert t_quads(copy) == maintained
    # and every grant of the examples has its entry
    grants = {r[0] for r in examples_store.query(f"SELECT DISTINCT ?f WHERE {{ ?f a {IKG.Funding} }}").rows}
    assert grants == {r[0] for r in examples_store.query(f"SELECT DISTINCT ?f WHERE {{ GRAPH {T} {{ ?t {IKG.grant} ?f }} }}").rows}


def test_touched_by_graphs_reads_what_a_graph_states(store):
    ingest(store, "https://example.org/a", extraction(2_000_000))
    a = document_iri(Document("https://example.org/a", "", "", "text/plain"))
    touched = touched_by_graphs(store, [a])
    assert len(touched.grants) == 1 and {p.value.rsplit("/", 1)[-1] for p in touched.projects} == {"testbädd-vättern"}
    assert not touched_by_graphs(store, [NamedNode("https://example.org/none")])


def test_the_totals_pass_their_shape_and_a_broken_entry_does_not(examples_store):
    import pyoxigraph

    from ontology.validation import validate

    quads = list(examples_store.quads())
    report = validate(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert not [v for v in report.violations if "grant total" in v.message], report.text
    (t,) = examples_store.query(f"SELECT ?t WHERE {{ GRAPH {T} {{ ?t {SCHEMA.amount} ?a }} }} LIMIT 1").rows[0]
    broken = quads + [pyoxigraph.Quad(t, SCHEMA.amount, pyoxigraph.Literal("-1.0", datatype=XSD.decimal), T)]
    report = validate(pyoxigraph.serialize(broken, format=pyoxigraph.RdfFormat.N_QUADS))
    assert [v for v in report.violations if "grant total" in v.message]


CORDIS_PROJECT_HEADER = "id;acronym;title;startDate;endDate;frameworkProgramme;totalCost;fundingScheme;legalBasis;topics;objective"


def cordis_projects(path, first: int, count: int, start_year: int) -> None:
    """A CORDIS project.csv for the projects synthetic_organisations numbers from 100000001."""
    lines = [CORDIS_PROJECT_HEADER] + [
        f"{first + i};P{first + i};Project number {first + i} on materials;{start_year + i % 3}-01-01;"
        f"{start_year + 3 + i % 2}-06-30;HORIZON;1000000;RIA;HORIZON.2.4;HORIZON-CL4;Objective {i}"
        for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("single", [10**9, 500], ids=["one commit", "staged version graph"])
def test_imports_keep_the_totals_as_a_rebuild_would(tmp_path, single):
    """The importer computes its entries in Python (ingest/table_totals.py) and asks the store what
    other graphs say of its projects. After each step — a text and a table about the same project
    (its area and a second grant come from the text), CORDIS participations and then the project
    file giving their dates, a changed participation file, a forced re-import — the totals equal
    a full rebuild."""
    from bench.import_bench import synthetic_organisations
    from ingest.pipeline import ingest_paths
    from ingest.sources.importer import import_file
    from tests.ingest.test_import_linking import SWECRIS, TEXT

    def same_as_rebuild():
        kept = t_quads(store)
        rebuild_totals(store)
        assert t_quads(store) == kept
        return kept

    store = reference_store()
    (tmp_path / "xr.txt").write_text(TEXT.replace("Projektperiod", "Län: Stockholms län\nProjektperiod"), encoding="utf-8")
    assert [o.status for o in ingest_paths(store, [tmp_path / "xr.txt"])] == ["added"]
    assert import_file(store, SWECRIS, "swecris", single=single, chunk=500).status == "added"
    kept = same_as_rebuild()
    vinnova = next(t for t, p, o in kept if p == SCHEMA.amount and python_value(o) == 5_690_773)  # the table's grant
    assert (vinnova, IKG.inArea, ids.county_area("01")) in kept  # in the region only the text gives

    organisations, projects = tmp_path / "organization.csv", tmp_path / "project.csv"
    synthetic_organisations(300, organisations)
    assert import_file(store, organisations, "cordis", single=single, chunk=500).status == "added"
    without_years = same_as_rebuild()
    cordis_projects(projects, 100000001, 40, 2021)
    assert import_file(store, projects, "cordis", single=single, chunk=500).status == "added"
    with_years = same_as_rebuild()
    assert len([1 for _, p, _ in with_years if p == IKG.startYear]) > len([1 for _, p, _ in without_years if p == IKG.startYear]) + 40

    synthetic_organisations(250, organisations, seed=3)  # other rows, other amounts
    assert import_file(store, organisations, "cordis", single=single, chunk=500).status == "replaced"
    same_as_rebuild()
    cordis_projects(projects, 100000001, 40, 2019)  # other dates for the same projects
    assert import_file(store, projects, "cordis", single=single, chunk=500).status == "replaced"
    before = same_as_rebuild()
    assert import_file(store, projects, "cordis", single=single, chunk=500, force=True).status == "replaced"
    assert same_as_rebuild() == before


@pytest.mark.parametrize("killed", [False, True], ids=["failed switch", "killed before the switch"])
def test_an_import_interrupted_after_loading_its_totals_leaves_them_as_before(tmp_path, monkeypatch, killed):
    """A large import bulk-loads its new entries before the commit that switches versions. When
    that commit fails the import discards its version and those entries; when the process dies
    there, the next import's drop_abandoned_versions does it."""
    from bench.import_bench import synthetic_organisations
    from ingest.sources import importer

    path = tmp_path / "organization.csv"
    synthetic_organisations(300, path)
    store = reference_store()
    assert importer.import_file(store, path, "cordis", chunk=500, single=500).status == "added"
    before = t_quads(store)
    synthetic_organisations(250, path, seed=3)
    commit = store.commit

    def failing_switch(change):
        if change.forget_subjects:  # the switch forgets the old version's meta entry
            raise RuntimeError("disk full")
        commit(change)

    monkeypatch.setattr(store, "commit", failing_switch)
    if killed:
        monkeypatch.setattr(importer._VersionSink, "abandon", lambda self: None)
    outcome = importer.import_file(store, path, "cordis", chunk=500, single=500)
    assert outcome.status == "failed" and "disk full" in outcome.error
    monkeypatch.setattr(store, "commit", commit)
    if killed:
        assert t_quads(store) != before  # the new entries were loaded
        assert len(importer.drop_abandoned_versions(store)) == 1
    assert t_quads(store) == before
    rebuild_totals(store)
    assert t_quads(store) == before
