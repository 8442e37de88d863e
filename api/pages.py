"""Server-rendered web pages: the landing page with a SPARQL editor and the ready-made questions,
query results as tables with downloads, and one page per actor and per project.

Why server-rendered Jinja2 with autoescape and no CDN: the pages must work offline and a label
taken from a document (``<script>…``) must show as text; every value goes through the template's
escaping, none is marked safe, and a Content-Security-Policy allows only this site's own CSS and
JS, so even a missed escape could not run a script. The pages render the REST views
(:mod:`api.rest`), so what a page shows is what ``/api`` returns. ``?lang=sv`` switches titles and
labels to Swedish (default English).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pyoxigraph import NamedNode

from graph import QuerySyntaxError, QueryTimeout
from .downloads import DownloadFormat, Table, cell, download
from .named_queries import ParameterError, named_queries
from .rest import (Lang, Reader, actor_detail, entity_id, entity_iri, lookup_query, project_detail, query_params,
                   search_actors)

HERE = Path(__file__).resolve().parent
MAX_TABLE_ROWS = 1000
"""Rows shown in a page's table; downloads carry all of them."""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

TEXTS = {
    "en": {
        "site": "innokg", "tagline": "Regional innovation actors, projects, regions and funds",
        "editor": "SPARQL query", "run": "Run", "endpoint": "Send to /sparql (JSON)",
        "questions": "Ready-made questions", "search": "Find an actor", "search_button": "Search",
        "open_editor": "open in editor", "result": "Result", "rows": "rows", "download": "Download",
        "shown_first": "Showing the first {n} rows; the downloads hold all of them.",
        "no_rows": "No rows.", "names": "Names", "types": "Type", "roles": "Roles in projects",
        "project": "Project", "actor": "Actor", "role": "Role", "amount": "Amount (SEK)",
        "evidence": "Evidence", "source": "Source", "funding_given": "Funding given",
        "funding_received": "Funding received (projects it owns)", "total": "Total, each grant once",
        "collaborators": "Collaborators", "shared": "Shared projects", "sources": "Source documents",
        "participants": "Participants", "dates": "Period", "budget": "Budget (SEK)", "case_ids": "Case id",
        "areas": "Areas", "funding": "Funding, each grant once", "none": "None known.",
        "actors": "Actors", "projects": "projects", "documents": "documents", "parameters": "Parameters",
        "required": "required", "error": "Error", "not_found": "Not found", "language": "Svenska",
        "home": "Home", "api": "REST API", "truncated": "The result was cut at the row limit of the service.",
    },
    "sv": {
        "site": "innokg", "tagline": "Regionala innovationsaktörer, projekt, regioner och fonder",
        "editor": "SPARQL-fråga", "run": "Kör", "endpoint": "Skicka till /sparql (JSON)",
        "questions": "Färdiga frågor", "search": "Hitta en aktör", "search_button": "Sök",
        "open_editor": "öppna i editorn", "result": "Resultat", "rows": "rader", "download": "Ladda ner",
        "shown_first": "Visar de första {n} raderna; nedladdningarna innehåller alla.",
        "no_rows": "Inga rader.", "names": "Namn", "types": "Typ", "roles": "Roller i projekt",
        "project": "Projekt", "actor": "Aktör", "role": "Roll", "amount": "Belopp (kr)",
        "evidence": "Belägg", "source": "Källa", "funding_given": "Finansiering som aktören ger",
        "funding_received": "Finansiering som aktören får (projekt den äger)", "total": "Summa, varje bidrag en gång",
        "collaborators": "Samarbetspartner", "shared": "Gemensamma projekt", "sources": "Källdokument",
        "participants": "Deltagare", "dates": "Period", "budget": "Budget (kr)", "case_ids": "Diarienummer",
        "areas": "Områden", "funding": "Finansiering, varje bidrag en gång", "none": "Inget känt.",
        "actors": "Aktörer", "projects": "projekt", "documents": "dokument", "parameters": "Parametrar",
        "required": "krävs", "error": "Fel", "not_found": "Hittades inte", "language": "English",
        "home": "Start", "api": "REST-API", "truncated": "Resultatet kortades vid tjänstens radgräns.",
    },
}

