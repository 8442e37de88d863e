"""extract_document on short hand-written documents: tables, Fakta blocks, decision lists, prose, aliases."""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document
from ingest.extract import extract_document

SCHEMA_KEYS = {"doc", "lang", "projects", "actors", "relations", "regions", "funds"}


def extract(text: str, name: str = "test.txt") -> dict:
    return extract_document(Document(identifier=name, text=text, sha256="0" * 64, media_type="text/plain",
                                     path=Path(name)))


def rels(out: dict) -> set[tuple[str, str, str, int | None]]:
    return {(r["subject"], r["predicate"], r["object"], r["amount_sek"]) for r in out["relations"]}


def actor(out: dict, name: str) -> dict:
    [a] = [a for a in out["actors"] if a["name"] == name or name in a["aliases"]]
    return a


FINANCING = """Exempelkluster Småland

Projektet Exempelkluster Småland ska samla aktörerna i regionen.

Finansiering

Aktör

Kronor

Offentlig medfinansiering

Växjö kommun

250 000 kr

Offentlig medfinansiering

Region Kronoberg

750 000 kr

Summa EU-medel

1 000 000 kr

Total finansiering

2 000 000 kr

Fakta

Ärende ID

20221111

Projektägare

Växjö kommun

Projektledare

Maria Berg
Växjö kommun
0701234567

Detta projekt får stöd ifrån Europeiska regionala utvecklingsfonden
"""


def test_financing_table_and_fakta_block():
    out = extract(FINANCING)
    assert set(out) == SCHEMA_KEYS and out["doc"] == "test.txt" and out["lang"] == "sv"
    [project] = out["projects"]
    assert project["name"] == "Exempelkluster Småland"
    assert project["case_id"] == "20221111" and project["budget_sek"] == 2_000_000
    r = rels(out)
    assert ("Växjö kommun", "coFinances", "Exempelkluster Småland", 250_000) in r
    assert ("Region Kronoberg", "coFinances", "Exempelkluster Småland", 750_000) in r
    assert ("Europeiska regionala utvecklingsfonden", "funds", "Exempelkluster Småland", 1_000_000) in r
    assert ("Växjö kommun", "owns", "Exempelkluster Småland", None) in r
    assert ("Maria Berg", "leads", "Exempelkluster Småland", None) in r
    assert ("Maria Berg", "worksFor", "Växjö kommun", None) in r
    assert actor(out, "Maria Berg")["type"] == "Person"
    assert actor(out, "Europeiska regionala utvecklingsfonden")["type"] == "Fund"
    assert "Europeiska regionala utvecklingsfonden" in out["funds"]


DECISIONS = """Nya projekt beviljade

Strukturfondspartnerskapet för Exempelland har prioriterat tre projekt.

Projekten är:

 • Smart Hamn 2.0, Exempelhamnen AB, 2 500 000 kronor
 • Grön Logistik, Borås Stad, 1 200 000 kronor
 • Digitala Byar, Region Halland, 800 000 kronor
"""


def test_decision_list_records_owner_and_amount():
    out = extract(DECISIONS)
    assert {p["name"] for p in out["projects"]} == {"Smart Hamn 2.0", "Grön Logistik", "Digitala Byar"}
    r = rels(out)
    assert ("Exempelhamnen AB", "owns", "Smart Hamn 2.0", None) in r
    assert ("Borås Stad", "owns", "Grön Logistik", None) in r
    funder = "Strukturfondspartnerskapet för Exempelland"
    assert (funder, "funds", "Smart Hamn 2.0", 2_500_000) in r
    assert (funder, "funds", "Digitala Byar", 800_000) in r
    assert actor(out, "Borås Stad")["type"] == "Municipality"


GRANTS = """Regionen fördelar utvecklingsmedel

Företaget Nordljus AB beviljas 1,8 miljoner kronor för projektet Solceller på Taket.
Umeå universitet får 900 000 kronor från Region Västerbotten för projektet Framtidens Skog.
"""


def test_grant_sentences_make_the_recipient_owner():
    r = rels(extract(GRANTS))
    assert ("Nordljus AB", "owns", "Solceller på Taket", None) in r
    assert ("Umeå universitet", "owns", "Framtidens Skog", None) in r
    assert ("Region Västerbotten", "funds", "Framtidens Skog", 900_000) in r


PROSE = """Exempelnätet växer

Projektet Grön Omställning Norr drivs av Luleå tekniska universitet (LTU) i samverkan med Piteå kommun,
Skellefteå kommun och föreningen Framtidsforum. Projektet finansieras av Europeiska regionala utvecklingsfonden
med stöd av Region Norrbotten. LTU har tidigare drivit liknande projekt.

– Vi ser fram emot arbetet, säger Eva Strand, projektledare på Luleå tekniska universitet.

Anders Norén, vd på Norrmejerier AB, välkomnar satsningen.
"""


def test_prose_relations_people_and_aliases():
    out = extract(PROSE)
    r = rels(out)
    project = "Grön Omställning Norr"
    assert ("Luleå tekniska universitet", "owns", project, None) in r
    for partner in ("Piteå kommun", "Skellefteå kommun", "Framtidsforum"):
        assert (partner, "partnerIn", project, None) in r
    assert ("Europeiska regionala utvecklingsfonden", "funds", project, None) in r
    assert ("Region Norrbotten", "coFinances", project, None) in r
    assert ("Eva Strand", "leads", project, None) in r
    assert ("Eva Strand", "worksFor", "Luleå tekniska universitet", None) in r
    assert ("Anders Norén", "worksFor", "Norrmejerier AB", None) in r
    ltu = actor(out, "Luleå tekniska universitet")
    assert "LTU" in ltu["aliases"] and ltu["type"] == "University"
    assert len([a for a in out["actors"] if "LTU" in [a["name"], *a["aliases"]]]) == 1
    assert actor(out, "Eva Strand").get("title") == "projektledare"
    assert all(r["evidence"] for r in out["relations"])


def test_caption_worksfor_and_politician_without_relation():
    out = extract("Satsning i länet\n\nSara Lund, CTO på Exempel Science Park\n\n"
                  "– Bra för länet, säger Per Holm (S), ordförande i regionala utvecklingsnämnden.\n")
    r = rels(out)
    assert ("Sara Lund", "worksFor", "Exempel Science Park", None) in r
    assert not [x for x in r if x[0] == "Per Holm"]
    assert actor(out, "Per Holm")["type"] == "Person"


def test_english_document():
    out = extract("Northern Testbed\n\nNorthern Testbed is a cross-border project funded by the European Regional "
                  "Development Fund (ERDF). The project is coordinated by Umeå University and is carried out in "
                  "partnership with Skellefteå municipality and Exempel Science Park.\n", "en.txt")
    assert out["lang"] == "en"
    r = rels(out)
    assert ("Umeå University", "owns", "Northern Testbed", None) in r
    assert ("European Regional Development Fund", "funds", "Northern Testbed", None) in r
    assert ("Skellefteå municipality", "partnerIn", "Northern Testbed", None) in r
    erdf = actor(out, "European Regional Development Fund")
    assert "ERDF" in erdf["aliases"]


def test_empty_and_odd_documents_do_not_break():
    for text in ["", "\n\n", "•", "Projekt:", "1 000 kr", "Projektägare\n\nProjektledare"]:
        out = extract(text)
        assert set(out) == SCHEMA_KEYS
