"""Every SPARQL query the README shows and every named query in api/queries runs and answers."""

from __future__ import annotations

import re

import pytest

from graph import python_value
from tests.conftest import ROOT

README_QUERIES = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
NAMED_QUERIES = sorted((ROOT / "api" / "queries").glob("*.rq"))


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


def test_named_queries_give_the_seed_totals(examples_store):
    """Logistikkluster Region Östergötland: 3 000 000 SEK co-financing from five actors and
    3 000 000 SEK from ERUF, although two documents state the ERUF grant."""
    from api.named_queries import get_query

    result = get_query("co-financing-chain").run(examples_store, {"project": "Logistikkluster Region Östergötland"})
    rows = [dict(zip(result.variables, (python_value(t) for t in row))) for row in result.rows]
    cofinancing = [r for r in rows if r["role"] == "co-financier"]
    assert len(cofinancing) == 5 and sum(r["amount"] for r in cofinancing) == 3_000_000
    (eruf,) = [r for r in rows if r["actor"] == "Europeiska regionala utvecklingsfonden"]
    assert (eruf["amount"], eruf["documents"]) == (3_000_000, 2)
    top = get_query("top-funders").run(examples_store, {"region": "Östergötlands län"})
    totals = {python_value(row[0]): python_value(row[1]) for row in top.rows}
    assert totals["Europeiska regionala utvecklingsfonden"] == 3_000_000
    assert sum(v for v in totals.values() if v) == 6_000_000