EXAMPLE_QUERY = """SELECT ?funder ?project ?amount WHERE {
  ?f a ikg:Funding ; ikg:actor ?a ; ikg:project ?p .
  OPTIONAL { ?f ikg:amount ?amount }
  ?a skos:prefLabel ?funder . FILTER (lang(?funder) IN ("sv", ""))
  ?p dcterms:title ?project .
} ORDER BY DESC(?amount) LIMIT 50"""

router = APIRouter(include_in_schema=False)
environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def static_files() -> StaticFiles:
    return StaticFiles(directory=HERE / "static")


# helpers for templates --------------------------------------------------------
def page_url(path: str, lang: str, **params: str | None) -> str:
    """A link within the site, keeping the language; ``path`` may hold an id (quoted here)."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if lang != "en":
        query["lang"] = lang
    return quote(path, safe="/") + ("?" + urlencode(query) if query else "")


def entity_path(iri: str | None) -> str | None:
    """The page of an entity IRI (actors, funds and people; projects), or None."""
    entity = entity_id(iri) if iri else None
    if entity is None:
        return None
    kind = entity.split("/", 1)[0]
    if kind == "project":
        return f"/projects/{entity}"
    return f"/actors/{entity}" if kind in ("org", "fund", "person") else None


def money(value: float | None) -> str:
    """3 000 000 (thin spaces), or empty."""
    if value is None:
        return ""
    whole = int(value) == value
    return (f"{int(value):,}" if whole else f"{value:,.2f}").replace(",", "\u202f")


class HtmlTable:
    """A result table for a page: ``X_iri`` columns become links on their column ``X``."""

    def __init__(self, table: Table):
        names = set(table.columns)
        self.links = {c[:-4]: i for i, c in enumerate(table.columns) if c.endswith("_iri") and c[:-4] in names}
        hidden = {self.links[c] for c in self.links}
        self.columns = [c for i, c in enumerate(table.columns) if i not in hidden]
        self.total = len(table.rows)
        index = {c: i for i, c in enumerate(table.columns)}
        self.rows = []
        for row in table.rows[:MAX_TABLE_ROWS]:
            cells = []
            for c in self.columns:
                term = row[index[c]]
                link_term = row[self.links[c]] if c in self.links else term
                value = cell(term)
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                cells.append({
                    "text": money(value) if numeric else ("" if value is None else str(value)),
                    "sort": "" if value is None else str(value),
                    "numeric": numeric,
                    "href": entity_path(link_term.value) if isinstance(link_term, NamedNode) else None,
                })
            self.rows.append(cells)


def web_link(url: str | None) -> bool:
    """Only http(s) sources become links: a document's ``SOURCE: javascript:…`` stays text."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def example_params(query) -> dict[str, str]:
    """The values a ready-made question's link runs with: the examples of required parameters."""
    return {p.name: p.example for p in query.params if p.required and p.example}


def render(request: Request, template: str, lang: str, status: int = 200, **context) -> HTMLResponse:
    other = "en" if lang == "sv" else "sv"
    kept = {k: v for k, v in request.query_params.items() if k != "lang"}
    html = environment.get_template(template).render(
        lang=lang, t=TEXTS[lang], url=lambda path, **p: page_url(path, lang, **p), money=money, web_link=web_link,
        example_params=example_params, other_lang=other,
        page_lang_url=page_url(request.url.path, other, **kept), **context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP,
                                                           "X-Content-Type-Options": "nosniff"})


def language(request: Request) -> str:
    """``?lang=sv`` or English; anything else is English too (a page, not an API)."""
    return "sv" if request.query_params.get("lang") == "sv" else "en"


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", language(request), status=status, status_code=status, message=message)


def download_format(request: Request) -> DownloadFormat | None:
    value = request.query_params.get("format")
    if value in (None, "", "html"):
        return None
    try:
        return DownloadFormat(value)
    except ValueError:
        raise HTTPException(400, f"unknown format {value!r}: html, csv, json or xlsx") from None


