"""Extraction: a :class:`~ingest.document.Document` → projects, actors, relations (SCHEMA.md JSON).

Rule-based and offline: structure (lines, labels, list items, tables, sentences), gazetteers
and type cues from ontology/reference, and relation cues in Swedish and English. See
docs/extraction.md for the stages and the rule families.
"""

from __future__ import annotations

import re

from ..document import Document
from .language import detect_language
from .pipeline import Extractor

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+@[\w.-]+\.\w+|\b[\w-]+\.(?:se|eu|com|org|nu)\b(?:/\S*)?")


def _clean(text: str) -> str:
    """Text without URLs and e-mail addresses (their words are no names) and with plain spaces."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return _URL.sub(" ", text)


def extract_document(document: Document) -> dict:
    """The extraction of one document as a dict in the binding JSON schema (shared/eval/SCHEMA.md)."""
    text = _clean(document.text)
    return Extractor(document.name, text, detect_language(text)).run()
