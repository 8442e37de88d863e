"""A small hand-built network whose every weight, filter result and ego network is known by hand.

Projects (areas: K1 ⊂ L1 ⊂ N1, L2 ⊂ N1, N2):
  P1 Alpha 2018–2019 in K1: A University owner, B Company partner, C Municipality partner and co-financier 100,
                            F1 (programme of F0) funder 1 000
  P2 Beta  2020–2021 in L1: A owner, B partner, D Company partner, F0 funder 500
  P3 Gamma 2022      in L2: D owner, E person leader, G Cluster partner, F2 funder 200
  P4 Delta (no dates) in N2: H Association owner, alone
C is located in K1, D in K2 (⊂ L2).
"""

from __future__ import annotations

import pytest

from viz.records import Actor, Area, NetworkData, Participation, Project

HOSTILE = "<img src=x onerror=alert(1)>"


def hand_built(extra_actor_name: str | None = None) -> NetworkData:
    areas = {a.iri: a for a in [
        Area("K1", "Kommun Ett", "MunicipalityArea", "L1"), Area("K2", "Kommun Två", "MunicipalityArea", "L2"),
        Area("L1", "Län Ett", "County", "N1", ("L-one",)), Area("L2", "Län Två", "County", "N1"),
        Area("N1", "Nuts Ett", "NutsRegion", "SE", ("SE99",)), Area("N2", "Nuts Två", "NutsRegion", "SE"),
        Area("SE", "Sverige", "Country")]}
    actors = {a.iri: a for a in [
        Actor("A", extra_actor_name or "Alpha University", "University", ("University",), aliases=("AU",)),
        Actor("B", "Beta AB", "Company", ("Company",)),
        Actor("C", "Kommun Ett kommun", "Municipality", ("Municipality",), located_in="K1"),
        Actor("D", "Delta AB", "Company", ("Company",), located_in="K2"),
        Actor("E", "Eva Person", "Person", ("Person",)),
        Actor("G", "Gamma Cluster", "Cluster", ("Cluster",)),
        Actor("H", "Hem Förening", "Association", ("Association",)),
        Actor("F0", "Fund Zero", "Fund", ("Fund",), aliases=("F-ZERO",)),
        Actor("F1", "Fund One", "Fund", ("Fund",)),
        Actor("F2", "Fund Two", "GovernmentAgency", ("Fund", "GovernmentAgency"))]}
    projects = {p.iri: p for p in [
        Project("P1", "Alpha", "2018-01-01", "2019-12-31", ("K1",)),
        Project("P2", "Beta", "2020-01-01", "2021-06-30", ("L1",)),
        Project("P3", "Gamma", "2022-01-01", "2022-12-31", ("L2",)),
        Project("P4", "Delta", None, None, ("N2",))]}
    parts = (
        Participation("P1", "A", "Owner"), Participation("P1", "B", "Partner"), Participation("P1", "C", "Partner"),
        Participation("P1", "C", "CoFinancier", 100.0), Participation("P1", "F1", "Funder", 1000.0),
        Participation("P2", "A", "Owner"), Participation("P2", "B", "Partner"), Participation("P2", "D", "Partner"),
        Participation("P2", "F0", "Funder", 500.0),
        Participation("P3", "D", "Owner"), Participation("P3", "E", "Leader"), Participation("P3", "G", "Partner"),
        Participation("P3", "F2", "Funder", 200.0),
        Participation("P4", "H", "Owner"))
    return NetworkData(actors=actors, projects=projects, participations=parts, areas=areas, fund_parents={"F1": "F0"})


@pytest.fixture
def net() -> NetworkData:
    return hand_built()
