"""Named, parameterised SPARQL queries kept as ``.rq`` files: parsing, safe parameters, running.

Why files with a header instead of strings in code: strategists and reviewers read and edit the
queries as SPARQL, ``innokg query -f`` runs them unchanged, and the CLI, REST and web pages all
serve the same library. A query file starts with comment lines::

    # title: Who funds what
    # title@sv: Vem finansierar vad
    # description: …
    # description@sv: …
    # param region: County (län) or NUTS 2 area, by any name or code (optional)
    # param@sv region: Län eller NUTS 2-område, med något namn eller kod
    # param actor: Any name of the actor (example Linköpings universitet)
    # param from: First year of the period (integer, optional)

The parenthesis after a parameter's description says how it is filled: ``optional`` (left
unbound, meaning "no filter"), ``default VALUE`` (used when not given), ``example VALUE`` (a
required parameter; the example is what the file runs with), and a type: ``integer``, ``iri``
(for internal queries), otherwise a string. Parameters are bound in the one
``VALUES (?p1 ?p2 …) { (…) }`` clause whose variables are exactly the declared parameters, in
order (repeated word for word where two subqueries need it, since SPARQL cannot share one); the file holds it with the defaults and examples (UNDEF for optional ones) so it runs as it
is. A call replaces that row with RDF terms built by pyoxigraph (``Literal``/``NamedNode``, whose
``str`` is the escaped N-Triples form), so user text is only ever a literal, never SPARQL.

A line that ends with the comment ``#if NAME`` is part of the query only when the parameter
``NAME`` is given (or has a default): a call without it drops the line. This is how an optional
filter costs nothing when it is not asked for (Oxigraph would otherwise evaluate its ``OPTIONAL``
block for every row, bound parameter or not; docs/decisions/007-totals-and-cache.md). Write such
lines so the file stays valid SPARQL *and* means the same with the line present and the parameter
``UNDEF`` — e.g. the pair ``OPTIONAL { … BIND (true AS ?inRegion) }  #if region`` and
``FILTER (!BOUND(?region) || BOUND(?inRegion))  #if region`` — so ``innokg query -f FILE.rq`` still
runs the file unchanged.

A name (of an actor, area, fund, project) is matched case-insensitively by a *name lookup*, a
subquery written on one line in exactly this shape::

    { SELECT DISTINCT ?area WHERE { VALUES (…) { (…) } ?area skos:prefLabel|skos:notation ?n . FILTER (lcase(str(?n)) = lcase(?region)) } }

Run as it is, that scans every label of the graph, and Oxigraph joins what it finds against the
rest of the query late (at 10⁶ quads who-funds-what took 1.1–1.5 s with a funder or a region,
0.13–0.17 s with their IRIs bound; docs/decisions/007-totals-and-cache.md).
So :meth:`NamedQuery.run` resolves each lookup whose parameter is given in a small query of its
own and puts the IRIs it finds in its place (``{ VALUES ?area { <…> } }``). That query first tries
the spellings the name is most likely stored in (:func:`spellings`, literals looked up in the
indexes, ~1 ms) and scans, as the file does, only when none of them matches. Both keep the
lookup's own ``FILTER``, so every IRI found is one the file would find; the only difference
from the file is when a likely spelling matches one entity and another entity is named in an
unusual one (``vinnova`` finds ``Vinnova``, not also a second entity named only ``ViNNOVA``).
:meth:`NamedQuery.render` keeps the lookups: it is the text users read and copy.

>>> q = NamedQuery.parse("demo", '# title: Demo\\n# param name: A name (example x)\\n'
...                      'SELECT ?n WHERE { VALUES (?name) { ("x") } BIND(?name AS ?n) }')
>>> q.render({"name": 'a" } ; DROP ALL ; #'})
'# title: Demo\\n# param name: A name (example x)\\nSELECT ?n WHERE { VALUES (?name) { ("a\\\\" } ; DROP ALL ; #") } BIND(?name AS ?n) }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from graph import QueryResult, Store

QUERY_DIR = Path(__file__).resolve().parent / "queries"
INTERNAL_DIR = QUERY_DIR / "rest"
"""Queries behind the REST views and pages (entity details); not listed as ready-made questions."""

MAX_VALUE_LENGTH = 1000
TYPES = ("string", "integer", "iri")

_HEADER = re.compile(r"^#\s*(?P<key>title|description)(?:@(?P<lang>[a-z]{2}))?:\s*(?P<text>.+?)\s*$")
_PARAM = re.compile(r"^#\s*param(?:@(?P<lang>[a-z]{2}))?\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<text>.*?)\s*$")
_OPTIONS = re.compile(r"^(?P<text>.*?)\s*\((?P<options>[^()]*)\)$")
_IF = re.compile(r"#if\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*$")
_LOOKUP = re.compile(r"\{ SELECT DISTINCT \?(?P<var>\w+) WHERE \{ (?:(?!SELECT).)+? "
                     r"FILTER \(lcase\(str\(\?(?P<label>\w+)\)\) = lcase\(\?(?P<param>\w+)\)\) \} \}")
LANGUAGES = ("", "sv", "en")
"""The language tags (none, sv, en) of the names innokg writes: actor names plain, titles in the
document's language (ingest/to_rdf.py), reference labels plain, sv or en (ontology/reference.py)."""


