"""The network views of the bundled examples (issue 6 "done when"), and the CLI commands on them."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from ontology import ids
from tests.conftest import EXAMPLES
from viz import build_network
from viz.projections import Filters

LIU, NORRKOPING, REGION_OG = (ids.organisation("Linköpings universitet").value, ids.municipal_authority("0581").value,
                              ids.regional_authority("05").value)
NORRA = [ids.regional_authority(c).value for c in ("17", "20", "21")] + [ids.organisation("Dalarna Science Park").value]


@pytest.fixture
def store(examples_store):
    return examples_store


def test_two_clusters_coloured_by_type(store):
    g = build_network(store, "collaboration")
    component = nx.get_node_attributes(g, "component")
    assert component[LIU] == component[NORRKOPING] == component[REGION_OG]
    assert len({component[n] for n in NORRA}) == 1 and component[NORRA[0]] != component[LIU]
    assert (g.nodes[LIU]["type"], g.nodes[NORRKOPING]["type"], g.nodes[REGION_OG]["type"]) == \
        ("University", "Municipality", "RegionalAuthority")
    assert g.nodes[REGION_OG]["betweenness"] > 0  # it joins Logistikkluster and SKISS


def test_funding_map_eruf_to_logistikkluster(store):
    g = build_network(store, "funding")
    project = ids.project("Logistikkluster Region Östergötland").value
    assert g.edges[ids.fund("eruf").value, project]["sek"] == 3_000_000
    assert sum(d["sek"] for u, v, d in g.in_edges(project, data=True)) == 3_000_000 + 3_000_000  # ERUF + five co-financiers


def test_region_filter_on_examples(store):
    g = build_network(store, "collaboration", Filters(region="Östergötlands län"))
    assert LIU in g and NORRA[0] not in g and REGION_OG in g


@pytest.fixture
def innokg(store, tmp_path):
    path = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(app, ["--store", f"oxigraph:{path}", "ingest", str(EXAMPLES)]).exit_code == 0

    def run(*args):
        r = runner.invoke(app, ["--store", f"oxigraph:{path}", *args], catch_exceptions=False)
        return r.exit_code, r.stdout, r.stderr
    return run


def test_cli_map_network_export(innokg, tmp_path):
    code, _, err = innokg("map", "--out", str(tmp_path / "m.html"), "--kind", "funding", "--region", "SE12")
    assert code == 0, err
    assert "3 000 000 SEK" in (tmp_path / "m.html").read_text(encoding="utf-8")
    code, _, err = innokg("map", "--out", str(tmp_path / "m.png"), "--actor", "linköpings universitet", "--depth", "2")
    assert code == 0, err
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"

    code, out, _ = innokg("network", "--metrics", "--top", "3", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and rows[0]["name"] == "Region Östergötland"
    assert {"degree", "betweenness", "community"} <= set(rows[0])

    code, out, _ = innokg("export", "--format", "graphml")
    assert code == 0 and LIU in nx.read_graphml(__import__("io").BytesIO(out.encode("utf-8")))
    code, _, _ = innokg("export", "--format", "csv", "--out", str(tmp_path / "net.csv"), "--kind", "funding")
    rows = list(csv.DictReader((tmp_path / "net-connections.csv").open(encoding="utf-8")))
    assert code == 0 and {"grant", "participant"} <= {r["Type"] for r in rows}
    code, out, _ = innokg("export", "--format", "nt")
    assert code == 0 and out.startswith("<")  # RDF exports still work

    code, _, err = innokg("map", "--out", str(tmp_path / "x.html"), "--region", "Atlantis")
    assert code == 2 and "no region named 'Atlantis'" in err
    code, _, err = innokg("export", "--format", "csv")
    assert code == 2
