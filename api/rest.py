"""REST views of the graph under ``/api``: actors, projects, funders and the named queries, as JSON.

Why views built from queries in ``api/queries/rest/``: every number here must agree with what a
strategist gets from the named queries and SPARQL, so the views only group and order rows the
queries return; each grant is counted once (one participation node per project, role and actor,
the largest amount any document states) and each statement keeps its document and sentence.

Entities are addressed by their **id**: the IRI without the data base (``ontology.ids.BASE``), e.g.
``org/kommun/0580`` for ``https://w3id.org/innokg/id/org/kommun/0580``, so
``GET /api/actors/org/kommun/0580`` and ``GET /api/projects/project/logistikkluster-region-östergötland``
(non-ASCII characters percent-encoded by the client as usual). The same ids name the web pages.

Lists take ``limit``/``offset`` and report ``total``; their order is fixed by the queries, so
pages do not overlap. Bad parameters answer 400, unknown ids and queries 404.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from pyoxigraph import NamedNode

from graph import QueryResult, QuerySyntaxError, QueryTimeout, Store, python_value
from graph.base import Term
from ingest.resolve import ACTOR_CLASSES
from ontology import ids
from ontology.terms import DCTERMS, FOAF, IKG, RDF, SCHEMA, SKOS

from .downloads import DownloadFormat, Table, download
from .named_queries import NamedQuery, ParameterError, UnknownQueryError, get_query, internal_query, named_queries
from .settings import Settings
from .sparql import etag_for, not_modified

ROLE_ORDER = ["Funder", "CoFinancier", "Owner", "Leader", "Partner", "Member"]
MONEY_ROLES = {"Funder", "CoFinancier"}
PERSON_OR_ACTOR = {c.value for c in ACTOR_CLASSES} | {FOAF.Person.value}
RESERVED_PARAMS = {"format", "limit", "offset", "lang"}
"""Query-string names the endpoints use themselves; no named query may declare a parameter so named."""


class Lang(str, Enum):
    en = "en"
    sv = "sv"


class BadRequestRoute(APIRoute):
    """Answers invalid parameters with 400 (the contract of these endpoints) instead of FastAPI's 422."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def handle(request: Request):
            try:
                return await handler(request)
            except RequestValidationError as e:
                return JSONResponse({"detail": jsonable_encoder(e.errors())}, status_code=400)

        return handle


router = APIRouter(prefix="/api", tags=["rest"], route_class=BadRequestRoute,
                   responses={400: {"description": "Bad parameters"}})

Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items first.")]
LangQuery = Annotated[Lang, Query(description="Language of role and type labels.")]


# ids -----------------------------------------------------------------------
def entity_id(iri: str) -> str | None:
    """The id of an entity IRI under the data base (None for other IRIs, which have no page)."""
    return iri[len(ids.BASE):] if iri.startswith(ids.BASE) and len(iri) > len(ids.BASE) else None


def entity_iri(entity: str) -> NamedNode | None:
    try:
        return NamedNode(ids.BASE + entity)
    except ValueError:
        return None


# models ----------------------------------------------------------------------
class Source(BaseModel):
    document: str = Field(description="The document's IRI, also the name of its graph.")
    url: str | None = Field(None, description="Where the document was published (dcterms:source).")
    path: str | None = Field(None, description="The file it was ingested from (ikg:sourcePath).")
    title: str | None = None


class Statement(BaseModel):
    """One document's statement of a participation."""

    evidence: str | None = Field(None, description="The sentence the fact was read from.")
    amount: float | None = None
    currency: str | None = None
    source: Source


class Participation(BaseModel):
    """An actor's role in a project; the amount is counted once, however many documents state it."""

    participation: str
    project_id: str | None
    project: str
    actor_id: str | None
    actor: str
    role: str = Field(description="Funder, CoFinancier, Owner, Leader, Partner or Member.")
    role_label: str
    amount: float | None = Field(None, description="The largest amount any document states, in SEK.")
    currency: str | None = None
    statements: list[Statement]


class ActorSummary(BaseModel):
    id: str | None
    iri: str
    name: str
    types: list[str]
    projects: int
    documents: int


class ActorPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ActorSummary]


class TypeRef(BaseModel):
    type: str
    label: str


class Collaborator(BaseModel):
    id: str | None
    name: str
    shared_projects: int


