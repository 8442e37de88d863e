"""Any funding table (CSV, TSV, XLSX) read through a mapping file (TOML) — no code per publisher.

Why a mapping and not a guess: a Tillväxtverket, Kohesio or regional spreadsheet names its
columns as it likes; a person says once which column is the project, the actor, the amount …
(docs/importers.md; examples in examples/mappings/). Each row becomes the same record the other
sources produce: the actor plays its role in the project; when a funder is named (a column or a
constant), the funder funds the project with the amount, received by the actor.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import values
from .identifiers import organisation_number, organisation_number_from_vat, pic, vat_number
from .tabular import CellError, RowTransform, Table

NAME = "table"
FIELDS = ("project", "project_id", "case_id", "actor", "actor_type", "organisation_number", "pic", "vat_number",
          "role", "funder", "amount", "currency", "start", "end", "region", "country", "description")
REQUIRED = ("project", "actor")
PREDICATES = ("owns", "leads", "partnerIn", "funds", "coFinances")
ACTOR_TYPES = ("Municipality", "Region", "University", "Company", "ScienceParkOrIncubator", "Cluster",
               "GovernmentAgency", "ResearchInstitute", "Association", "Fund", "Other")


class MappingError(Exception):
    """A mapping file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: dict[str, str]
    constants: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    sheet: str | None = None
    lang: str = "sv"
    digest: str = ""
    """SHA-256 of the mapping file: a changed mapping re-imports an unchanged table."""

    def has(self, name: str) -> bool:
        return name in self.columns or name in self.constants


def read_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file, or raise :class:`MappingError`."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise MappingError(f"{path}: {e}") from None
    unknown = set(data) - {"table", "columns", "values", "roles"}
    if unknown:
        raise MappingError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; expected [table], [columns], [values], [roles]")
    table, columns, constants, roles = (data.get(k, {}) for k in ("table", "columns", "values", "roles"))
    for section, entries in (("columns", columns), ("values", constants)):
        bad = set(entries) - set(FIELDS)
        if bad:
            raise MappingError(f"{path}: [{section}] has unknown field(s) {', '.join(sorted(bad))}; known: {', '.join(FIELDS)}")
        if not all(isinstance(v, str) and v.strip() for v in entries.values()):
            raise MappingError(f"{path}: [{section}] values must be non-empty strings")
    mapping = Mapping(name=str(table.get("name") or path.stem), columns=columns, constants=constants, roles=roles,
                      delimiter=table.get("delimiter"), sheet=table.get("sheet"), lang=table.get("lang", "sv"),
                      digest=hashlib.sha256(raw).hexdigest())
    _check(path, mapping)
    return mapping


def _check(path: Path, m: Mapping) -> None:
    missing = [f for f in REQUIRED if f not in m.columns]
    if missing:
        raise MappingError(f"{path}: [columns] needs {' and '.join(missing)}")
    for role in [m.constants.get("role"), *m.roles.values()]:
        if role is not None and role not in PREDICATES:
            raise MappingError(f"{path}: role {role!r} is not one of {', '.join(PREDICATES)}")
    if m.constants.get("actor_type") and m.constants["actor_type"] not in ACTOR_TYPES:
        raise MappingError(f"{path}: actor_type {m.constants['actor_type']!r} is not one of {', '.join(ACTOR_TYPES)}")
    if m.has("amount"):
        if not m.has("currency"):
            raise MappingError(f"{path}: an amount needs its currency: a currency column or currency = \"SEK\" in [values]")
        money_role = m.constants.get("role") in ("funds", "coFinances") or "role" in m.columns
        if not m.has("funder") and not money_role:
            raise MappingError(f"{path}: an amount needs a funder (column or value), or role = \"funds\"/\"coFinances\"")


def prepare(table: Table, context) -> RowTransform:
    m: Mapping = context.mapping
    table.require(list(m.columns.values()), m.delimiter)
    evidence = f"{table.path.name}, row {{}}"

    def cell(row: dict, name: str):
        if name in m.columns:
            value = row.get(m.columns[name])
            return value.strip() if isinstance(value, str) else value
        return m.constants.get(name)

    def parsed(row: dict, name: str, parse):
        try:
            return parse(cell(row, name))
        except ValueError as e:
            raise CellError(m.columns.get(name, name), str(e)) from None

    def record(row: dict, n: int) -> dict | None:
        if context.country and m.has("country") and str(cell(row, "country") or "").upper() != context.country:
            return None
        project, actor = (str(cell(row, f) or "").strip() for f in REQUIRED)
        for name, value in (("project", project), ("actor", actor)):
            if not value:
                raise CellError(m.columns[name], "empty")
        role_text = str(cell(row, "role") or "").strip()
        role = m.roles.get(role_text, role_text if role_text in PREDICATES else None) if role_text else "partnerIn"
        if role is None:
            raise CellError(m.columns.get("role"), f"{role_text!r} is not a known role; map it in [roles]")
        amount = parsed(row, "amount", values.decimal)
        currency = str(cell(row, "currency") or "").strip().upper() or None
        if amount is not None and (not currency or len(currency) != 3 or not currency.isalpha()):
            raise CellError(m.columns.get("currency", "currency"), f"{currency!r} is not a currency code (SEK, EUR …)")
        project_id = str(cell(row, "project_id") or "").strip()
        entry = {"name": project, "start": parsed(row, "start", values.date), "end": parsed(row, "end", values.date),
                 "case_id": cell(row, "case_id") or None, "region": cell(row, "region") or None,
                 "description": str(cell(row, "description") or "").strip() or None}
        if project_id:
            entry["key"] = (m.name, project_id)
        ev = evidence.format(n)
        actor_entry = {"name": actor, "type": _actor_type(row, cell)}
        identifiers = _identifiers(row, cell, m)
        if identifiers:
            actor_entry["identifiers"] = identifiers
        actors, relations = [actor_entry], []
        funder = str(cell(row, "funder") or "").strip()
        if role in ("funds", "coFinances") or not funder:
            relations.append({"subject": actor, "predicate": role, "object": project, "amount": amount,
                              "currency": currency, "evidence": ev})
        else:
            actors.append({"name": funder, "type": "Fund"})
            relations += [{"subject": actor, "predicate": role, "object": project, "evidence": ev},
                          {"subject": funder, "predicate": "funds", "object": project, "amount": amount,
                           "currency": currency, "recipient": actor, "evidence": ev}]
        return {"lang": m.lang, "projects": [entry], "actors": actors, "relations": relations}

    return record


def _actor_type(row: dict, cell) -> str:
    kind = str(cell(row, "actor_type") or "Other").strip()
    return kind if kind in ACTOR_TYPES else "Other"


def _identifiers(row: dict, cell, m: Mapping) -> dict[str, str]:
    out = {}
    for name, kind, parse in (("organisation_number", "organisationNumber", organisation_number),
                              ("pic", "pic", pic), ("vat_number", "vatNumber", vat_number)):
        text = str(cell(row, name) or "").strip()
        if text:
            try:
                out[kind] = parse(text)
            except ValueError as e:
                raise CellError(m.columns.get(name, name), str(e)) from None
    if "vatNumber" in out and "organisationNumber" not in out:
        orgnr = organisation_number_from_vat(out["vatNumber"])
        if orgnr:
            out["organisationNumber"] = orgnr
    return out
