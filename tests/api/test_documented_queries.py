"""Every SPARQL query the README shows and every named query in api/queries runs and answers."""

from __future__ import annotations

import re

import pytest

from ingest.bootstrap import ensure_reference
from ingest.pipeline import ingest_paths
from tests.conftest import EXAMPLES, ROOT

README_QUERIES = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
NAMED_QUERIES = sorted((ROOT / "api" / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def examples_store():
    from graph import open_store

    store = open_store("memory:")
    ensure_reference(store)
    ingest_paths(store, [EXAMPLES])
    return store


def test_the_readme_shows_three_queries():
    assert len(README_QUERIES) == 3


@pytest.mark.parametrize("sparql", README_QUERIES, ids=[f"readme-{i}" for i in range(len(README_QUERIES))])
def test_readme_query_answers(examples_store, sparql):
    result = examples_store.query(sparql, timeout=30)
    assert result.rows, "the example query returns nothing on the bundled examples"


@pytest.mark.parametrize("path", NAMED_QUERIES, ids=[p.stem for p in NAMED_QUERIES])
def test_named_query_has_titles_and_answers(examples_store, path):
    text = path.read_text(encoding="utf-8")
    for key in ("title", "title@sv", "description", "description@sv"):
        assert re.search(rf"^# {re.escape(key)}: \S", text, re.M), f"{path.name} lacks '# {key}:'"
    result = examples_store.query(text, timeout=30)
    assert result.rows, f"{path.name} returns nothing on the bundled examples"


def test_who_funds_what_gives_one_row_per_funder_project_and_source(examples_store):
    """One preferred name per entity (a funder written two ways is one row, not two), and each
    row's amount comes from the document the row cites."""
    result = examples_store.query((ROOT / "api" / "queries" / "who-funds-what.rq").read_text(encoding="utf-8"))
    keys = [(r[0].value, r[1].value, r[2].value, r[5].value) for r in result.rows]
    assert len(keys) == len(set(keys))
    eruf = [(r[3], r[5].value) for r in result.rows
            if r[0].value == "Europeiska regionala utvecklingsfonden" and r[2].value.startswith("Logistikkluster")]
    assert sorted((a is not None, src.rsplit("/", 1)[-1][:3]) for a, src in eruf) == [(False, "001"), (True, "000")]
