"""CORDIS bulk CSVs (FP7, Horizon 2020, Horizon Europe): participants, projects, topics, legal basis.

Which file it is comes from its header. ``organization.csv`` (both the current layout and the
pre-2021 H2020 one) gives one participation per row: the organisation (PIC, VAT number —
a Swedish one also gives the organisation number —, activity type, NUTS region) plays its
role (coordinator → leads, others → partnerIn), and the framework programme funds the project
with the participant's EU contribution in EUR (``netEcContribution``, else ``ecContribution``),
received by that participant. The programme is ``--programme`` when given, else the one a
previously imported ``project.csv`` recorded for the project, else the European Commission.
``project.csv``, ``topics.csv`` and ``legalBasis.csv`` add titles, dates, budgets and programme
details to projects. With ``--country SE``, organisation rows of other countries are skipped,
and the other files keep only projects already in the graph (import organization.csv first).
"""

from __future__ import annotations

from ontology.reference import load_reference
from ontology.terms import IKG, SKOS

from . import values
from .identifiers import organisation_number_from_vat, pic, vat_number
from .tabular import CellError, FileError, RowTransform, Table

NAME = "cordis"
DELIMITER = ";"
PROGRAMMES = {"HORIZON": ("Horizon Europe", []), "H2020": ("Horizon 2020", []),
              "FP7": ("FP7", ["Seventh Framework Programme", "Sjunde ramprogrammet"])}
FALLBACK_FUNDER = ("European Commission", ["Europeiska kommissionen"])
ACTIVITY_TYPES = {"HES": "University", "REC": "ResearchInstitute", "PRC": "Company", "PUB": "Other", "OTH": "Other"}
ROLES = {"coordinator": "leads"}  # participant, partner, thirdParty, associatedPartner → partnerIn
ORGANISATION_ALIASES = {"organisationID": ("organisationID", "id"), "organizationURL": ("organizationURL", "organizationUrl")}


def prepare(table: Table, context) -> RowTransform:
    header = set(table.header)
    if {"projectID", "name", "role"} <= header:
        return _organisations(table, context)
    if {"id", "acronym", "title", "frameworkProgramme"} <= header:
        return _projects(table, context)
    if {"projectID", "topic"} <= header:
        return _project_detail(table, context, "topic", "call_topic")
    if {"projectID", "legalBasis"} <= header:
        return _project_detail(table, context, "legalBasis", "programme_part")
    table.require(["projectID", "organisationID", "name", "role"], DELIMITER)  # names what is missing
    raise FileError(f"{table.path}: not a CORDIS organization, project, topics or legalBasis file")


def _organisations(table: Table, context) -> RowTransform:
    pic_column = next((c for c in ORGANISATION_ALIASES["organisationID"] if c in table.header), None)
    if pic_column is None:
        table.require(["organisationID"], DELIMITER)
    fixed = PROGRAMMES.get((context.programme or "").upper())
    if context.programme and fixed is None:
        raise FileError(f"unknown --programme {context.programme!r}; one of {', '.join(PROGRAMMES)}")
    recorded = {} if fixed else _recorded_programmes(context.store)
    nuts = _swedish_nuts_names()
    evidence = f"{table.path.name}, row {{}}"

    def record(row: dict, n: int) -> dict | None:
        if context.country and row.get("country", "").strip().upper() != context.country:
            return None
        project_id = _required(row, "projectID")
        key = (NAME, project_id)
        project_name = (row.get("projectAcronym") or "").strip() or project_id
        org = _organisation(row, pic_column)
        funder_name, funder_aliases = fixed or recorded.get(project_id, FALLBACK_FUNDER)
        funder = {"name": funder_name, "aliases": funder_aliases, "type": "Fund" if fixed or funder_name != FALLBACK_FUNDER[0] else "GovernmentAgency"}
        ev = evidence.format(n)
        role = (row.get("role") or "").strip()
        if not role:
            raise CellError("role", "empty")
        relations = [{"subject": org["name"], "predicate": ROLES.get(role, "partnerIn"), "object": project_name, "evidence": ev}]
        amount = _amount(row, "netEcContribution")
        amount = _amount(row, "ecContribution") if amount is None else amount
        if amount is not None:
            relations.append({"subject": funder_name, "predicate": "funds", "object": project_name, "amount": amount,
                              "currency": "EUR", "recipient": org["name"], "evidence": ev})
        area = nuts.get((row.get("nutsCode") or "").strip().upper())
        if area:
            relations.append({"subject": org["name"], "predicate": "locatedIn", "object": area})
        return {"lang": "en", "projects": [{"name": project_name, "key": key, "acronym_only": True}], "actors": [org, funder],
                "relations": relations}

    return record