class QueryDefinitionError(ValueError):
    """A query file whose header or VALUES clause does not follow the convention above."""


class ParameterError(ValueError):
    """A bad call: an unknown parameter, a missing required one, or a value of the wrong type."""


class UnknownQueryError(LookupError):
    """No ready-made question of that name; the message lists the known ones."""


def spellings(name: str) -> list[Literal]:
    """The literals a name is most likely stored as: as given, in lower and upper case, with each
    word or only the first capitalised; plain or tagged ``sv`` or ``en``. Why these: looking up a
    few dozen literals in the indexes costs ~1 ms at any size, where matching every label costs
    ~50 ms at 10⁶ quads (more as the graph grows); a name stored otherwise is found by the scan.

    >>> sorted({t.value for t in spellings("region östergötland")})
    ['REGION ÖSTERGÖTLAND', 'Region Östergötland', 'Region östergötland', 'region östergötland']
    """
    forms = dict.fromkeys((name, name.lower(), name.upper(), name.title(), name.capitalize()))
    return [Literal(form, language=lang) if lang else Literal(form) for form in forms for lang in LANGUAGES]


@dataclass(frozen=True)
class NameLookup:
    """A name lookup of a query file (see the module docstring): its text as in the file, the
    variable it binds, the variable holding the label and the parameter it matches."""

    text: str
    var: str
    label: str
    param: str

    def resolved(self, store: Store, name: str, clause: tuple[str, str], timeout: float | None) -> str:
        """The lookup's replacement for ``name``: ``{ VALUES ?var { <iri> … } }`` with the IRIs it
        finds (likely spellings first, the scan if none matches), or the lookup itself when it
        finds a blank node, which VALUES cannot hold. ``clause`` is (file's, call's) VALUES clause."""
        query = self.text.replace(*clause)[1:-1].strip()  # the SELECT, without the group's braces
        literals = " ".join(map(str, spellings(name)))
        likely = query.replace(" WHERE { ", f" WHERE {{ VALUES ?{self.label} {{ {literals} }} ", 1)
        found = (store.query(likely, timeout=timeout).column(self.var)
                 or store.query(query, timeout=timeout).column(self.var))
        if not all(isinstance(term, NamedNode) for term in found):
            return self.text
        return f"{{ VALUES ?{self.var} {{ {' '.join(map(str, found))} }} }}"


