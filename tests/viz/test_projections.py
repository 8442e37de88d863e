"""Projections on the hand-built network (tests/viz/conftest.py): weights, filters, ego networks."""

from __future__ import annotations

import pytest

from viz.projections import (FilterError, Filters, bipartite_graph, collaboration_graph, funding_graph, network,
                             region_graph, strongest_edges)


def edges(g) -> dict[frozenset, float]:
    return {frozenset((u, v)): w for u, v, w in g.edges(data="weight")}


def test_collaboration_weights_and_project_lists(net):
    g = collaboration_graph(net)
    assert set(g) == {"A", "B", "C", "D", "G", "H"}  # no funders, no people; H alone in its project
    assert edges(g) == {frozenset("AB"): 2, frozenset("AC"): 1, frozenset("BC"): 1, frozenset("AD"): 1,
                        frozenset("BD"): 1, frozenset("DG"): 1}
    assert g.edges["A", "B"]["projects"] == ["P1", "P2"] and g.edges["A", "B"]["titles"] == ["Alpha", "Beta"]
    assert g.degree("H") == 0


def test_actor_attributes(net):
    g = collaboration_graph(net)
    a, c = g.nodes["A"], g.nodes["C"]
    assert (a["label"], a["type"], a["kind"], a["projects"]) == ("Alpha University", "University", "actor", 2)
    assert a["region"] == "Län Ett"  # from its projects: both in Län Ett
    assert c["region"] == "Län Ett" and c["given_sek"] == 100.0  # located in Kommun Ett
    assert a["project_sek"] == 1000 + 100 + 500  # known money of P1 and P2
    assert g.nodes["D"]["region"] == "Län Två"  # located there, though its projects lie in two counties


@pytest.mark.parametrize("filters, nodes", [
    (Filters(region="Län Ett"), {"A", "B", "C", "D"}),
    (Filters(region="l-one"), {"A", "B", "C", "D"}),  # an alias, any case
    (Filters(region="SE99"), {"A", "B", "C", "D", "G"}),  # a NUTS code: P1–P3
    (Filters(region="Kommun Ett"), {"A", "B", "C"}),
    (Filters(fund="Fund Zero"), {"A", "B", "C", "D"}),  # F0 and its programme F1
    (Filters(fund="Fund One"), {"A", "B", "C"}),
    (Filters(start="2020"), {"A", "B", "D", "G"}),  # P2, P3; P4 has no dates
    (Filters(end="2019-06"), {"A", "B", "C"}),
    (Filters(start="2021-07", end="2021-12"), set()),
    (Filters(types=("University", "Company")), {"A", "B", "D"}),
    (Filters(types=("Company", "Person")), {"B", "D", "E"}),
])
def test_filters(net, filters, nodes):
    assert set(network(net, "collaboration", filters)) == nodes


def test_people_only_when_asked(net):
    g = network(net, "collaboration", Filters(types=("Person", "Company", "Cluster")))
    assert edges(g)[frozenset("DE")] == 1 and edges(g)[frozenset("EG")] == 1


def test_min_weight_drops_edges_and_lonely_actors(net):
    g = network(net, "collaboration", Filters(min_weight=2))
    assert edges(g) == {frozenset("AB"): 2}


@pytest.mark.parametrize("depth, nodes", [(0, {"A"}), (1, {"A", "B", "C", "D"}), (2, {"A", "B", "C", "D", "G"})])
def test_ego_network(net, depth, nodes):
    g = network(net, "collaboration", Filters(actor="AU", depth=depth))
    assert set(g) == nodes
    if depth == 1:
        assert frozenset("BC") in edges(g)  # edges among the neighbours stay


def test_unknown_names_are_errors(net):
    for filters in (Filters(region="Atlantis"), Filters(fund="Alpha University"), Filters(actor="Nobody"),
                    Filters(start="20x9")):
        with pytest.raises(FilterError):
            network(net, "collaboration", filters)
    with pytest.raises(FilterError, match="not in this network"):
        network(net, "collaboration", Filters(actor="Eva Person"))
    with pytest.raises(FilterError, match="unknown kind"):
        network(net, "bogus")


def test_bipartite(net):
    g = bipartite_graph(net)
    assert g.nodes["P1"]["kind"] == "project" and g.nodes["P1"]["bipartite"] == 1 and g.nodes["A"]["bipartite"] == 0
    assert g.edges["C", "P1"]["roles"] == ["CoFinancier", "Partner"] and g.edges["C", "P1"]["sek"] == 100.0
    assert g.edges["C", "P1"]["weight"] == 2
    assert g.nodes["P1"]["start_date"] == "2018-01-01" and g.nodes["P1"]["project_sek"] == 1100.0
    assert g.number_of_edges() == 14 - 1 - 1  # one edge per actor–project pair (C has two roles in P1); no person


def test_funding_flow(net):
    g = funding_graph(net)
    assert g.is_directed()
    assert g.edges["F1", "P1"]["sek"] == 1000.0 and g.edges["F1", "P1"]["flow"] == "grant"
    assert g.edges["F0", "F1"]["sek"] == 1000.0 and g.edges["F0", "F1"]["flow"] == "programme"
    assert g.edges["F0", "P2"]["sek"] == 500.0 and g.edges["C", "P1"]["roles"] == ["CoFinancier"]
    assert g.edges["P1", "A"]["flow"] == "participant" and g.edges["P1", "A"]["roles"] == ["Owner"]
    assert g.edges["P1", "C"]["roles"] == ["Partner"]
    assert g.nodes["F2"]["type"] == "GovernmentAgency" and g.nodes["F2"]["given_sek"] == 200.0


def test_funding_min_weight_keeps_participants(net):
    g = network(net, "funding", Filters(min_weight=600))
    grants = {(u, v) for u, v, f in g.edges(data="flow") if f != "participant"}
    assert grants == {("F1", "P1"), ("F0", "F1")}
    assert ("P1", "A") in g.edges


def test_region_level(net):
    g = region_graph(net, level="County")
    assert set(g) == {"L1", "L2"}
    assert g.nodes["L1"]["actors"] == 3 and g.nodes["L2"]["actors"] == 2  # A B C ; D G (funds have no region)
    assert edges(g) == {frozenset(("L1", "L2")): 1} and g.edges["L1", "L2"]["titles"] == ["Beta"]
    assert set(network(net, "nuts2")) == {"N1", "N2"}


def test_strongest_edges_keeps_every_node(net):
    g = collaboration_graph(net)
    h = strongest_edges(g, 1)
    assert set(h) == set(g) and frozenset("AB") in edges(h) and h.number_of_edges() <= len(g)