def _organisation(row: dict, pic_column: str) -> dict:
    name = (row.get("name") or "").strip()
    if not name:
        raise CellError("name", "empty")
    short = (row.get("shortName") or "").strip()
    identifiers = {}
    try:
        identifiers["pic"] = pic(row.get(pic_column) or "")
    except ValueError as e:
        raise CellError(pic_column, str(e)) from None
    raw_vat = (row.get("vatNumber") or "").strip()
    if any(c.isdigit() for c in raw_vat):  # placeholders such as NOTAPPLICABLE mean none
        try:
            identifiers["vatNumber"] = vat_number(raw_vat)
        except ValueError as e:
            raise CellError("vatNumber", str(e)) from None
        orgnr = organisation_number_from_vat(identifiers["vatNumber"])
        if orgnr:
            identifiers["organisationNumber"] = orgnr
    return {"name": name, "aliases": [short] if short and short != name else [],
            "type": ACTIVITY_TYPES.get((row.get("activityType") or "").strip(), "Other"), "identifiers": identifiers}


def _projects(table: Table, context) -> RowTransform:
    keep = _known_projects(context.store) if context.country else None

    def record(row: dict, n: int) -> dict | None:
        project_id = _required(row, "id")
        key = (NAME, project_id)
        if keep is not None and key[1] not in keep:
            return None
        acronym, title = (row.get("acronym") or "").strip(), (row.get("title") or "").strip()
        programme = PROGRAMMES.get((row.get("frameworkProgramme") or "").strip().upper())
        project = {"name": title or acronym or project_id, "aliases": [acronym] if title and acronym else [],
                   "key": key, "start": _date(row, "startDate"), "end": _date(row, "endDate"),
                   "budget": _amount(row, "totalCost"), "currency": "EUR",
                   "funding_scheme": (row.get("fundingScheme") or "").strip() or None,
                   "programme_part": (row.get("legalBasis") or "").strip() or None,
                   "call_topic": (row.get("topics") or "").strip() or None,
                   "framework_programme": programme[0] if programme else None,
                   "description": (row.get("objective") or "").strip() or None}
        actors = [{"name": programme[0], "aliases": programme[1], "type": "Fund"}] if programme else []
        return {"lang": "en", "projects": [project], "actors": actors, "relations": []}

    return record


def _project_detail(table: Table, context, column: str, field: str) -> RowTransform:
    keep = _known_projects(context.store) if context.country else None

    def record(row: dict, n: int) -> dict | None:
        key = (NAME, _required(row, "projectID"))
        if keep is not None and key[1] not in keep:
            return None
        value = _required(row, column)
        return {"lang": "en", "projects": [{"key": key, field: value}], "actors": [], "relations": []}

    return record


def _required(row: dict, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise CellError(column, "empty")
    return value


def _amount(row: dict, column: str):
    try:
        return values.decimal(row.get(column))
    except ValueError as e:
        raise CellError(column, str(e)) from None


def _date(row: dict, column: str):
    try:
        return values.date(row.get(column))
    except ValueError as e:
        raise CellError(column, str(e)) from None


def _swedish_nuts_names() -> dict[str, str]:
    """Swedish NUTS codes (NUTS 3 = län, NUTS 2, NUTS 1 ``SE1``… left out) → an area name the
    area resolver knows."""
    ref = load_reference()
    names = {c.nuts3_code: c.name for c in ref.counties}
    names.update({n.code: n.name for n in ref.nuts2})
    names["SE"] = "Sverige"
    return names


def _recorded_programmes(store) -> dict[str, tuple[str, list[str]]]:
    """CORDIS project id → (programme name, aliases) recorded by an earlier project.csv import."""
    from .importer import project_keys

    by_name = {name: (name, aliases) for name, aliases in PROGRAMMES.values()}
    rows = store.query(f"SELECT ?p ?l WHERE {{ ?p {IKG.frameworkProgramme}/{SKOS.prefLabel} ?l }}").rows
    programme = {p: by_name[label.value] for p, label in rows if label.value in by_name}
    return {key: programme[p] for (_, key), p in project_keys(store, NAME).items() if p in programme}


def _known_projects(store) -> set[str]:
    """The CORDIS project ids of projects already in the graph."""
    from .importer import project_keys

    return {key for _, key in project_keys(store, NAME)}