class ActorDetail(BaseModel):
    id: str | None
    iri: str
    name: str
    names: list[str] = Field(description="Every name form seen (preferred and alternative).")
    types: list[TypeRef]
    participations: list[Participation] = Field(description="Its roles per project.")
    funding_given: list[Participation]
    funding_given_sek: float | None = Field(description="Sum over the grants it gives, each counted once.")
    funding_received: list[Participation] = Field(description="Grants to projects it owns.")
    funding_received_sek: float | None
    collaborators: list[Collaborator] = Field(description="Actors sharing projects with it.")
    sources: list[Source]


class ProjectSummary(BaseModel):
    id: str | None
    iri: str
    title: str
    start: str | None
    end: str | None
    budget_sek: float | None
    participants: int
    funders: int


class ProjectPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ProjectSummary]


class SourcedValue(BaseModel):
    value: str | float
    label: str | None = None
    documents: list[str] = Field(description="IRIs of the documents that state it.")


class ProjectDetail(BaseModel):
    id: str | None
    iri: str
    title: str
    names: list[str]
    start: list[SourcedValue]
    end: list[SourcedValue]
    budget_sek: list[SourcedValue]
    case_ids: list[SourcedValue]
    areas: list[SourcedValue]
    participants: list[Participation] = Field(description="By role: funders, co-financiers, owner, leaders, partners.")
    funding_sek: float | None = Field(description="Sum of the grants, each counted once.")
    sources: list[Source]


class Funding(BaseModel):
    project_id: str | None
    project: str
    role: str
    amount: float | None
    currency: str | None
    sources: list[str]


class Funder(BaseModel):
    id: str | None
    iri: str
    name: str
    total_sek: float | None = Field(description="Sum of its grants in the selection, each counted once.")
    grants: int
    projects: int
    fundings: list[Funding]


class FunderPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Funder]


class QueryParameter(BaseModel):
    name: str
    description: dict[str, str]
    type: str
    required: bool
    default: str | None
    example: str | None


class QueryInfo(BaseModel):
    name: str
    title: dict[str, str]
    description: dict[str, str]
    parameters: list[QueryParameter]


class QueryRows(BaseModel):
    name: str
    columns: list[str]
    total: int
    limit: int
    offset: int
    rows: list[dict[str, str | int | float | bool | None]]


# reading -------------------------------------------------------------------
@dataclass
class Reader:
    """Runs queries on the app's store with the service's time and size limits."""

    store: Store
    settings: Settings

    @classmethod
    def of(cls, request: Request) -> Reader:
        return cls(request.app.state.store, request.app.state.settings)

    def run(self, query: NamedQuery, params: Mapping[str, str | None] | None = None) -> QueryResult:
        given = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            return query.run(self.store, given, timeout=self.settings.query_timeout, max_rows=self.settings.max_rows)
        except ParameterError as e:
            raise HTTPException(400, str(e)) from None
        except QueryTimeout as e:
            raise HTTPException(503, str(e)) from None
        except QuerySyntaxError as e:  # a broken query file is our fault, not the caller's
            raise HTTPException(500, f"{query.name}: {e}") from None

    def rows(self, name: str, **params: str | None) -> list[dict[str, Term]]:
        """The rows of an internal query, as bound variable → term."""
        return _records(self.run(internal_query(name), params))


