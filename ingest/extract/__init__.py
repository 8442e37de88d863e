"""Extraction: a :class:`~ingest.document.Document` → projects, actors, relations (SCHEMA.md JSON)."""

from __future__ import annotations

from ..document import Document


def extract_document(document: Document) -> dict:
    """The extraction of one document as a dict in the binding JSON schema (shared/eval/SCHEMA.md)."""
    return {"doc": document.name, "lang": "sv", "projects": [], "actors": [], "relations": [],
            "regions": [], "funds": []}
