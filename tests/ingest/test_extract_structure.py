"""Lines, labels, list items and sentence splitting that survives Swedish abbreviations."""

from __future__ import annotations

from ingest.extract.language import detect_language
from ingest.extract.structure import parse_lines, split_sentences


def test_abbreviations_do_not_end_sentences():
    text = ("Satsningen omfattar bl.a. kurser, t.ex. inom AI, m.fl. områden. Budgeten är ca. 3 milj. kr. "
            "– Vi är nöjda, säger projektledaren.")
    assert split_sentences(text) == [
        "Satsningen omfattar bl.a. kurser, t.ex. inom AI, m.fl. områden.",
        "Budgeten är ca. 3 milj. kr.",
        "– Vi är nöjda, säger projektledaren.",
    ]


def test_line_kinds_and_labels():
    lines = parse_lines("Om projektet\n\n• Projektägare: Region Dalarna\n- Ett listobjekt utan etikett\n"
                        "Ärende ID\n20231234\nLöptext som är en mening och slutar med punkt.")
    assert [(l.kind, l.label) for l in lines] == [
        ("heading", None), ("item", "Projektägare"), ("item", None), ("kv", "Ärende ID"), ("text", None),
        ("text", None)]


def test_consecutive_labels_are_column_headers():
    lines = parse_lines("Projektnamn\nSökande\nSökt belopp\nExempelprojektet")
    assert [l.kind for l in lines][:2] == ["heading", "heading"]


def test_language():
    assert detect_language("Projektet ska stärka samverkan mellan företag och akademi i länet.") == "sv"
    assert detect_language("The project will strengthen collaboration between companies and the university.") == "en"