def _records(result: QueryResult) -> list[dict[str, Term]]:
    return [{v: t for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


def _value(row: Mapping[str, Term], key: str):
    return python_value(row.get(key))


def _text(row: Mapping[str, Term], key: str) -> str | None:
    term = row.get(key)
    return None if term is None else term.value


def _page(items: list, limit: int, offset: int) -> dict:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


def search_actors(reader: Reader, q: str | None = None, type: str | None = None,
                  region: str | None = None) -> list[ActorSummary]:
    return [ActorSummary(id=entity_id(r["actor_iri"].value), iri=r["actor_iri"].value, name=r["name"].value,
                         types=sorted(r["types"].value.split()), projects=_value(r, "projects"),
                         documents=_value(r, "documents"))
            for r in reader.rows("actors", q=q, type=type, region=region)]


def _source(row: Mapping[str, Term]) -> Source:
    return Source(document=row["doc"].value, url=_text(row, "url"), path=_text(row, "path"), title=_text(row, "docTitle"))


def participations(reader: Reader, lang: Lang, **params: str | None) -> list[Participation]:
    """Participations grouped from their per-document statements, in role order."""
    grouped: dict[str, Participation] = {}
    for r in reader.rows("participations", lang=lang.value, **params):
        key = r["participation"].value
        p = grouped.get(key)
        if p is None:
            p = grouped[key] = Participation(
                participation=key, project_id=entity_id(r["project"].value), project=r["projectTitle"].value,
                actor_id=entity_id(r["actor"].value), actor=r["actorName"].value, role=r["role"].value,
                role_label=r["roleLabel"].value, statements=[])
        statement = Statement(evidence=_text(r, "evidence"), amount=_value(r, "amount"),
                              currency=_text(r, "currency"), source=_source(r))
        if statement not in p.statements:
            p.statements.append(statement)
    for p in grouped.values():
        stated = [s for s in p.statements if s.amount is not None]
        if stated:
            best = max(stated, key=lambda s: s.amount)
            p.amount, p.currency = best.amount, best.currency
    return sorted(grouped.values(), key=lambda p: (ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 99,
                                                   -(p.amount or 0), p.project, p.actor, p.participation))


def total(items: list[Participation]) -> float | None:
    """Sum of the amounts (each participation once); None when none states an amount."""
    amounts = [p.amount for p in items if p.amount is not None]
    return sum(amounts) if amounts else None


def _sources(reader: Reader, iri: NamedNode) -> list[Source]:
    return [_source(r) for r in reader.rows("sources", entity=iri.value)]


def _facts(reader: Reader, iri: NamedNode) -> list[dict[str, Term]]:
    return reader.rows("entity", entity=iri.value)


def _label(rows: list[dict[str, Term]], value: str, lang: Lang) -> str | None:
    """The label of an IRI value in ``lang``, else Swedish, else any."""
    labels = {(r["valueLabel"].language or ""): r["valueLabel"].value
              for r in rows if r["value"].value == value and "valueLabel" in r}
    return labels.get(lang.value) or labels.get("sv") or labels.get("") or next(iter(labels.values()), None)


def _name(rows: list[dict[str, Term]], lang: Lang) -> str:
    """The preferred label in ``lang`` when the entity has one there (funds do), else its Swedish or plain one."""
    names = {(r["value"].language or ""): r["value"].value for r in rows
             if r["property"].value in (SKOS.prefLabel.value, FOAF.name.value, DCTERMS.title.value)}
    return names.get(lang.value) or names.get("sv") or names.get("") or next(iter(names.values()), "")


def _values(rows: list[dict[str, Term]], prop: NamedNode, lang: Lang | None = None) -> list[SourcedValue]:
    out: dict[str, SourcedValue] = {}
    for r in rows:
        if r["property"].value != prop.value:
            continue
        key = r["value"].value
        item = out.setdefault(key, SourcedValue(value=python_value(r["value"]),
                                                label=_label(rows, key, lang) if lang else None, documents=[]))
        if r["graph"].value.startswith(ids.BASE + "doc/") and r["graph"].value not in item.documents:
            item.documents.append(r["graph"].value)
    return sorted(out.values(), key=lambda v: str(v.value))


def actor_detail(reader: Reader, iri: NamedNode, lang: Lang = Lang.en) -> ActorDetail | None:
    """Everything about one actor (or person), or None when the IRI is neither."""
    facts = _facts(reader, iri)
    type_iris = sorted({r["value"].value for r in facts
                        if r["property"].value == RDF.type.value and r["value"].value in PERSON_OR_ACTOR})
    if not type_iris:
        return None
    names = sorted({r["value"].value for r in facts
                    if r["property"].value in (SKOS.prefLabel.value, SKOS.altLabel.value, FOAF.name.value)})
    roles = participations(reader, lang, actor=iri.value)
    given = [p for p in roles if p.role in MONEY_ROLES]
    received = [p for p in participations(reader, lang, owner=iri.value) if p.role in MONEY_ROLES]
    collaborators = [Collaborator(id=entity_id(r["collaborator"].value), name=r["name"].value,
                                  shared_projects=_value(r, "shared"))
                     for r in reader.rows("collaborators", actor=iri.value)]
    return ActorDetail(
        id=entity_id(iri.value), iri=iri.value, name=_name(facts, lang) or iri.value, names=names,
        types=[TypeRef(type=t.rsplit("#", 1)[-1].rsplit("/", 1)[-1], label=_label(facts, t, lang) or t)
               for t in type_iris],
        participations=roles, funding_given=given, funding_given_sek=total(given),
        funding_received=received, funding_received_sek=total(received),
        collaborators=collaborators, sources=_sources(reader, iri))


def project_detail(reader: Reader, iri: NamedNode, lang: Lang = Lang.en) -> ProjectDetail | None:
    """Everything about one project, or None when the IRI is not a project."""
    facts = _facts(reader, iri)
    if not any(r["property"].value == RDF.type.value and r["value"].value == IKG.Project.value for r in facts):
        return None
    participants = participations(reader, lang, project=iri.value)
    return ProjectDetail(
        id=entity_id(iri.value), iri=iri.value, title=_name(facts, lang) or iri.value,
        names=sorted({r["value"].value for r in facts if r["property"].value == SKOS.altLabel.value}),
        start=_values(facts, SCHEMA.startDate), end=_values(facts, SCHEMA.endDate),
        budget_sek=_values(facts, IKG.totalBudget), case_ids=_values(facts, IKG.caseId),
        areas=_values(facts, IKG.area, lang), participants=participants,
        funding_sek=total([p for p in participants if p.role in MONEY_ROLES]), sources=_sources(reader, iri))


def search_projects(reader: Reader, q: str | None = None, region: str | None = None,
                    fund: str | None = None) -> list[ProjectSummary]:
    return [ProjectSummary(id=entity_id(r["project_iri"].value), iri=r["project_iri"].value, title=r["title"].value,
                           start=_text(r, "startDate"), end=_text(r, "endDate"), budget_sek=_value(r, "budgetSek"),
                           participants=_value(r, "participants"), funders=_value(r, "funders"))
            for r in reader.rows("projects", q=q, region=region, fund=fund)]


def funders(reader: Reader, filters: Mapping[str, str | None]) -> list[Funder]:
    """Funders with their deduplicated totals (top-funders) and their grants (who-funds-what)."""
    queries = named_queries()
    totals = _records(reader.run(queries["top-funders"], filters))
    grants: dict[str, dict[tuple[str, str], Funding]] = {}
    for r in _records(reader.run(queries["who-funds-what"], filters)):
        key = (r["project_iri"].value, r["role"].value)
        funding = grants.setdefault(r["funder_iri"].value, {}).setdefault(key, Funding(
            project_id=entity_id(key[0]), project=r["project"].value, role=key[1], amount=None, currency=None,
            sources=[]))
        amount = _value(r, "amount")
        if amount is not None and (funding.amount is None or amount > funding.amount):
            funding.amount, funding.currency = amount, _text(r, "currency")
        if "source" in r and r["source"].value not in funding.sources:
            funding.sources.append(r["source"].value)
    return [Funder(id=entity_id(t["funder_iri"].value), iri=t["funder_iri"].value, name=t["funder"].value,
                   total_sek=_value(t, "sek"), grants=_value(t, "grants"), projects=_value(t, "projects"),
                   fundings=list(grants.get(t["funder_iri"].value, {}).values()))
            for t in totals]


def query_info(query: NamedQuery) -> QueryInfo:
    return QueryInfo(name=query.name, title=query.title, description=query.description,
                     parameters=[QueryParameter(name=p.name, description=p.description, type=p.kind,
                                                required=p.required, default=p.default, example=p.example)
                                 for p in query.params])


def lookup_query(name: str) -> NamedQuery:
    try:
        return get_query(name)
    except UnknownQueryError as e:
        raise HTTPException(404, str(e)) from None


def query_params(request: Request) -> dict[str, str]:
    """The named query's parameters: the query string without the endpoint's own names; a
    parameter given twice is a bad request (which value was meant?)."""
    params = request.query_params
    repeated = sorted({k for k in params if len(params.getlist(k)) > 1})
    if repeated:
        raise HTTPException(400, f"parameter(s) given more than once: {', '.join(repeated)}")
    return {k: v for k, v in params.items() if k not in RESERVED_PARAMS}


# routes ----------------------------------------------------------------------
@router.get("/actors", response_model=ActorPage)
def list_actors(request: Request, q: Annotated[str | None, Query(description="Part of any name (aliases too).")] = None,
                type: Annotated[str | None, Query(description="University, Company … or a label in English or Swedish.")] = None,
                region: Annotated[str | None, Query(description="Located in, or in projects in, this area (name or code).")] = None,
                limit: Limit = 50, offset: Offset = 0):
    """Actors and people, most active first, searched by any of their names."""
    return _page(search_actors(Reader.of(request), q, type, region), limit, offset)


@router.get("/actors/{id:path}", response_model=ActorDetail, responses={404: {"description": "No such actor"}})
def get_actor(request: Request, id: Annotated[str, Path(description="The IRI without the data base, e.g. org/kommun/0580.")],
              lang: LangQuery = Lang.en):
    """Names, types, roles per project, funding given and received, collaborators and sources of one actor."""
    iri = entity_iri(id)
    detail = actor_detail(Reader.of(request), iri, lang) if iri else None
    if detail is None:
        raise HTTPException(404, f"no actor with id {id!r}")
    return detail


@router.get("/projects", response_model=ProjectPage)
def list_projects(request: Request, q: Annotated[str | None, Query(description="Part of any name of the project.")] = None,
                  region: Annotated[str | None, Query(description="Municipality, county or NUTS 2 area (name or code).")] = None,
                  fund: Annotated[str | None, Query(description="Fund or programme, sub-programmes included.")] = None,
                  limit: Limit = 50, offset: Offset = 0):
    """Projects by title, with dates, budget and the number of participants and funders."""
    return _page(search_projects(Reader.of(request), q, region, fund), limit, offset)


@router.get("/projects/{id:path}", response_model=ProjectDetail, responses={404: {"description": "No such project"}})
def get_project(request: Request, id: Annotated[str, Path(description="The IRI without the data base, e.g. project/….")],
                lang: LangQuery = Lang.en):
    """Title, dates, budget, participants by role with amounts, sources and evidence sentences of one project."""
    iri = entity_iri(id)
    detail = project_detail(Reader.of(request), iri, lang) if iri else None
    if detail is None:
        raise HTTPException(404, f"no project with id {id!r}")
    return detail


@router.get("/funders", response_model=FunderPage)
def list_funders(request: Request, response: Response,
                 region: Annotated[str | None, Query(description="Where the projects run (name or code).")] = None,
                 fund: Annotated[str | None, Query(description="Fund or programme, sub-programmes included.")] = None,
                 from_: Annotated[int | None, Query(alias="from", description="First year of the period.")] = None,
                 to: Annotated[int | None, Query(description="Last year of the period.")] = None,
                 limit: Limit = 50, offset: Offset = 0):
    """Who funds what: funders by total (each grant counted once), with their grants."""
    filters = {"region": region, "fund": fund, "from": None if from_ is None else str(from_),
               "to": None if to is None else str(to)}
    return _revalidated(request, response, lambda: _page(funders(Reader.of(request), filters), limit, offset))


@router.get("/queries", response_model=list[QueryInfo])
def list_queries():
    """The ready-made questions and their parameters."""
    return [query_info(q) for q in named_queries().values()]


@router.get("/queries/{name}", response_model=QueryRows, responses={
    200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
    404: {"description": "No such query"}})
def run_query(request: Request, response: Response, name: str,
              format: Annotated[DownloadFormat, Query(description="json (paged), csv or xlsx (all rows).")] = DownloadFormat.json,
              limit: Limit = 100, offset: Offset = 0):
    """Run a named query; its parameters are further query-string fields (``?region=…``)."""
    query = lookup_query(name)

    def respond():
        table = Table.of(Reader.of(request).run(query, query_params(request)))
        if format is not DownloadFormat.json:
            return download(table, format, name)
        records = table.records()
        return QueryRows(name=name, columns=table.columns, total=len(records), limit=limit, offset=offset,
                         rows=records[offset:offset + limit])
    return _revalidated(request, response, respond)


def _revalidated(request: Request, response: Response, respond: Callable[[], object]):
    """``respond()`` with an ETag of the store's generation, or ``304`` when the client has it."""
    etag = etag_for(request, ("rest", request.url.path, tuple(sorted(request.query_params.multi_items()))))
    if not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    body = respond()
    if etag is not None:
        (body if isinstance(body, Response) else response).headers["ETag"] = etag
    return body
