"""Importers for funding tables: SweCRIS exports, CORDIS bulk CSVs, any table with a mapping file.

Each source is one small module — its columns (config) plus one transform from a row to the
record shape the text path produces (shared/eval/SCHEMA.md, with the extras :mod:`ingest.to_rdf`
documents) — so rows flow through the same resolve → to_rdf → store stages as documents.
:mod:`.importer` runs them, one file = one document, atomically (docs/decisions/005).
"""

from . import cordis, swecris, table

SOURCES = {module.NAME: module for module in (swecris, cordis, table)}