# routes ------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def landing(request: Request):
    lang = language(request)
    return render(request, "index.html", lang, query=request.query_params.get("query") or EXAMPLE_QUERY,
                  questions=list(named_queries().values()))


@router.get("/query", response_class=HTMLResponse)
def run_sparql(request: Request):
    """Run a query from the editor and show it as a table (the protocol endpoint is /sparql)."""
    lang = language(request)
    sparql = request.query_params.get("query", "")
    if not sparql.strip():
        return error_page(request, 400, "no query given")
    fmt = _format_or_error(request)
    if isinstance(fmt, Response):
        return fmt
    settings = request.app.state.settings
    try:
        result = request.app.state.store.query(sparql, timeout=settings.query_timeout, max_rows=settings.max_rows)
    except QuerySyntaxError as e:  # shown under the query, so it can be fixed there
        return render(request, "query.html", lang, status=400, query=sparql, table=None, downloads={},
                      truncated=False, message=f"malformed query: {e}")
    except QueryTimeout as e:
        return error_page(request, 503, str(e))
    table = Table.of(result)
    if fmt is not None:
        return download(table, fmt, "result")
    return render(request, "query.html", lang, query=sparql, table=HtmlTable(table), truncated=result.truncated,
                  message=None,
                  downloads={f.value: page_url("/query", lang, query=sparql, format=f.value) for f in DownloadFormat})


@router.get("/queries/{name}", response_class=HTMLResponse)
def named_query_page(request: Request, name: str):
    """A ready-made question: its form, and its result for the parameters given."""
    lang = language(request)
    try:
        query = lookup_query(name)
        params = query_params(request)
    except HTTPException as e:
        return error_page(request, e.status_code, e.detail)
    fmt = _format_or_error(request)
    if isinstance(fmt, Response):
        return fmt
    reader = Reader.of(request)
    try:
        table = Table.of(reader.run(query, params))
    except HTTPException as e:
        if e.status_code != 400:
            return error_page(request, e.status_code, e.detail)
        return render(request, "named_query.html", lang, status=400, query=query, params=params, table=None,
                      message=e.detail, downloads={}, editor_text=None)
    if fmt is not None:
        return download(table, fmt, name)
    return render(request, "named_query.html", lang, query=query, params=params, table=HtmlTable(table), message=None,
                  downloads={f.value: page_url(f"/queries/{name}", lang, **params, format=f.value) for f in DownloadFormat},
                  editor_text=_editor_text(query, params))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request):
    lang = language(request)
    q = request.query_params.get("q") or None
    found = search_actors(Reader.of(request), q=q)
    return render(request, "actors.html", lang, q=q or "", actors=found[:MAX_TABLE_ROWS], total=len(found))


@router.get("/actors/{id:path}", response_class=HTMLResponse)
def actor_page(request: Request, id: str):
    lang = language(request)
    iri = entity_iri(id)
    actor = actor_detail(Reader.of(request), iri, Lang(lang)) if iri else None
    if actor is None:
        return error_page(request, 404, f"no actor with id {id!r}")
    return render(request, "actor.html", lang, actor=actor)


@router.get("/projects/{id:path}", response_class=HTMLResponse)
def project_page(request: Request, id: str):
    lang = language(request)
    iri = entity_iri(id)
    project = project_detail(Reader.of(request), iri, Lang(lang)) if iri else None
    if project is None:
        return error_page(request, 404, f"no project with id {id!r}")
    return render(request, "project.html", lang, project=project)


def _format_or_error(request: Request) -> DownloadFormat | None | Response:
    try:
        return download_format(request)
    except HTTPException as e:
        return error_page(request, e.status_code, e.detail)


def _editor_text(query, params: dict[str, str]) -> str | None:
    """The query with these parameters bound, to open in the editor (None if they do not bind)."""
    try:
        return query.render(params)
    except ParameterError:
        return None

