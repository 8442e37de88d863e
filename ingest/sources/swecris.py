"""SweCRIS export (``/v1/scp/export``): Swedish research and innovation grants, Vinnova's included.

One row is one grant decision (one funding year of a project): the funder (with its
organisation number) funds the project with ``FundingsSek`` SEK, received by the coordinating
organisation (organisation number), which leads the project. People keep name, role and ORCID
only: the export's person ids and gender are dropped (README.md of ../shared/samples).
"""

from __future__ import annotations

import re

from . import values
from .identifiers import orcid, organisation_number
from .tabular import CellError, RowTransform, Table

NAME = "swecris"
DELIMITER = ";"
REQUIRED = ("ProjectId", "ProjectTitleSv", "ProjectTitleEn", "ProjectStartDate", "ProjectEndDate",
            "CoordinatingOrganisationId", "CoordinatingOrganisationNameSv", "FundingOrganisationId",
            "FundingOrganisationNameSv", "FundingsSek", "FundingYear")
ORG_TYPES = (("universit", "University"), ("högskol", "University"), ("compan", "Company"), ("företag", "Company"),
             ("institut", "ResearchInstitute"), ("government", "GovernmentAgency"), ("stat,", "GovernmentAgency"),
             ("kommun", "Municipality"), ("region", "Region"), ("förening", "Association"),
             ("non-profit", "Association"), ("ideell", "Association"))
LEADER_ROLES = {"principal investigator", "projektledare"}
SUBJECT_CODE = re.compile(r"(?:^|,)\s*\d+\s*:")
UNCLASSIFIED = {"Oklassificerat", "Unclassified"}


def prepare(table: Table, context) -> RowTransform:
    table.require(REQUIRED, DELIMITER)
    evidence = f"{table.path.name}, row {{}}"

    def record(row: dict, n: int) -> dict:
        project_id = _cell(row, "ProjectId")
        if not project_id:
            raise CellError("ProjectId", "empty")
        title_sv, title_en = _cell(row, "ProjectTitleSv"), _cell(row, "ProjectTitleEn")
        title = title_sv or title_en
        if not title:
            raise CellError("ProjectTitleSv", "the project has no title (Sv or En)")
        coordinator = _organisation(row, "CoordinatingOrganisation")
        funder = _organisation(row, "FundingOrganisation")
        ev = evidence.format(n)
        relations = [
            {"subject": funder["name"], "predicate": "funds", "object": title, "recipient": coordinator["name"],
             "amount": _parse(row, "FundingsSek", values.decimal), "currency": "SEK",
             "year": _parse(row, "FundingYear", values.year), "evidence": ev},
            {"subject": coordinator["name"], "predicate": "leads", "object": title, "evidence": ev},
        ]
        people = list(_people(row.get("InvolvedPeople") or ""))
        relations += [{"subject": p["name"], "predicate": "leads" if p.pop("leader") else "partnerIn",
                       "object": title, "evidence": ev} for p in people]
        case_id = project_id.rsplit("_", 1)[0] if "_" in project_id else project_id
        project = {"name": title, "aliases": [title_en] if title_sv and title_en else [],
                   "key": (NAME, project_id), "case_id": case_id,
                   "start": _parse(row, "ProjectStartDate", values.date), "end": _parse(row, "ProjectEndDate", values.date),
                   "funding_scheme": _cell(row, "TypeOfAwardDescrSv") or _cell(row, "TypeOfAwardDescrEn") or None,
                   "description": _cell(row, "ProjectAbstractSv") or _cell(row, "ProjectAbstractEn") or None,
                   "categories": _subjects(row.get("Scbs") or "")}
        return {"lang": "sv", "projects": [project], "actors": [coordinator, funder, *people], "relations": relations}

    return record


def _cell(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def _parse(row: dict, column: str, parse):
    try:
        return parse(row.get(column))
    except ValueError as e:
        raise CellError(column, str(e)) from None


def _organisation(row: dict, prefix: str) -> dict:
    """An organisation from its ``…Id``, ``…NameSv``/``…NameEn`` and ``…TypeOfOrganisation…`` cells;
    "KTH, Kungliga tekniska högskolan" also gives the names "KTH" and "Kungliga tekniska högskolan"."""
    name_sv, name_en = _cell(row, prefix + "NameSv"), _cell(row, prefix + "NameEn")
    name = name_sv or name_en
    if not name:
        raise CellError(prefix + "NameSv", "the organisation has no name")
    aliases = [part.strip() for part in name.split(", ")] if name.count(", ") == 1 else []
    aliases += [name_en] if name_en and name_en != name else []
    org = {"name": name, "aliases": aliases,
           "type": _org_type(_cell(row, prefix + "TypeOfOrganisationEn") + " " + _cell(row, prefix + "TypeOfOrganisationSv"))}
    number = _cell(row, prefix + "Id")
    if number:
        try:
            org["identifiers"] = {"organisationNumber": organisation_number(number)}
        except ValueError as e:
            raise CellError(prefix + "Id", str(e)) from None
    return org


def _org_type(text: str) -> str:
    lowered = text.casefold()
    return next((kind for cue, kind in ORG_TYPES if cue in lowered), "Other")


def _people(packed: str):
    """``¤¤¤id¤name¤ORCID¤roleEn¤roleSv¤gender`` repeated → name, role, ORCID (nothing else is kept)."""
    for entry in packed.split("¤¤¤"):
        fields = entry.split("¤")
        if len(fields) < 5 or not fields[1].strip():
            continue
        role_en, role_sv = fields[3].strip(), fields[4].strip()
        person = {"name": fields[1].strip(), "type": "Person", "title": role_sv or role_en,
                  "leader": role_en.casefold() in LEADER_ROLES or role_sv.casefold() in LEADER_ROLES}
        if orcid(fields[2]):
            person["orcid"] = orcid(fields[2])
        yield person


def _subjects(packed: str) -> list[str]:
    """SCB research subjects ``¤¤¤ 2: Teknik, Engineering and Technology, 203: Maskinteknik, …``
    → their names ("Teknik", "Engineering and Technology", "Maskinteknik" …), for classification;
    "Oklassificerat" says nothing.

    >>> _subjects("¤¤¤ 2: Teknik, Engineering and Technology, 20304: Energiteknik, Energy Engineering")
    ['Teknik', 'Engineering and Technology', 'Energiteknik', 'Energy Engineering']
    """
    names = []
    for entry in packed.split("¤¤¤"):
        for part in SUBJECT_CODE.split(entry):
            names += [n.strip() for n in part.split(",") if n.strip() and n.strip() not in UNCLASSIFIED]
    return list(dict.fromkeys(names))
