"""Organisation types from the words around a name, for names whose own words carry no type cue.

Texts often say what an organisation is without its name saying it: a descriptive noun stands
before the name ("klusterorganisationen X", "inkubatorn X", "konsultföretaget X", "the cluster
X") or an apposition follows it ("X, ett företag i …", "X (ett bolag …)", "X är en ideell
förening", "X is a research institute"). Compounds count by their head noun, so
"energiklustret" and "teknikföretag" are as good as "klustret" and "företag".

>>> described_names("Vi samarbetar med klusterorganisationen Norrskensklustret Nord och företaget Fjällkraft.")
[(40, 'Norrskensklustret Nord', 'Cluster'), (77, 'Fjällkraft', 'Company')]
>>> [d[1:] for d in described_names("Solvinden, ett familjeägt bolag i Eda, och Grön Hamn är en ideell förening.")]
[('Solvinden', 'Company'), ('Grön Hamn', 'Association')]
>>> described_names("Det är ett företag. Projektet är ett samverkansprojekt mellan företag för Nordljus.")
[]
"""

from __future__ import annotations

import re

# Head nouns of a descriptor and the type they announce; None = an organisation of no particular type.
# Order matters: "ekonomisk förening" is a company before it is an association.
_HEADS: list[tuple[str, str | None]] = [
    (r"ekonomisk\s+förening(?:en)?|economic\s+association", "Company"),
    (r"klusterorganisation(?:en)?|klusterinitiativ(?:et)?|klust(?:er|ret)|cluster(?:\s+organi[sz]ation)?",
     "Cluster"),
    (r"inkubator(?:n)?|incubator|science\s+park(?:en)?|teknikpark(?:en)?", "ScienceParkOrIncubator"),
    (r"institut(?:et)?|research\s+institute|institute", "ResearchInstitute"),
    (r"stiftelse(?:n)?|förening(?:en)?|förbund(?:et)?|foundation|association", "Association"),
    (r"företag(?:et)?|bolag(?:et)?|company|firm", "Company"),
    (r"myndighet(?:en)?|agency", "GovernmentAgency"),
    (r"nätverk(?:et)?|organisation(?:en)?|network|organi[sz]ation", None),
]
_HEAD = "|".join(f"(?:{h})" for h, _ in _HEADS)
# A noun ending in one of the heads: "energiklustret", "it-företaget", "research institute".
_NOUN = rf"(?:[a-zåäö]+-?)?(?:{_HEAD})"
_NAME_WORD = r"[A-ZÅÄÖ0-9][\wÅÄÖåäö&!+-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&)){{0,3}}"
# Descriptor before the name: a definite noun ("företaget", "klustret") or "the" + noun.
# A dash apposition that belongs to the name when a verb follows ("föreningen X - Kooperativ utveckling i Y får").
_DASH_TAIL = (r"(?:\s+[-–]\s+[A-ZÅÄÖ][\wåäö]*(?:\s+[\wÅÄÖåäö]+){0,5}?"
              r"(?=\s+(?:får|är|har|beviljas|ska|tilldelas|driver|leder|kommer)\b))?")
_BEFORE = re.compile(rf"(?<![\w-])(?P<noun>(?i:(?:den\s+ideella\s+|the\s+(?:municipal\s+)?)?{_NOUN}))\s+"
                     rf"(?P<name>{_NAME}{_DASH_TAIL})")
# Words that may stand between the article and the head noun of an apposition ("ett regionalt bolag").
_ADJECTIVE = (r"[a-zåäö-]+(?:isk|iskt|iska|ell|ellt|ella|al|alt|ala|ig|igt|iga|iv|ivt|iva|ande|ende|ing)|"
              r"privat|[a-zåäö-]*ägda?|[a-zåäö-]*ägt|nystartat|nytt|ny|svenskt|svensk|"
              r"Swedish|independent|state-owned|"
              r"new|young|small|large|stort|litet|leading")
_AFTER = re.compile(
    rf"(?P<name>{_NAME})(?:\s*,\s*|\s+\(\s*|\s+(?:är|blir|blev|var|is|was|became)\s+"
    rf"(?:(?:numera|åter|också|även|idag|nu|now|also|today)\s+)?)"
    rf"(?:ett|en|a|an)\s+(?:(?:{_ADJECTIVE})\s+){{0,2}}(?P<noun>{_NOUN})(?![\wåäö-])")
# Capitalised words that open sentences and are no names ("Det är ett företag", "Vi är en förening").
_NOT_NAMES = {"Det", "Den", "Detta", "Denna", "Vi", "Ni", "De", "Han", "Hon", "Här", "Där", "Nu", "It", "This",
              "We", "They", "He", "She", "There", "Projektet", "Satsningen", "Målet", "Syftet", "Resultatet",
              "Sverige", "Sweden", "The", "En", "Ett", "Och", "Men", "Som", "Även"}


def descriptor_type(noun: str) -> str | None:
    """The type a descriptive noun announces ("inkubatorn" → ScienceParkOrIncubator), None if none."""
    noun = re.sub(r"\s+", " ", noun.casefold())
    for head, typ in _HEADS:
        if re.fullmatch(rf"(?:den ideella |the (?:municipal )?)?(?:[a-zåäö]+-?)?(?:{head})", noun):
            return typ
    return None


def is_descriptor(word: str) -> bool:
    """Whether a lowercase word is a descriptive noun that may stand before an organisation's name."""
    return bool(re.fullmatch(_NOUN, word.casefold()))


def _clean(name: str) -> str:
    """A captured name without sentence-opening words ("Det", "Vi") in front."""
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    return " ".join(words)


def _definite(noun: str) -> bool:
    """Whether a descriptor before a name is definite ("företaget X", "the cluster X"), as appositive nouns are;
    an indefinite noun before a capitalised word ("stöd till företag Sverige över") names no one."""
    noun = noun.casefold()
    return noun.startswith(("the ", "den ")) or bool(re.search(r"(?:et|en|n)$", noun) and not noun.endswith("tion"))


def described_names(text: str) -> list[tuple[int, str, str | None]]:
    """(offset, name, type) for every name that a descriptor or an apposition in ``text`` types, in textual order."""
    found = [(m, m.group("noun")) for m in _BEFORE.finditer(text) if _definite(m.group("noun"))]
    found += [(m, m.group("noun")) for m in _AFTER.finditer(text)]
    out: list[tuple[int, str, str | None]] = []
    for m, noun in found:
        name = _clean(m.group("name"))
        if name:
            out.append((text.index(name, m.start("name")), name, descriptor_type(noun)))
    return sorted(set(out))
