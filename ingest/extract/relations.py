"""Role cues: which words in a label or a sentence announce which relation.

Each cue maps to a predicate of the schema and says where the names stand: after the cue (a
list: "i samverkan med A, B och C"), or before it (the subject: "A är projektägare"). Labels of
``Label: value`` lines map to roles the same way. Kept as data so that adding a cue is one line.

>>> label_role("Projektägare"), label_role("Sökt EU-belopp"), label_role("Samverkansparter")
('owns', 'amount', 'partnerIn')
>>> [(c.predicate, seg) for c, seg, _ in after_cues("Projektet drivs i samverkan med Region Kalmar och LNU.")]
[('partnerIn', 'Region Kalmar och LNU.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Label (casefolded, without colon) → role. Roles other than predicates: project, period, case,
# amount (granted money), budget, region, person (a contact, no relation), staff (person working
# for the organisation named in the label), signatory (person working for the owner).
LABEL_ROLES: dict[str, str] = {
    **dict.fromkeys(["projektägare", "sökande", "stödmottagare", "huvudman", "huvudsökande", "koordinator",
                     "projektägare/stödmottagare", "stödmottagare/projektägare", "coordinator", "project owner",
                     "lead partner", "projektägare och stödmottagare", "beneficiary", "applicant"], "owns"),
    **dict.fromkeys(["projektledare", "project manager", "project leader", "projektkoordinator"], "leads"),
    **dict.fromkeys(["samverkansparter", "projektparter", "partner", "partners", "parter", "deltagare",
                     "samarbetspartners", "samarbetsparter", "medverkande", "participants", "projektpartner",
                     "bidragsmottagare", "medsökande"], "partnerIn"),
    **dict.fromkeys(["finansiär", "finansiärer", "finansieras av", "funded by", "funder", "funders"], "funds"),
    **dict.fromkeys(["medfinansiär", "medfinansiärer", "offentlig medfinansiering", "offentlig medfinansering",
                     "medfinansiering", "co-funded by", "co-financed by"], "coFinances"),
    **dict.fromkeys(["projekt", "projektnamn", "projekttitel", "project", "projektets namn", "project name",
                     "projektets titel"], "project"),
    **dict.fromkeys(["projektperiod", "period", "projekttid", "startdatum-slutdatum", "tidsperiod", "projektets period",
                     "project period", "duration", "löptid", "genomförandetid"], "period"),
    **dict.fromkeys(["ärende id", "ärendeid", "diarienummer", "dnr", "ärendenummer", "projektnummer",
                     "reference number", "case id", "journalnummer", "projekt-id", "projekt id"], "case"),
    **dict.fromkeys(["beviljat belopp", "beslutad finansiering", "sökt eu-belopp", "sökt belopp", "ansökt belopp",
                     "eu-stöd", "eu-medel", "beviljat stöd", "beviljat bidrag", "bidrag", "stöd", "beviljade medel",
                     "beviljat eu-stöd", "beviljade eu-medel", "eruf", "beviljat", "granted", "grant", "summa eu-medel",
                     "summa", "maxbelopp", "totalt beviljat eu-belopp", "erdf"], "amount"),
    **dict.fromkeys(["total budget", "budget", "total finansiering", "totalt", "total svensk projektomslutning",
                     "projektomslutning", "total projektbudget", "total projektkostnad", "total"], "budget"),
    **dict.fromkeys(["geografiskt område", "region", "län", "område", "programområde"], "region"),
    **dict.fromkeys(["kontaktperson", "kontaktperson sverige", "kontakt", "contact", "kontaktpersoner"], "person"),
    **dict.fromkeys(["firmatecknare", "firmatecknare/prefekt", "prefekt"], "signatory"),
}


def label_role(label: str) -> str | None:
    """The role of a ``Label:``; "Vinnovas handläggare" (an organisation's staff) → 'staff'."""
    key = re.sub(r"\s+", " ", label.strip().rstrip(":").casefold())
    if key in LABEL_ROLES:
        return LABEL_ROLES[key]
    if re.match(r"^medfinansiering (?:av|från) ", key):
        return "coFinances"
    if re.match(r"^[\wåäö]+s (?:handläggare|administratör|kontaktperson|representant)$", key):
        return "staff"
    return None


@dataclass(frozen=True)
class Cue:
    predicate: str
    pattern: re.Pattern


def _cues(predicate: str, *patterns: str) -> list[Cue]:
    return [Cue(predicate, re.compile(p)) for p in patterns]


# Cues followed by the names they concern.
AFTER = [
    *_cues("owns", r"\b[Pp]rojektägare(?:n| är| var)?\s+(?=[A-ZÅÄÖ0-9])", r"\b(?:som\s+)?drivs\s+av\s+(?!projektägaren)",
           r"\bcoordinated by\s+", r"\bis run by\s+", r"\b[Hh]uvudman (?:är|för projektet är)\s+",
           r"\bStödmottagare är\s+", r"\bKoordinator är\s+", r"\bägs av\s+", r"\bled by\s+(?=the\s+)?"),
    *_cues("partnerIn", r"\b(?:[Ii] nära )?[Ii] samverkan med\s+", r"\b[Ii] samarbete med\s+",
           r"\b[Tt]illsammans med\s+", r"\bin partnership with\s+", r"\bin cooperation with\s+",
           r"\bin collaboration with\s+", r"\bcollaborates with\s+", r"\b[Pp]rojektparter(?:na)? är\s+",
           r"\b[Ss]amverkansparter(?:na)?(?: är)?\s+(?=[A-ZÅÄÖ])", r"\bpartners i projektet är\s+",
           r"\b[Pp]artners (?:are|include)\s+", r"\b[Ii] projektet deltar\s+", r"\bdeltar även\s+",
           r"\b(?:[\wåäö]*projekt|project) (?:mellan|between)\s+", r"\b(?:ett )?samarbete mellan\s+",
           r"\bdelas mellan\s+", r"\bpartnership consisting of\s+", r"\b[Uu]töka samverkan med\s+",
           r"\bsamarbetsorganisationer[^.]*?,\s*bland andra\s+", r"\bparticipants are\s+",
           r"\bsamverka(?:r)? med\s+", r"\bsamverkan mellan\s+", r"\bsamarbetar\s+(?=[A-ZÅÄÖ][^.]*?\s+med\s)", r"\b[Pp]rojektpartners? är\s+", r"\b[Ff]örutom\s+(?=[A-ZÅÄÖ])"),
    *_cues("funds", r"\bfinansieras(?: delvis| huvudsakligen| bland annat)?\s+(?:av|genom|från|via)\s+",
           r"\bfinansiering (?:från|av|ur)\s+", r"\b(?:partly |is )?funded by\s+", r"\bfunding from\s+",
           r"\b[Ff]inansiärer? (?:är|var)\s+", r"\bmedel (?:från|ur)\s+", r"\b(?:EU-)?stöd (?:från|ur)\s+",
           r"\bpengar (?:från|ur)\s+", r"\b[Pp]engarna kommer från\s+", r"\bfår stöd (?:ifrån|från)\s+",
           r"\bsupported by\s+(?=the\s+[A-Z]|[A-Z])", r"\bgrant from\s+", r"\b(?:kronor|kr|mnkr|mkr|miljoner)\s+(?:ur|från)\s+",
           r"\bbidrag från\s+", r"\banslag från\s+", r"\bfinansierat av\s+", r"\bfinansierad av\s+",
           r"\bmed hjälp av (?:medel|pengar) från\s+",
           r"\b(?:inom|within)\s+(?:the\s+)?(?=(?:[A-ZÅÄÖ]\S*\s+){0,5}\S*(?:Fund|fonden|programmet|Programme)\b)"),
    *_cues("coFinances", r"\bmedfinansieras av\s+", r"\b[Mm]edfinansiering (?:av|från)\s+", r"\bmed stöd av\s+",
           r"\bco-?funded by\s+", r"\bco-?financed by\s+", r"\bmedfinansiärer? (?:är|var)\s+",
           r"\bas well as\s+(?=a partnership|the|[A-Z])"),
]
# Cues preceded by the name they concern (the subject).
BEFORE = [
    *_cues("owns", r"\s+är projektägare\b", r"\s+(?:står|stod) som huvudman\b", r"\s+har varit huvudman\b",
           r"\s+är huvudman\b", r",? (?:who|which) (?:is|are) responsible for the project\b", r"\s+driver projektet\b",
           r"\s+leder arbetet\b", r"\s+söker (?:förlängning|medel|stöd|finansiering)\b", r"\s+äger projektet\b",
           r"\s+coordinates the project\b", r"\s+is the project owner\b", r"\s+är projektägare och stödmottagare\b",
           r"\s+och [\w ]+ är projektägare\b", r"\s+har projektägarskapet\b", r"\s+\(huvudsökande\)",
           r"\s+\(lead partner\)", r"\s+\(koordinator\)", r"\s+leder projektet\b", r"\s+leads the project\b",
           r"(?:\s+själva?)?\s+driver\b(?! (?:frågor|arbetet med att))", r"\s+ansvarar för (?:att|projektet|genomförandet)\b"),
    *_cues("partnerIn", r"\s+fungerar som projektpartner\b", r"\s+är (?:en av (?:flera|två|tre) )?projektpartner",
           r"\s+är (?:en av (?:flera|två|tre) )?projektparter\b", r"\s+\(partner\)", r"\s+deltar i projektet\b",
           r"\s+is a partner\b", r"\s+är samverkanspart\b", r"\s+samarbetar med partners\b",
           r"\s+ingår i projektet\b", r"\s+tillsammans med\b", r"\s+(?:collaborates|cooperates|samarbetar|samverkar)\s+(?:with|med)\b"),
    *_cues("funds", r"\s+(?:har )?(?:beviljar|beviljat|finansierar)\b(?! förlängning)",
           r"\s+beviljade\s+(?=\d|sammanlagt|totalt|medel|stöd|bidrag|anslag)",
           r"\s+(?:har )?beslutat (?:om )?att bevilja\b",
           r"\s+skjuter till\b", r"\s+står för finansieringen\b", r"\s+has granted\b", r"\s+grants\b",
           r"\s+funds the project\b"),
    *_cues("coFinances", r"\s+medfinansierar\b", r"\s+är med och finansierar\b", r"\s+bidrar med medfinansiering\b",
           r"\s+co-?funds\b"),
]


def after_cues(sentence: str) -> list[tuple[Cue, str, int]]:
    """(cue, text after it up to the next cue or the end of the sentence, cue start) for every AFTER cue.

    >>> [(c.predicate, seg) for c, seg, _ in after_cues("drivs av projektägaren X AB tillsammans med Y.")]
    [('owns', 'X AB'), ('partnerIn', 'Y.')]
    """
    hits = sorted(((m.start(), m.end(), cue) for cue in AFTER for m in cue.pattern.finditer(sentence)),
                  key=lambda h: (h[0], -h[1]))
    starts = [h[0] for h in hits] + [m.start() for cue in BEFORE for m in cue.pattern.finditer(sentence)]
    out = []
    for start, end, cue in hits:
        if any(s < start < e for s, e, _ in hits):
            continue
        stop = min([s for s in starts if s > start and s >= end] + [len(sentence)])
        out.append((cue, sentence[end:stop].strip(), start))
    return out


def before_cues(sentence: str) -> list[tuple[Cue, str]]:
    """(cue, text before it) for every cue of the BEFORE kind."""
    out = []
    for cue in BEFORE:
        for m in cue.pattern.finditer(sentence):
            out.append((cue, sentence[:m.start()]))
    return out
