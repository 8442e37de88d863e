r"""Serialisations of a :class:`QueryResult`: SPARQL 1.1 results JSON, XML, CSV and TSV.

Why own code instead of pyoxigraph's serialisers: results are materialised (to apply time and
size limits), and these W3C formats are small and exact to write.

>>> from pyoxigraph import Literal, NamedNode
>>> r = QueryResult("select", ["a", "b"], [(NamedNode("http://x/1"), Literal('Åsa, Örjan')), (None, Literal("2"))])
>>> to_csv(r).split("\r\n")
['a,b', 'http://x/1,"Åsa, Örjan"', ',2', '']
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from .base import QueryResult, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_json(term: Term) -> dict:
    """One RDF term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    raise TypeError(f"not an RDF term: {term!r}")


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    if result.kind != "select":
        raise ValueError("JSON results are for SELECT and ASK; serialise graphs as RDF")
    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind == "ask":
        out.append(f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    elif result.kind == "select":
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head>\n<results>\n")
        for row in result.rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{term_xml(t)}</binding>"
                            for v, t in zip(result.variables, row) if t is not None)
            out.append(f"<result>{cells}</result>\n")
        out.append("</results>\n")
    else:
        raise ValueError("XML results are for SELECT and ASK; serialise graphs as RDF")
    out.append("</sparql>\n")
    return "".join(out)


def term_xml(term: Term) -> str:
    """One RDF term in the SPARQL XML results form."""
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, Triple):
        parts = "".join(f"<{k}>{term_xml(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    raise TypeError(f"not an RDF term: {term!r}")


def plain(term: Term | None) -> str:
    """A term's lexical form (CSV/table cells): IRIs and literals without markup, blank nodes as _:b."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # the W3C format ends lines with CRLF
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    elif result.kind == "select":
        writer.writerow(result.variables)
        writer.writerows([plain(t) for t in row] for row in result.rows)
    else:
        writer.writerow(["subject", "predicate", "object"])
        writer.writerows([plain(t.subject), plain(t.predicate), plain(t.object)] for t in result.triples)
    return buf.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in their Turtle/N-Triples form."""
    if result.kind != "select":
        raise ValueError("TSV results are for SELECT")
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"

