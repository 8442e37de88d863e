"""The extraction pipeline: lines → blocks with a project in focus → mentions → relations.

Stages (each a method of :class:`Extractor`, run in this order):

1. mentions: organisations, funds and people of every line, registered with alias merging;
2. projects: from labels, list items, table rows and prose, each with the lines it governs;
3. relations: label roles (``Projektägare: X``), financing tables (actor line + amount line),
   list records ("Name: Owner", "Name, Owner, 1 000 kr"), prose cues ("i samverkan med …",
   "X beviljas N kr för projektet P"), people (title + employer, project leaders);
4. the default funder (section fund, granting body, fund named in the text, prioritising
   committee, region) for projects whose money has no named source;
5. output in the schema of SCHEMA.md, with evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import org_type
from .dates import find_period
from .descriptors import described_names, is_descriptor
from .gazetteer import gazetteer
from .money import find_amounts, is_range
from .orgs import STOP_CAP, Mention, find_orgs, split_names
from .people import NAME, TITLE_WORDS, find_people, is_person_line
from .projects import clean_item_title, prose_projects, split_title
from .registry import Entity, Project, Registry, norm
from .relations import after_cues, before_cues, label_role
from .structure import Line, parse_lines, split_sentences, standalone

ALL_PROJECTS = "\x00all"
_PLURAL_SCOPE = re.compile(r"(?i)\b(?:projekten|the projects|samtliga projekt|alla projekt|"
                           r"(?:för|for) (?:\w+ )?(?:projekt|projects))\b")
_AGGREGATE = re.compile(r"(?i)\b(?:\d+|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|flera)\s+(?:\w+\s+)?projekt")
_DESCRIPTORS = {"nätverket", "konsultföretaget", "företaget", "föreningen", "ideella", "organisationen", "bolaget",
                "stiftelsen", "kommunerna", "municipal", "association", "company", "network", "klustret", "projektägaren",
                "inkubatorn", "myndigheten", "universitetet", "region", "partners", "regionala", "the", "bland"}
# Headings that name a section of a page, never a project.
_SECTION_WORDS = {"fakta", "information", "finansiering", "kontakt", "projektfakta", "sammanfattning", "bakgrund",
                  "syfte", "mål", "resultat", "om projektet", "projektinformation", "kort om projektet", "detaljer",
                  "facts", "contact", "about", "summary", "budget", "ekonomi", "organisation", "kontaktuppgifter",
                  "mer information", "more information", "läs mer", "beslut", "ärende", "projektet", "the project",
                  "project facts", "key facts", "fakta om projektet", "målgrupp", "förväntat resultat", "aktiviteter"}
_STRONG_TYPES = {"Region", "Municipality", "University", "GovernmentAgency", "Fund", "Company"}
_COMMITTEE = re.compile(r"(?i)partnerskap|nämnd|kommitté|utskott|styrelse")


@dataclass
class Rel:
    subject: str
    predicate: str
    object: str
    amount: int | None
    evidence: str


class Extractor:
    def __init__(self, name: str, text: str, lang: str):
        self.name = name
        self.text = text
        self.lang = lang
        self.lines = parse_lines(text)
        self.reg = Registry(lang)
        self.rels: list[Rel] = []
        self.line_project: dict[int, Project] = {}
        self.list_projects: set[int] = set()
        self.section_fund: dict[int, Entity] = {}
        self.project_amount: dict[int, tuple[int | None, str]] = {}
        self.persons: set[int] = set()
        self.focus: Entity | None = None
        self.pending_owner: tuple[Entity, int] | None = None
        self.last_named: list[Project] = []
        self.heading_projects: list[tuple[Project, int]] = []
        self.doc_funder: Entity | None = None

    # ------------------------------------------------------------------ helpers
    def _org(self, m: Mention, evidence: str) -> Entity:
        return self.reg.actor(m.name, m.type or ("Fund" if m.fund else None), evidence, fund=m.fund,
                              aliases=m.aliases)

    def _person(self, name: str, evidence: str, title: str | None = None) -> Entity:
        e = self.reg.actor(name, "Person", evidence)
        e.type = "Person"
        e.title = e.title or title
        self.persons.add(id(e))
        return e

    def rel(self, subject: Entity | str, predicate: str, obj: Entity | Project | str, amount: int | None,
            evidence: str) -> None:
        if predicate in ("funds", "coFinances") and isinstance(subject, Entity) and re.search(r"(?i)nämnd|utskott",
                                                                                              subject.name):
            region = next((a for a in self.reg.actors if a.type == "Region"), None)
            subject = region or subject
        s = subject if isinstance(subject, str) else subject.name
        o = obj if isinstance(obj, str) else obj.name
        if not s or not o or s == o:
            return
        self.rels.append(Rel(s, predicate, o, amount, evidence.strip()[:400]))

    def resolve(self, name: str, evidence: str, allow_new: bool = True) -> Entity | None:
        """An organisation (or person) for a name taken from a role context."""
        name = name.strip(" .,:;\"”“'")
        if not name or len(name) < 2:
            return None
        found = self.reg.find(name)
        if found is not None:
            return found
        if self.reg.find_project(name) is not None:
            return None
        mentions = find_orgs(name)
        if mentions and mentions[0].start == 0 and len(mentions[0].name) >= len(name) - 2:
            return self._org(mentions[0], evidence)
        if mentions:
            return self._org(mentions[0], evidence)
        if not allow_new:
            return None
        if is_person_line(name):
            return self._person(name, evidence)
        words = name.split()
        if len(words) > 7 or words[0] in STOP_CAP - {"The"} or not (name[0].isupper() or name[0].isdigit()):
            return None
        if find_amounts(name) or re.search(r"[%*()]", name):
            return None
        if name.isdigit() and not re.search(rf"(?:företaget|bolaget|vd|VD)\s+{name}\b", self.text):
            return None
        if gazetteer().counties.get(name) or name in gazetteer().nuts:
            return None
        if len(words) > 1 and re.fullmatch(r"[a-zåäö]+(?:er|ar|or|na|erna|arna)", words[-1]):
            return None
        if re.fullmatch(r"(?i)(?:science )?(?:parks|clusters|universities|incubators|companies)|[\wÅÄÖ]+-[a-zåäö]+(?:er|ar|or)",
                        name):
            return None
        return self.reg.actor(name, org_type(name), evidence)

    def names_in(self, segment: str, evidence: str, allow_new: bool = True, strict: bool = False) -> list[Entity]:
        """Organisations named in a list segment ("A, B och C"): known names first, the rest by splitting."""
        out: list[Entity] = []
        segment = re.split(r"\s+(?:som|who|which|där|where|för att|to|med målet|i syfte)\s+|[.;:](?:\s|$)", segment)[0]
        mentions = find_orgs(segment)
        residue = segment
        for m in reversed(mentions):
            residue = residue[:m.start] + " , " + residue[m.end:]
        found: list[tuple[int, Entity]] = [(m.start, self._org(m, evidence)) for m in mentions]
        for part in split_names(residue):
            content = [w for w in part.split()[1:] if w[:1].islower() and w not in ("för", "i", "och", "av", "&", "of", "for")]
            if strict and len(content) >= 2:
                continue
            e = self.resolve(part, evidence, allow_new)
            if e is not None:
                found.append((segment.find(part), e))
        for _, e in sorted(found, key=lambda x: x[0]):
            if e not in out:
                out.append(e)
        return out

    # ------------------------------------------------------------------ stage 1: mentions
    def _contact_blocks(self) -> None:
        """A name alone on a line followed by 'Titel, Organisation' (contact boxes, signatures)."""
        for line, nxt in zip(self.lines, self.lines[1:]):
            m = re.match(rf"^(?P<t>(?:{TITLE_WORDS}))\b[\s,]*(?:(?:på|vid|i|för|at)\s+)?(?P<o>.*)$", nxt.text, re.IGNORECASE)
            if not (re.fullmatch(NAME, line.text) and m) or find_orgs(line.text) or nxt.label:
                continue
            person = self._person(line.text, f"{line.text} {nxt.text}", m.group("t"))
            orgs = find_orgs(m.group("o"))
            org = self._org(orgs[0], nxt.text) if orgs else None
            project = self.line_project.get(nxt.index) or self._only_project()
            if org is not None:
                self.rel(person, "worksFor", org, None, f"{line.text} {nxt.text}")
            if project is not None and re.search(r"(?i)projektledare|project manager|projektkoordinator", m.group("t")):
                self.rel(person, "leads", project, None, f"{line.text} {nxt.text}")

    def mentions(self) -> None:
        for line in self.lines:
            text = line.text
            for m in find_orgs(text):
                e = self._org(m, text)
                after = text[m.end:m.end + 40]
                par = re.match(r"\s*\(([^()]{2,60})\)", after)
                if par:
                    inner = par.group(1).strip()
                    if m.type == "Fund" and find_orgs(inner) and find_orgs(inner)[0].type == "Fund":
                        other = find_orgs(inner)[0]
                        if m.fund is None and other.fund is not None or m.fund and other.fund and m.fund.id != other.fund.id:
                            self._org(other, text)
                        else:
                            self.reg.actor(other.name, "Fund", text, alias_of=e.name, fund=other.fund)
                    elif re.fullmatch(r"[A-ZÅÄÖ][\wÅÄÖåäö&+-]{1,9}", inner) and not inner[1:].islower():
                        self.reg.actor(inner, e.type, text, alias_of=e.name)
                    else:
                        via = re.sub(r"^(?:via|genom)\s+(?:verksamheten\s+i\s+)?", "", inner)
                        if via[:1].isupper() and len(via.split()) <= 4 and not find_people(via) \
                                and m.fund is None:
                            member = self.resolve(via, text)
                            if member is not None and member is not e:
                                self.rel(member, "memberOf", e, None, text)
                trail = re.match(r"\s+([A-ZÅÄÖ]{2,6})\b(?!\s+[a-zåäö])", after)
                if trail and m.type and trail.group(1) not in ("AB", "EU"):
                    self.reg.actor(trail.group(1), e.type, text, alias_of=e.name)
            for m in re.finditer(r"(?:t\.?\s?ex\.?|såsom|bland andra|bl\.a\.|till exempel|such as)\s+(?P<list>[^.;:]+)", text):
                if len(find_orgs(m.group("list"))) >= 1 and len(split_names(m.group("list"))) >= 3:
                    self.names_in(re.sub(r",?\s*m\.?\s?fl\.?.*$", "", m.group("list")), text)
            self._described(text)
            for sentence in split_sentences(text):
                for p in find_people(sentence):
                    self._person(p.name, sentence, p.title)
                    self._person_org(p, sentence)

    def _described(self, text: str) -> None:
        """Names typed by a descriptor or an apposition ("inkubatorn X", "X, ett företag i …").

        A name inside a longer organisation mention keeps that mention's own type; an entity
        registered without a type (from a list, say) gets the described one.
        """
        spans = find_orgs(text)
        for start, name, typ in described_names(text):
            end = start + len(name)
            if any(m.start < end and start < m.end for m in spans) or find_people(name):
                continue
            e = self.reg.find(name)
            if e is None:
                self.reg.actor(name, typ, text)
            elif e.type is None:
                e.type = typ

    # ------------------------------------------------------------------ stage 2: projects
    def _intro_mentions_projects(self, i: int) -> bool:
        """Whether the text before list item ``i`` announces a list of projects."""
        for j in range(i - 1, -1, -1):
            line = self.lines[j]
            if line.kind == "item" or line.raw[:1].isspace():
                continue
            return bool(re.search(r"(?i)projekt|project|beviljades|prioriterades|beslut", line.text))
        return False

    def projects(self) -> None:
        """Two passes: the second knows every title, so later mentions ("projektet upphandlingsdriven …")
        put the right project in focus."""
        self._project_pass()
        self.line_project = {}
        self.heading_projects = []
        self._project_pass()

    def _project_pass(self) -> None:
        current: Project | None = None
        item_project: Project | None = None
        item_level = 0
        for i, line in enumerate(self.lines):
            role = label_role(line.label) if line.label else None
            if role == "project":
                value = line.value or (self.lines[i + 1].text if i + 1 < len(self.lines) else "")
                if value:
                    name, aliases = split_title(clean_item_title(value))
                    current = self.reg.project(name, aliases)
                    self.list_projects.add(id(current))
                    item_project = None
            elif line.kind == "item" and not role and (item_project is None or line.level <= item_level):
                p = self._item_project(i, line)
                item_project = p
                item_level = line.level
                if p is not None:
                    current = p
            elif line.kind == "item":
                pass
            elif line.kind != "item" and not line.raw[:1].isspace():
                item_project = None
            if line.kind == "heading" and re.match(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]{1,12}\s+[-–]\s+[A-ZÅÄÖ]", line.text) \
                    and not find_orgs(line.text.split()[0]):
                current = self.reg.project(*split_title(line.text))
            elif line.kind == "heading" and self._heads_record(i):
                current = self.reg.project(*split_title(clean_item_title(line.text)))
                self.list_projects.add(id(current))
                self.heading_projects.append((current, i))
            for sentence in split_sentences(line.text) if line.kind != "kv" else [line.text]:
                if re.match(r"(?i)^(?:it|this|det|detta|denna satsning) (?:is|är) (?:a|an|ett) (?:[\w-]+ ){0,3}"
                            r"(?:project|projekt)\b", sentence) and self._title_project() is not None:
                    current = self._title_project()
                low = sentence.casefold()
                for p in self.reg.projects:
                    if len(p.name) >= 12 and standalone(p.name.casefold(), low) \
                            and item_project is None and line.kind != "kv":
                        current = p
                for name, _, _ in prose_projects(sentence):
                    e = self.reg.find(name)
                    if e is not None and (id(e) in self.persons or e.type in _STRONG_TYPES):
                        continue
                    title, aliases = split_title(name)
                    p = self.reg.project(title, aliases)
                    if item_project is None:
                        current = p
            if item_project is not None:
                self.line_project[i] = item_project
            elif current is not None:
                self.line_project[i] = current
        self._table_projects()
        self._merge_heading_projects()

    def _title_project(self) -> Project | None:
        """The document title as a project, when a sentence says "it is a project" about the page."""
        if not self.lines or self.lines[0].kind != "heading":
            return None
        title = self.lines[0].text
        e = self.reg.find(title)
        if e is not None and (id(e) in self.persons or e.type in _STRONG_TYPES) or find_people(title) \
                or label_role(title) or len(title.split()) > 6:
            return None
        project = self.reg.project(*split_title(title))
        self.line_project.setdefault(0, project)
        return project

    def _heads_record(self, i: int) -> bool:
        """A heading directly followed by project labels (EU-stöd:, Projektperiod:, Sökande: …) titles a project."""
        line = self.lines[i]
        if line.text.casefold().rstrip(":") in _SECTION_WORDS:
            return False
        if label_role(line.text) or find_orgs(line.text) and find_orgs(line.text)[0].start == 0 \
                or re.search(r"(?i)\bprojekt|\bproject", line.text) or len(line.text.split()) > 10:
            return False
        prev = self.lines[i - 1] if i > 0 else None
        if prev is not None and prev.label and not prev.value or find_people(line.text) or is_person_line(line.text):
            return False
        if any(n.label and label_role(n.label) == "project" for n in self.lines[i + 1:i + 3]):
            return False
        for nxt in self.lines[i + 1:i + 3]:
            if nxt.label and nxt.value and label_role(nxt.label) in ("amount", "period", "owns", "leads", "budget"):
                return True
            if nxt.kind == "heading":
                break
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return bool(prev is not None and nxt is not None and re.search(r"(?i)projekt|project", prev.text)
                    and not re.search(r"\d", line.text)
                    and (prev.kind == "heading" or prev.text.rstrip().endswith((":", ")")))
                    and any(m.start <= 2 for m in find_orgs(nxt.text)) and len(line.text.split()) >= 2)

    def _merge_heading_projects(self) -> None:
        """'Kompetenslyftet' named in prose under the heading 'Kompetenslyftet stärker industrin' is that project."""
        for p, i in self.heading_projects:
            for q in self.reg.projects:
                if q is not p and p.name.startswith(q.name + " ") and any(
                        self.line_project.get(j) is p for j in range(i, min(len(self.lines), i + 12))):
                    for j, r in list(self.line_project.items()):
                        if r is p:
                            self.line_project[j] = q
                    self.list_projects.add(id(q))
                    self.reg.projects = [x for x in self.reg.projects if x is not p]
                    break

    def _is_actor_name(self, name: str) -> bool:
        e = self.reg.find(name)
        return e is not None and (e.type not in (None, "Other") or id(e) in self.persons)

    def _item_project(self, i: int, line: Line) -> Project | None:
        text = line.text
        if re.match(r"(?i)^(?:projektet|i projektet|inom projektet|the project)\s", text) or len(text.split()) > 16:
            return None
        if re.search(r"[.!?]$", text) and not re.search(r"\d[  ]\d{3}", text) and len(text.split()) > 8:
            return None
        record = self._record(text)
        if record is None and not (self._intro_mentions_projects(i) or self._has_children(i)):
            return None
        name, owner, amount = record if record else (clean_item_title(text), None, None)
        if re.match(r"^\d[\d  ]*\s+[a-zåäö]", name):
            return None
        if not name or not (name[:1].isupper() or name[:1].isdigit()) or self._is_actor_name(name) \
                or not re.search(r"[A-Za-zÅÄÖåäö]{2}", name):
            return None
        if find_people(name) and len(name.split()) <= 3:
            return None
        title, aliases = split_title(name)
        p = self.reg.project(title, aliases)
        self.list_projects.add(id(p))
        period = find_period(text)
        if period:
            p.start, p.end = period
        if owner:
            for e in self._owners(owner, text):
                self.rel(e, "owns", p, None, text)
        if amount is not None:
            self.project_amount[id(p)] = (amount, text)
        return p

    def _owners(self, owner: str, evidence: str) -> list[Entity]:
        """Owners in a record value; 'X, long form of X' (an apposition without another name) is one owner."""
        head, _, rest = owner.partition(",")
        ms = find_orgs(head)
        if rest and ms and ms[0].start == 0 and not find_orgs(rest) and not re.search(r"\boch\b.*\b(?:AB|kommun)\b", rest):
            e = self._org(ms[0], evidence)
            self.reg.actor(owner.strip(), e.type, evidence, alias_of=e.name)
            return [e]
        return self.names_in(owner, evidence)

    def _has_children(self, i: int) -> bool:
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return nxt is not None and (nxt.level > self.lines[i].level and nxt.kind == "item"
                                    or (nxt.raw[:1].isspace() and nxt.kind != "item" and len(self.lines[i].text.split()) <= 14))

    def _record(self, text: str) -> tuple[str, str | None, int | None] | None:
        """'Name: Owner', 'Name, projektägare Owner', 'Name, Owner, 1 000 kronor' → (name, owner, amount)."""
        m = re.match(r"^(?P<name>.+?),\s*(?:projektägare|projektägaren|sökande|stödmottagare)\s+(?P<owner>[A-ZÅÄÖ].+)$", text)
        if m:
            return clean_item_title(m.group("name")), m.group("owner"), None
        amounts = find_amounts(text)
        m = re.match(r"^(?P<name>.+),\s*(?P<owner>[^,]+),\s*(?P<amount>[^,]+)$", text)
        if m and amounts and amounts[-1].start >= m.start("amount"):
            return clean_item_title(m.group("name")), m.group("owner"), amounts[-1].sek
        m = re.match(r"^(?P<name>[^:]{3,120}):\s+(?P<owner>[A-ZÅÄÖ].{1,120})$", text)
        if m and (find_orgs(m.group("owner")) or len(m.group("owner").split()) <= 6) and not label_role(m.group("name")):
            return clean_item_title(m.group("name")), m.group("owner"), None
        return None

    def _table_projects(self) -> None:
        """Rows of a project table flattened to one cell per line: title, applicant, amount."""
        header = [i for i, l in enumerate(self.lines) if re.fullmatch(r"(?i)projektnamn|projekt|project", l.text)]
        if not header or not any(re.fullmatch(r"(?i)sökande|projektägare|stödmottagare|organisation", l.text)
                                 for l in self.lines[header[0]:header[0] + 4]):
            return
        for i in range(header[0] + 2, len(self.lines)):
            line = self.lines[i]
            amounts = find_amounts(line.text)
            if not amounts or len(line.text.split()) > 5 or i < 2:
                continue
            owner_line, title_line = self.lines[i - 1], self.lines[i - 2]
            if find_amounts(owner_line.text) or len(title_line.text.split()) > 12:
                continue
            title, aliases = split_title(clean_item_title(title_line.text))
            p = self.reg.project(title, aliases)
            self.list_projects.add(id(p))
            for e in self.names_in(owner_line.text, owner_line.text):
                self.rel(e, "owns", p, None, owner_line.text)
            self.project_amount[id(p)] = (amounts[0].sek, line.text)
            for j in range(i - 2, min(len(self.lines), i + 2)):
                self.line_project[j] = p
            if i + 1 < len(self.lines):
                self.line_project[i + 1] = p

    # ------------------------------------------------------------------ stage 3: relations
    def relations(self) -> None:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.label and label_role(line.label):
                for sentence in split_sentences(line.value or "")[1:]:
                    self._sentence(i, sentence)
                i = self._label(i, line)
                continue
            if line.kind == "heading" and label_role(line.text) in ("amount", "budget") and i + 1 < len(self.lines) \
                    and find_amounts(self.lines[i + 1].text):
                line.label, line.value = line.text, ""
                i = self._label(i, line)
                continue
            if line.kind == "heading" and re.search(r"(?i)medfinans", line.text):
                self._finance_row(i)
            self._section(i, line)
            for sentence in split_sentences(line.text):
                self._sentence(i, sentence)
            i += 1

    def _section(self, i: int, line: Line) -> None:
        """Headings and intros that name a fund govern the items below them."""
        if line.kind == "item":
            return
        funds = [m for m in find_orgs(line.text) if m.type == "Fund"]
        if funds and len(line.text.split()) <= 25 and (
                line.kind == "heading" or line.text.rstrip().endswith(":") or re.search(r"(?i)^(?:projekt|ur |inom )", line.text)):
            e = self._org(funds[0], line.text)
            for j in range(i, len(self.lines)):
                if j > i and self.lines[j].kind != "item" and [m for m in find_orgs(self.lines[j].text) if m.type == "Fund"] \
                        and (self.lines[j].kind == "heading" or self.lines[j].text.rstrip().endswith(":")):
                    break
                self.section_fund[j] = e

    def _finance_row(self, i: int) -> None:
        """'Offentlig medfinansiering' / actor / amount on three lines (project-bank tables)."""
        if i + 2 >= len(self.lines):
            return
        actor_line, amount_line = self.lines[i + 1], self.lines[i + 2]
        amounts = find_amounts(amount_line.text)
        if not amounts or find_amounts(actor_line.text) or re.search(r"(?i)summa|total", self.lines[i].text):
            return
        p = self.line_project.get(i) or self._only_project()
        for e in self.names_in(actor_line.text, actor_line.text):
            if p is not None:
                self.rel(e, "coFinances", p, amounts[0].sek, f"{self.lines[i].text} {actor_line.text} {amount_line.text}")

    def _only_project(self) -> Project | None:
        return self.reg.projects[0] if len(self.reg.projects) == 1 else None

    def _label(self, i: int, line: Line) -> int:
        role = label_role(line.label or "")
        value = line.value or ""
        nxt = i + 1
        values = [value] if value else []
        if not value:
            while nxt < len(self.lines) and not self.lines[nxt].label and len(values) < 3 and \
                    not (values and self.lines[nxt].kind == "heading" and role in ("case", "period", "project")):
                values.append(self.lines[nxt].text)
                nxt += 1
                if role in ("case", "period", "project", "amount", "budget", "owns"):
                    break
        p = self.line_project.get(i) or self._only_project()
        ev = f"{line.text} {' '.join(values)}".strip()
        first = values[0] if values else ""
        if role == "owns":
            owner_role = "partnerIn" if re.search(r"\(partner\)", first) else "owns"
            for e in self.names_in(re.sub(r"\((?:huvudsökande|partner|koordinator)\)", "", first), ev):
                if p is not None:
                    self.rel(e, owner_role, p, None, ev)
        elif role in ("partnerIn", "funds", "coFinances") and not value and role != "funds":
            for j in range(i + 1, min(len(self.lines), i + 25)):
                if self.lines[j].label:
                    break
                cell = self.lines[j].text
                ms = find_orgs(cell)
                if ms and ms[0].start == 0 and p is not None:
                    self.rel(self._org(ms[0], cell), role, p, None, f"{line.text} {cell}")
        elif role in ("partnerIn", "funds", "coFinances") and not re.match(r"(?i)medfinansiering (?:av|från)\s", line.label or ""):
            for v in values[:1] if value else values:
                for e in self.names_in(v, ev):
                    if p is not None:
                        self.rel(e, role, p, None, ev)
        elif role == "coFinances":
            m = re.match(r"(?i)medfinansiering (?:av|från)\s+(.+)$", line.label or "")
            if m:
                amount = find_amounts(value)
                for e in self.names_in(m.group(1), ev):
                    if p is not None:
                        self.rel(e, "coFinances", p, amount[0].sek if amount else None, ev)
        elif role in ("leads", "person", "signatory", "staff"):
            self._label_person(role, line, values, p, ev)
        elif role == "period" and p is not None:
            period = find_period(" ".join(values))
            if period:
                p.start, p.end = period
        elif role == "case" and p is not None and first:
            m = re.search(r"[\w-]*\d[\w/-]*", first)
            if m and not p.case_id:
                p.case_id = m.group(0)
        elif role == "amount" and p is not None:
            amounts = [a for a in find_amounts(" ".join(values[:1])) if a.sek]
            if amounts and not is_range(first):
                if id(p) not in self.project_amount or re.search(r"(?i)summa|beviljat", line.label or ""):
                    self.project_amount[id(p)] = (amounts[0].sek, ev)
            elif first and re.search(r"(?i)euro|€", first):
                self.project_amount.setdefault(id(p), (None, ev))
        elif role == "budget" and p is not None:
            amounts = [a for a in find_amounts(" ".join(values[:1])) if a.sek]
            if amounts and p.budget_sek is None:
                p.budget_sek = amounts[0].sek
        elif role == "region" and p is not None and first:
            p.region = p.region or first.strip()
        return nxt if not value and role in ("case", "period", "project", "amount", "budget") else i + 1

    def _label_person(self, role: str, line: Line, values: list[str], p: Project | None, ev: str) -> None:
        if not values:
            return
        people = find_people(values[0]) or ([] if not is_person_line(values[0].split(",")[0]) else None)
        name = people[0].name if people else None
        if name is None:
            m = re.match(r"^([A-ZÅÄÖ][\wé-]+(?:\s+[A-ZÅÄÖ][\wé-]+){1,2})", values[0])
            name = m.group(1) if m and not find_orgs(m.group(1)) else None
        if name is None:
            return
        person = self._person(name, ev, people[0].title if people else None)
        if role == "leads" and p is not None:
            self.rel(person, "leads", p, None, ev)
            person.title = person.title or "projektledare"
        org_text = None
        if people and people[0].org:
            org_text = people[0].org
        elif len(values) > 1 and not find_amounts(values[1]) and not re.search(r"\d{3}", values[1]):
            org_text = values[1]
        if role == "staff":
            owner = self.resolve(re.sub(r"s\s.*$", "", line.label or ""), ev)
            if owner is not None:
                self.rel(person, "worksFor", owner, None, ev)
            return
        if role == "signatory" and p is not None:
            owners = [r.subject for r in self.rels if r.predicate == "owns" and r.object == p.name]
            if owners:
                self.rel(person, "worksFor", owners[0], None, ev)
            return
        if org_text and role == "leads":
            orgs = find_orgs(org_text)
            e = self._org(orgs[0], ev) if orgs else self.reg.find(org_text)
            if e is not None:
                self.rel(person, "worksFor", e, None, ev)

    # -- prose
    def _sentence(self, i: int, sentence: str) -> None:
        named = [self.reg.find_project(n) for n, _, _ in prose_projects(sentence)]
        low = sentence.casefold()
        spans = [(s, e) for _, s, e in prose_projects(sentence)]
        for p in self.reg.projects:
            m = standalone(p.name.casefold(), low) if len(p.name) >= 8 else None
            if m and not any(s <= m.start() and m.end() <= e and (s, e) != (m.start(), m.end()) for s, e in spans) \
                    and all(p is not q for q in named):
                named.append(p)
        named = [p for k, p in enumerate(named) if p is not None and all(p is not q for q in named[:k])]
        in_scope = named or ([self.line_project[i]] if i in self.line_project else
                             ([self._only_project()] if self._only_project() else []))
        if not in_scope and not self.reg.projects and self.focus is not None:
            in_scope = [self.focus]
        if not in_scope and re.match(r"(?i)^(?:projektet|pengarna|bidraget|the project)\b", sentence) and self.last_named:
            in_scope = self.last_named[:1]
        plural = bool(_PLURAL_SCOPE.search(sentence)) and not named
        targets: list[Project | str] = [ALL_PROJECTS] if plural else list(in_scope)
        if not named and re.search(r"(?i)\b(?:de båda|båda|dessa|de två|both)\s+\w*projekt", sentence) and self.last_named:
            targets, plural = list(self.last_named), False
        if named:
            self.last_named = named
        amounts = [a for a in find_amounts(sentence) if a.sek is not None and not is_range(a.text)]
        if re.search(r"(?i)\b(?:totalt|sammanlagt|in total|a total of|\d+ projekt|\w+projekt)\b", sentence) and not named:
            amounts = []
        for cue, segment, at in after_cues(sentence):
            allow_new = cue.predicate in ("partnerIn", "owns")
            if cue.predicate == "funds" and re.search(r"(?i)(?:söker|ansöker|söka|ansöka|sökt)\s+(?:\w+\s+){0,3}$",
                                                      sentence[:at]):
                continue
            if cue.predicate == "partnerIn":
                segment = re.split(r"\s+med\s+(?=[a-zåäö])", segment)[0]
            segment = re.split(r",\s+(?!the\b|den\b|det\b|de\b|och\b|samt\b)(?=[a-zåäö]+(?:s|r|de|te)\b)", segment)[0]
            segment = re.split(r"\s+(?:och|samt|and)\s+(?=[a-zåäö]+\s+(?:med|av|från|till|är|har|ska|kommer|blir|var)\b)",
                               segment)[0]
            if cue.predicate == "funds" and (self.lines[i].kind == "heading" or re.search(r"\beller\b", segment)):
                continue
            if cue.predicate == "funds":
                segment = re.split(r"\s+(?:med stöd av|as well as|samt med stöd|via|through)\s+", segment)[0]
            lead = re.match(r"(?:(?:den|det|de|the|a|an)\s+)?([a-zåäö]+)\s", segment)
            if lead and lead.group(1) not in _DESCRIPTORS and not is_descriptor(lead.group(1)) \
                    and not find_orgs(segment[:30]):
                continue
            for e in self.names_in(segment, sentence, allow_new, strict=True):
                if id(e) in self.persons and cue.predicate != "leads":
                    continue
                if cue.predicate in ("funds", "coFinances") and e.type == "Person":
                    continue
                for t in targets:
                    amount = amounts[0].sek if (len(amounts) == 1 and cue.predicate in ("funds", "coFinances")
                                                and not plural and len(targets) == 1) else None
                    self.rel(e, cue.predicate, t, amount, sentence)
                    if cue.predicate == "partnerIn" and re.search(r"(?i)consisting of", sentence) and \
                            re.search(r"(?i)funded|financed", sentence):
                        self.rel(e, "coFinances", t, None, sentence)
        for cue, before in before_cues(sentence):
            if cue.predicate == "partnerIn" and re.search(r"(?i)projektägaren?\s+(?:\S+\s+){0,6}\S+\s*$", before):
                continue
            subjects = self._subjects(before, sentence, allow_new=cue.predicate in ("owns", "partnerIn"))
            if not subjects:
                continue
            if cue.predicate == "owns" and not named and re.search(r"(?i)\bprojekt(?:en)?\b|\d+ projekt|två|tre|fyra", sentence) \
                    and re.search(r"(?i)(?:två|tre|fyra|fem|\d+|flera|de|följande)\s+(?:av de )?(?:\w+\s+)?projekt", sentence):
                self.pending_owner = (subjects[-1], i)
                continue
            if cue.predicate == "funds" and not plural and (not targets or not named and not in_scope
                                                            or not named and _AGGREGATE.search(sentence)):
                continue
            for subj in subjects:
                for t in targets:
                    amount = amounts[0].sek if len(amounts) == 1 and cue.predicate in ("funds", "coFinances") else None
                    if cue.predicate == "funds" and not isinstance(t, str) and self._is_owner(subj, t):
                        continue
                    self.rel(subj, cue.predicate, t, amount, sentence)
        owners = {(r.subject, r.object) for r in self.rels if r.predicate == "owns" and r.evidence == sentence.strip()[:400]}
        self.rels = [r for r in self.rels if not (r.predicate == "partnerIn" and (r.subject, r.object) in owners
                                                  and r.evidence == sentence.strip()[:400])]
        self._grant(sentence, named, in_scope)
        self._people(i, sentence, in_scope)

    def _known_in(self, text: str) -> list[Entity]:
        """Registered organisations whose name or alias is written in ``text`` (longest first)."""
        hits = []
        for a in self.reg.actors:
            if id(a) in self.persons:
                continue
            for f in sorted(a.forms(), key=len, reverse=True):
                if len(f) > 3 and standalone(f, text):
                    hits.append((len(f), a))
                    break
        return [a for _, a in sorted(hits, key=lambda h: -h[0])][:1]

    def _is_owner(self, e: Entity, p: Project) -> bool:
        return any(r.subject == e.name and r.object == p.name and r.predicate == "owns" for r in self.rels)

    def _subject(self, before: str, sentence: str, allow_new: bool = True) -> Entity | None:
        subjects = self._subjects(before, sentence, allow_new)
        return subjects[-1] if subjects else None

    def _subjects(self, before: str, sentence: str, allow_new: bool = True) -> list[Entity]:
        """The organisations that end the text before a cue ("… det BTH som", "MIUN och Centrum för X i Y")."""
        before = re.sub(r"\s+(?:som|who|which)\s*$", "", before.rstrip(" ,"))
        mentions = find_orgs(before)
        if mentions and before[mentions[-1].end:].strip(" ,") == "":
            tail_start = mentions[-1].start
            head = before[:tail_start]
            more = re.search(r"(?:^|[,\s])(?:och|samt|and)\s*$", head)
            out = [self._org(mentions[-1], sentence)]
            if more and len(mentions) > 1 and head[mentions[-2].end:].strip(" ,").rstrip() in ("och", "samt", "and"):
                out.insert(0, self._org(mentions[-2], sentence))
            return out
        words = list(re.finditer(r"[\wÅÄÖåäöé&'’:.-]+", before))
        start = None
        for k in range(len(words) - 1, -1, -1):
            w = words[k].group(0)
            if before[words[k].end():(words[k + 1].start() if k + 1 < len(words) else len(before))].strip() not in ("",):
                break
            if (w[:1].isupper() or w[:1].isdigit()) and w not in STOP_CAP:
                start = k
            elif w in ("och", "för", "i", "&", "samt", "and", "of") or (
                    w[:1].islower() and k > 0 and any(x.group(0)[:1].isupper() for x in words[max(0, k - 2):k])
                    and w not in ("är", "det", "som", "har", "att", "den", "de", "en", "ett", "nu", "även")):
                continue
            else:
                break
        if start is None:
            return []
        span = before[words[start].start():]
        out = []
        for name in split_names(span):
            name = re.sub(r"(?:'s|’s)$", "", name)
            if " " not in name and re.search(r"(?:erna|arna|orna|na)$", name) and self.reg.find(name) is None:
                continue
            found = self.reg.find(name) or (self.reg.find(name[:-1]) if name.endswith("s") else None)
            if found is None and allow_new and self.reg.find_project(name) is None and len(name) > 1:
                found = self.resolve(name, sentence)
            if found is not None and id(found) not in self.persons:
                out.append(found)
        return out

    _GRANT = re.compile(
        r"(?P<subj>[A-ZÅÄÖ][^.;:]*?)\s+(?:beviljas|får|har beviljats|tilldelas|has been granted|receives|is granted|"
        r"has received|har fått|fick)\s+(?:(?:sammanlagt|totalt|ytterligare|cirka|ca|drygt|knappt|som högst|högst|"
        r"nästan|SEK)\s+)*(?P<amount>[\d€]|(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio)\s+mil)")

    def _grant(self, sentence: str, named: list[Project], in_scope: list[Project]) -> None:
        """'X beviljas 2,5 mkr för projektet P', 'X får 640 000 kronor för att …', 'viks till X'."""
        for m in self._GRANT.finditer(sentence):
            subj_text = m.group("subj")
            if re.match(r"(?i)^(?:projektet|projekt|the project)\b", subj_text):
                target = (named or in_scope or [None])[0]
                amt = find_amounts(sentence[m.start("amount"):])
                if target is not None and amt and amt[0].sek and not is_range(amt[0].text):
                    self.project_amount[id(target)] = (amt[0].sek, sentence)
                continue
            if re.match(r"(?i)^(?:projekten|den|det|de|dessa|vi|fem|fyra|tre|två|\d)\b", subj_text) \
                    or re.search(r"(?i)\bprojekt\b", subj_text):
                continue
            recipients = [self._org(x, sentence) for x in find_orgs(subj_text)] or self._known_in(subj_text)
            recipients = [r for r in recipients if r.type != "Fund"] or \
                ([] if find_orgs(subj_text) else [e for e in [self._subject(subj_text, sentence)] if e is not None])
            if not recipients:
                continue
            amt = find_amounts(sentence[m.start("amount"):])
            amount = amt[0].sek if amt and not is_range(amt[0].text) else None
            projects = named or ([] if re.search(r"(?i)\bför att\b", sentence) and not named else [])
            if projects:
                pred = "owns" if len(recipients) == 1 and len(re.findall(r"\s(?:får|beviljas)\s", sentence)) <= 1 \
                    else "partnerIn"
                for r in recipients:
                    self.rel(r, pred, projects[0], None, sentence)
                self.project_amount[id(projects[0])] = (amount if pred == "owns" else None, sentence)
            elif re.search(r"(?i)\b(?:för|for)\s+(?:\w+\s+)?(?:projekt|projects)\b", sentence):
                if len(recipients) == 1:
                    self.rel(recipients[0], "owns", ALL_PROJECTS, None, sentence)
            else:
                for r in recipients:
                    self.rel("\x00funder", "funds", r, amount, sentence)
        for m in re.finditer(r"(?:viks|går|gick|fördelas)\s+till\s+(?P<list>[A-ZÅÄÖ][^.;]*)", sentence):
            amt = find_amounts(sentence[:m.start()])
            money_subject = re.match(r"(?i)\s*(?:pengarna|medlen|bidraget|bidragen|stödet)\b", sentence)
            for e in self.names_in(m.group("list"), sentence, allow_new=False):
                if money_subject and (named or in_scope):
                    self.rel(e, "owns", (named or in_scope)[0], None, sentence)
                else:
                    self.rel("\x00funder", "funds", e, amt[0].sek if amt else None, sentence)
        for m in re.finditer(r"(?i)(?:återkommande\s+)?bidragsmottagare\s+är\s+(?P<list>.+)", sentence):
            for e in self.names_in(re.sub(r"\s+(?:som|där)\s+[^,]*", "", m.group("list")), sentence):
                self.rel("\x00funder", "funds", e, None, sentence)

    @staticmethod
    def _name_amount(after: str) -> bool:
        """'Name - 4 300 000 kronor' or 'Name, Org - 5 000 000 kronor': a grant holder in a list."""
        m = re.match(r"\s*(?:,[^-–\d]*)?[-–]\s*(?=\d)", after)
        return bool(m) and any(a.start == m.end() and a.sek for a in find_amounts(after))

    def _person_org(self, p, sentence: str) -> Entity | None:
        """The organisation a person is presented with: ", vd på X", ", X - 1 000 kr", "…, at X"."""
        title = (p.title or "").casefold()
        org = None
        if p.org:
            orgs = find_orgs(p.org)
            org = self._org(orgs[0], sentence) if orgs else None
            if org is None:
                rest = sentence[p.end:]
                later = [m for m in find_orgs(rest[:rest.find(p.org) + len(p.org) + 60]) if m.start < 80]
                if later and re.search(r"(?i)chef|direktör|ansvarig|strateg|handläggare", title):
                    org = self._org(later[0], sentence)
                elif len(p.org.split()) <= 4 and not re.search(r"(?i)\b(?:och|i|för)\b", p.org) and title \
                        and not re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+ [a-zåäö]+", p.org):
                    org = self.resolve(p.org, sentence)
        if org is None and not p.politician:
            m = re.match(r"\s*,\s*([A-ZÅÄÖ][^,.;–-]+?)\s*(?:[-–]\s*\d|$|,)", sentence[p.end:])
            if m and find_orgs(m.group(1)):
                org = self._org(find_orgs(m.group(1))[0], sentence)
        if org is None:
            m = re.search(r"(?:,\s*|\s+)(?:at|vid|på)\s+([A-ZÅÄÖ][\wÅÄÖåäö-]+(?:\s+[A-ZÅÄÖ][\wÅÄÖåäö-]+)*)\s*\.?\s*$",
                          sentence)
            if m and m.start() >= p.end - 1:
                org = self.resolve(m.group(1), sentence)
        return org

    def _people(self, i: int, sentence: str, in_scope: list[Project]) -> None:
        people = find_people(sentence)
        for p in people:
            person = self._person(p.name, sentence, p.title)
            title = (p.title or "").casefold()
            org = self._person_org(p, sentence)
            chair = re.search(r"(?i)ordförande|chair", title)
            if org is not None and org is not person:
                if chair and not _COMMITTEE.search(org.name) and not p.politician:
                    self.rel(person, "memberOf", org, None, sentence)
                elif chair and p.politician and re.search(r"(?i)vice", title):
                    self.rel(person, "memberOf", org, None, sentence)
                elif not p.politician and not chair and not re.search(r"(?i)råd\b|regionråd|kommunalråd", title):
                    self.rel(person, "worksFor", org, None, sentence)
            elif chair and p.politician and re.search(r"(?i)vice", title) and p.org:
                target = next((a for a in self.reg.actors if norm(a.name).startswith(norm(p.org))), None)
                if target is not None:
                    self.rel(person, "memberOf", target, None, sentence)
            if re.search(r"(?i)projektledare|projektkoordinator|project manager|project leader|projektansvarig", title) \
                    or self._name_amount(sentence[p.end:]):
                named = [self.reg.find_project(n) for n, _, _ in prose_projects(sentence[p.end:])]
                for proj in [x for x in named if x] or in_scope[:1]:
                    self.rel(person, "leads", proj, None, sentence)
                    amount = [a for a in find_amounts(sentence[p.end:]) if a.sek]
                    if amount and id(proj) not in self.project_amount:
                        self.project_amount[id(proj)] = (amount[0].sek, sentence)

    # ------------------------------------------------------------------ stage 4: funders
    def default_funder(self, i: int) -> Entity | None:
        if i in self.section_fund:
            return self.section_fund[i]
        return self.doc_funder

    def _find_doc_funder(self) -> Entity | None:
        text = self.text
        for sentence in split_sentences(text.replace("\n", " . ")):
            for cue, before in before_cues(sentence):
                if cue.predicate == "funds":
                    subj = self._subject(before, sentence)
                    if subj is not None and id(subj) not in self.persons:
                        return subj
        funds = [a for a in self.reg.actors if a.type == "Fund"]
        paying = [a for a in funds if a.fund is None or a.fund.kind != "national programme"
                  or not any(b.fund and b.fund.id == a.fund.parent for b in self.reg.actors)]
        if paying:
            first = min(paying, key=lambda a: text.find(min(a.forms(), key=lambda f: text.find(f) % 10**9)) % 10**9)
            return first
        committees = [a for a in self.reg.actors if re.search(r"(?i)strukturfondspartnerskap", a.name)]
        if committees:
            return committees[0]
        if any(label_role(l.label or "") == "owns" and (l.label or "").casefold() == "koordinator" for l in self.lines):
            agencies = [a for a in self.reg.actors if a.type == "GovernmentAgency" and a.name in ("Vinnova",)]
            if agencies:
                return agencies[0]
        if re.search(r"(?i)1:1|statliga|regionala utvecklingsmedel|regional utveckling|anslag", text):
            for sentence in split_sentences(text.replace("\n", " . ")):
                if re.search(r"(?i)1:1|statliga|utvecklingsmedel|anslag|beviljа|bevilja|fördela|stöd|medel", sentence):
                    regions = [a for a in self.reg.actors if a.type == "Region" and any(f in sentence for f in a.forms())]
                    if regions:
                        return regions[0]
        return None

    def owners(self) -> None:
        """'X är projektägare till två projekt', 'X ansvarar för att tre av de nya projekten genomförs': X owns the projects listed next."""
        if self.pending_owner is None:
            return
        owner, at = self.pending_owner
        first_line: dict[int, int] = {}
        for i, p in sorted(self.line_project.items()):
            first_line.setdefault(id(p), i)
        starts = sorted(i for i in first_line.values() if i > at)
        for p in self.reg.projects:
            i = first_line.get(id(p), -1)
            if i > at and not any(r.object == p.name and r.predicate == "owns" for r in self.rels) \
                    and not any(l.text.rstrip().endswith(":") and l.kind != "item" for l in self.lines[starts[0]:i]):
                self.rel(owner, "owns", p, None, self.lines[at].text)

    def funders(self) -> None:
        self.doc_funder = self._find_doc_funder()
        lines_of: dict[int, list[int]] = {}
        for i, p in self.line_project.items():
            lines_of.setdefault(id(p), []).append(i)
        for p in self.reg.projects:
            own = lines_of.get(id(p), [0])
            i = next((j for j in own if j in self.section_fund), own[0])
            funder = self.default_funder(i)
            amount, ev = self.project_amount.get(id(p), (None, ""))
            explicit = [r for r in self.rels if r.object in (p.name, ALL_PROJECTS) and r.predicate == "funds"]
            if explicit:
                if amount is not None and len({r.subject for r in explicit}) == 1:
                    if explicit[0].object == ALL_PROJECTS:
                        self.rel(explicit[0].subject, "funds", p, amount, ev)
                    elif explicit[0].amount is None:
                        explicit[0].amount = amount
                continue
            if funder is None:
                continue
            if id(p) in self.list_projects or id(p) in self.project_amount or i in self.section_fund:
                if not self._is_owner(funder, p) or funder.type == "Region":
                    self.rel(funder, "funds", p, amount, ev or (funder.evidence or ""))
        for r in self.rels:
            if r.subject == "\x00funder":
                r.subject = self.doc_funder.name if self.doc_funder else ""

    # ------------------------------------------------------------------ stage 5: output
    def programmes(self) -> None:
        for a in self.reg.actors:
            if a.fund is not None and a.fund.parent:
                for b in self.reg.actors:
                    if b is not a and (b.fund is not None and b.fund.id == a.fund.parent and b.type != "Fund"
                                       or norm(b.name) == a.fund.parent):
                        self.rel(a, "programmeOf", b, None, a.evidence or "")

    def output(self) -> dict:
        project_keys = set().union(*(p.keys() for p in self.reg.projects)) if self.reg.projects else set()
        actors = [a for a in self.reg.actors if not (a.keys() & project_keys) and a.name]
        rels: dict[tuple[str, str, str], Rel] = {}
        names = {a.name for a in actors} | {p.name for p in self.reg.projects}
        for r in self.rels:
            objects = [p.name for p in self.reg.projects] if r.object == ALL_PROJECTS else [r.object]
            for o in objects:
                s = self._canonical(r.subject)
                o = self._canonical(o)
                if s not in names or o not in names or s == o:
                    continue
                key = (s, r.predicate, o)
                if key in rels:
                    if rels[key].amount is None and r.amount is not None:
                        rels[key].amount = r.amount
                    continue
                rels[key] = Rel(s, r.predicate, o, r.amount, r.evidence)
        funds = [a.name for a in actors if a.type == "Fund"]
        out_actors = []
        for a in actors:
            d = {"name": a.name, "aliases": sorted(a.aliases - {a.name}), "type": a.type or "Other",
                 "evidence": a.evidence}
            if a.type == "Person" and a.title:
                d["title"] = a.title
            out_actors.append(d)
        return {
            "doc": self.name,
            "lang": self.lang,
            "projects": [p.as_dict() for p in self.reg.projects],
            "actors": out_actors,
            "relations": [{"subject": r.subject, "predicate": r.predicate, "object": r.object, "amount_sek": r.amount,
                           "evidence": r.evidence} for r in rels.values()],
            "regions": self.regions(),
            "funds": funds,
        }

    def _canonical(self, name: str) -> str:
        p = self.reg.find_project(name)
        if p is not None:
            return p.name
        a = self.reg.find(name)
        return a.name if a is not None else name

    def regions(self) -> list[str]:
        g = gazetteer()
        found: dict[str, int] = {}
        for form in list(g.counties) + sorted(g.nuts):
            m = standalone(form, self.text)
            if m and form not in g.municipalities or (m and form.endswith("län")):
                found.setdefault(form, m.start())
        names = sorted(found, key=found.get)
        return [n for n in names if not any(n != o and n in o for o in names)]

    def _find_focus(self) -> Entity | None:
        """Without any project, an organisation that opens the text (its title) is what the text is about."""
        first = self.lines[0].text if self.lines else ""
        for a in self.reg.actors:
            if id(a) not in self.persons and a.type not in ("Fund", "Region", "Municipality", "GovernmentAgency") \
                    and any(first.startswith(f + " ") or first == f for f in a.forms()):
                return a
        return None

    def _project_stems(self) -> None:
        """'Logistikklustret' next to the project 'Logistikkluster X' is the project's short form, not an actor."""
        for a in list(self.reg.actors):
            if " " in a.name or a.fund is not None or a.type not in (None, "Cluster", "Other"):
                continue
            word = a.name.casefold()
            for p in self.reg.projects:
                first = p.name.split()[0].casefold()
                if " " in p.name and len(first) > 5 and (word == first or (
                        word.startswith(first[:-2]) and len(word) - len(first) in (1, 2))):
                    p.aliases.add(a.name) if a.name.endswith(("et", "en")) else None
                    self.reg.remove(a)
                    break

    def run(self) -> dict:
        self.mentions()
        self.focus = self._find_focus()
        self.projects()
        self.relations()
        self._contact_blocks()
        self.owners()
        self.funders()
        self.programmes()
        self._project_stems()
        for p in self.reg.projects:
            if p.region is None:
                regions = self.regions()
                p.region = next((r for r in regions if r in gazetteer().nuts), None)
        return self.output()
