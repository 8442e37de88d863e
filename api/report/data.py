"""Read what the report needs from the store, once: plain records for the pure computations.

Why records: :mod:`api.report.model` computes membership, matrix, money and gaps as pure
functions of these values, so tests check every number on hand-built data. The network part
(projects, participations with each amount once, areas, fund hierarchy) is :mod:`viz.load`'s,
the same the network maps use, so the report's map and its tables agree; the rest comes from
the queries in ``api/queries/report/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph import Store, python_value
from viz.load import load_network
from viz.records import NetworkData

from ..named_queries import NamedQuery

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries" / "report"
SHORTCUT_KIND = {"theme": "theme", "actorTheme": "actor theme", "supportFunction": "function", "locatedIn": "place"}


@dataclass(frozen=True)
class Organisation:
    iri: str
    name: str
    types: tuple[str, ...]
    """Local class names (``University``)."""
    places: tuple[str, ...] = ()
    """Areas it is located in or has jurisdiction over."""


@dataclass(frozen=True)
class Classification:
    subject: str
    concept: str
    kind: str
    """``theme`` (of a project), ``actor theme``, ``function`` or ``place``."""
    method: str
    words: str
    project: str | None = None
    doc: str | None = None


@dataclass(frozen=True)
class Link:
    """A relation stated between two organisations without a project ("funded by …")."""

    source: str
    property: str
    target: str
    doc: str


@dataclass(frozen=True)
class Source:
    doc: str
    url: str | None
    path: str | None
    title: str | None

    @property
    def label(self) -> str:
        return self.title or self.url or (Path(self.path).name if self.path else self.doc)


@dataclass(frozen=True)
class ReportData:
    net: NetworkData
    organisations: dict[str, Organisation] = field(default_factory=dict)
    classifications: tuple[Classification, ...] = ()
    links: tuple[Link, ...] = ()
    sources: dict[str, tuple[Source, ...]] = field(default_factory=dict)
    """Entity (project or actor) IRI → the documents stating something about it."""


@cache
def report_query(name: str) -> NamedQuery:
    path = QUERY_DIR / f"{name}.rq"
    return NamedQuery.parse(name, path.read_text(encoding="utf-8"))


def _rows(store: Store, name: str, timeout: float | None) -> list[dict[str, object]]:
    result = store.query(report_query(name).render(), timeout=timeout)
    return [{v: (python_value(t) if t is not None else None) for v, t in zip(result.variables, row)}
            for row in result.rows]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _split(value) -> tuple[str, ...]:
    return tuple(sorted(v for v in str(value or "").split("|") if v))


def load_report_data(store: Store, timeout: float | None = 60.0) -> ReportData:
    """Everything a report (of any region) reads, in five queries."""
    organisations = {
        r["a"]: Organisation(r["a"], r["label"] or r["a"].rsplit("/", 1)[-1], tuple(_local(c) for c in _split(r["classes"])),
                             _split(r["places"]))
        for r in _rows(store, "organisations", timeout)}
    classifications = tuple(sorted(
        (Classification(r["subject"], r["concept"], SHORTCUT_KIND[_local(r["shortcut"])], r["method"], r["words"],
                        r["project"], r["doc"]) for r in _rows(store, "classifications", timeout)),
        key=lambda c: (c.subject, c.concept, c.method, c.project or "", c.doc or "")))
    links = tuple(sorted({Link(r["a"], _local(r["property"]).rsplit("/", 1)[-1], r["b"], r["doc"])
                          for r in _rows(store, "links", timeout)}, key=lambda x: (x.source, x.target, x.property)))
    sources: dict[str, list[Source]] = {}
    for r in _rows(store, "sources", timeout):
        sources.setdefault(r["entity"], []).append(Source(r["doc"], r["url"], r["path"], r["docTitle"]))
    return ReportData(load_network(store, timeout), organisations, classifications, links,
                      {k: tuple(sorted(set(v), key=lambda s: s.label)) for k, v in sources.items()})