@dataclass(frozen=True)
class Param:
    name: str
    description: dict[str, str]
    kind: str = "string"
    required: bool = False
    default: str | None = None
    example: str | None = None

    def term(self, value: str) -> str:
        """The value as a SPARQL term (escaped by pyoxigraph), after checking its type."""
        if len(value) > MAX_VALUE_LENGTH:
            raise ParameterError(f"parameter {self.name!r} is longer than {MAX_VALUE_LENGTH} characters")
        try:
            if self.kind == "integer":
                if not re.fullmatch(r"[+-]?\d{1,9}", value.strip()):
                    raise ParameterError(f"parameter {self.name!r} must be an integer, got {value!r}")
                return str(int(value))  # digits only: SPARQL's integer literal
            if self.kind == "iri":
                return str(NamedNode(value))
            return str(Literal(value))
        except (TypeError, ValueError) as e:
            if isinstance(e, ParameterError):
                raise
            raise ParameterError(f"parameter {self.name!r}: not a valid {self.kind} ({e})") from None

    @property
    def file_value(self) -> str | None:
        """What the file's VALUES row holds for this parameter (None: UNDEF)."""
        return self.default if self.default is not None else self.example


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    params: tuple[Param, ...]
    sparql: str
    _values_clause: str = field(repr=False, default="")
    _lookups: tuple[NameLookup, ...] = field(repr=False, default=())

    @classmethod
    def parse(cls, name: str, text: str) -> NamedQuery:
        titles: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        params: dict[str, dict] = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                continue
            if m := _HEADER.match(line):
                (titles if m["key"] == "title" else descriptions)[m["lang"] or "en"] = m["text"]
            elif m := _PARAM.match(line):
                spec = params.setdefault(m["name"], {"description": {}})
                if m["lang"]:
                    spec["description"][m["lang"]] = m["text"]
                else:
                    spec.update(_param_spec(name, m["name"], m["text"]))
        if "en" not in titles:
            raise QueryDefinitionError(f"{name}: no '# title:' line")
        missing = [p for p, spec in params.items() if "kind" not in spec]
        if missing:
            raise QueryDefinitionError(f"{name}: '# param@xx' without '# param' for {missing}")
        query = cls(name, titles, descriptions, tuple(Param(n, **spec) for n, spec in params.items()), text)
        clause = query._values({p.name: p.file_value for p in query.params})
        if query.params and clause not in text:
            raise QueryDefinitionError(f"{name}: the query must contain the parameter clause {clause}")
        declared = {p.name for p in query.params}
        lookups: dict[str, NameLookup] = {}
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            if (m := _IF.search(line)) and m["name"] not in declared:
                raise QueryDefinitionError(f"{name}: '#if {m['name']}' names no parameter (known: {', '.join(declared) or 'none'})")
            for m in _LOOKUP.finditer(line):
                if m["param"] not in declared or clause not in m[0]:
                    raise QueryDefinitionError(f"{name}: the name lookup of ?{m['param']} must match a parameter "
                                               f"bound in it by {clause}")
                lookups[m[0]] = NameLookup(m[0], m["var"], m["label"], m["param"])
        return cls(name, titles, descriptions, query.params, text, clause, tuple(lookups.values()))

    def bind(self, given: Mapping[str, str]) -> dict[str, str | None]:
        """The parameter values of a call: checks names and required ones, applies defaults."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(f"unknown parameter(s) {', '.join(unknown)} for {self.name} (known: {known})")
        values: dict[str, str | None] = {}
        for p in self.params:
            value = given.get(p.name)
            if value is None or value == "":
                if p.required:
                    raise ParameterError(f"{self.name} needs the parameter {p.name!r} ({p.description.get('en', '')})")
                value = p.default
            values[p.name] = value
        return values

    def render(self, given: Mapping[str, str] | None = None) -> str:
        """The SPARQL text with the parameters of a call bound (defaults for the rest), without
        the ``#if NAME`` lines of parameters left unbound."""
        if not self.params:
            if given:
                self.bind(given)  # raises for unknown parameters
            return self.sparql
        values = self.bind(given or {})
        return self.without_unbound(values).replace(self._values_clause, self._values(values))

    def without_unbound(self, values: Mapping[str, str | None]) -> str:
        """The file's text less the ``#if NAME`` lines whose parameter has no value."""
        if "#if" not in self.sparql:
            return self.sparql
        return "\n".join(line for line in self.sparql.split("\n")
                         if not ((m := _IF.search(line)) and not line.lstrip().startswith("#")
                                 and values.get(m["name"]) is None))

    def _values(self, values: Mapping[str, str | None]) -> str:
        names = " ".join(f"?{p.name}" for p in self.params)
        row = " ".join("UNDEF" if values[p.name] is None else p.term(values[p.name]) for p in self.params)
        return f"VALUES ({names}) {{ ({row}) }}"

    def resolve(self, store: Store, given: Mapping[str, str] | None = None, *, timeout: float | None = None) -> str:
        """What :meth:`run` evaluates: :meth:`render`'s text with each name lookup whose parameter
        is given replaced by the IRIs it finds in ``store`` (module docstring)."""
        if not self._lookups:
            return self.render(given)
        values = self.bind(given or {})
        text, clause = self.without_unbound(values), self._values(values)
        for lookup in self._lookups:
            if values[lookup.param] is not None and lookup.text in text:
                found = lookup.resolved(store, values[lookup.param], (self._values_clause, clause), timeout)
                text = text.replace(lookup.text, found)
        return text.replace(self._values_clause, clause)

    def run(self, store: Store, given: Mapping[str, str] | None = None, *, timeout: float | None = None,
            max_rows: int | None = None) -> QueryResult:
        return store.query(self.resolve(store, given, timeout=timeout), timeout=timeout, max_rows=max_rows)

    def text(self, field_name: str, lang: str) -> str:
        """A title or description in ``lang``, falling back to English."""
        values = getattr(self, field_name)
        return values.get(lang) or values.get("en", "")


def _param_spec(query: str, name: str, text: str) -> dict:
    spec: dict = {"kind": "string", "required": True}
    m = _OPTIONS.match(text)
    description = m["text"] if m else text
    for option in (o.strip() for o in (m["options"].split(",") if m else [])):
        word, _, value = option.partition(" ")
        if option == "optional":
            spec["required"] = False
        elif option in TYPES:
            spec["kind"] = option
        elif word in ("default", "example") and value:
            spec[word] = value.strip()
            spec["required"] = word == "example"
        else:
            raise QueryDefinitionError(f"{query}: parameter {name}: unknown option {option!r}")
    return spec | {"description": {"en": description}}


@cache
def _load(directory: Path) -> dict[str, NamedQuery]:
    return {p.stem: NamedQuery.parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))}


def named_queries() -> dict[str, NamedQuery]:
    """The ready-made questions (``api/queries/*.rq``), by name, sorted."""
    return _load(QUERY_DIR)


def internal_query(name: str) -> NamedQuery:
    """A query behind the REST views (``api/queries/rest/NAME.rq``)."""
    return _load(INTERNAL_DIR)[name]


def get_query(name: str) -> NamedQuery:
    """A ready-made question by name; :class:`UnknownQueryError` lists the known ones otherwise."""
    queries = named_queries()
    if name not in queries:
        raise UnknownQueryError(f"no named query {name!r} (known: {', '.join(queries)})")
    return queries[name]
