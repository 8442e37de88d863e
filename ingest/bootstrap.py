"""Load the ontology and the Swedish reference data into a store, once per version.

Why on first use rather than a build step: a fresh store must already know Sweden (its 290
municipalities, 21 counties and regions, 8 NUTS 2 areas, the funds) whatever command opened it.
A fingerprint of the reference files and the converting code is kept in the ``meta`` graph, so
the load happens once, and again only when the reference data or its conversion changed.
"""

from __future__ import annotations

import hashlib
import inspect

from pyoxigraph import Literal, Quad

from graph import Change, Store
from ontology import ONTOLOGY_TTL, REFERENCE_DIR, ids, reference, s3
from ontology.terms import IKG, PROV, RDF

from . import totals
from .provenance import software_version


def reference_fingerprint() -> str:
    """SHA-256 over the reference CSVs, the ontology, the S3 vocabularies and the conversion code."""
    digest = hashlib.sha256()
    for path in sorted(REFERENCE_DIR.glob("*.csv")) + [ONTOLOGY_TTL] + s3.vocabulary_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for module in (reference, s3, totals):  # a new totals layout rebuilds the totals graph too
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()


def ensure_reference(store: Store) -> bool:
    """Load or refresh the reference and ontology graphs; return True when anything was written."""
    fingerprint = reference_fingerprint()
    loaded = store.query(
        f"ASK {{ GRAPH {ids.META_GRAPH} {{ {ids.REFERENCE_GRAPH} {IKG.sha256} {Literal(fingerprint)} }} }}")
    if loaded.boolean:
        return False
    meta = [
        Quad(ids.REFERENCE_GRAPH, RDF.type, PROV.Entity, ids.META_GRAPH),
        Quad(ids.REFERENCE_GRAPH, IKG.sha256, Literal(fingerprint), ids.META_GRAPH),
        Quad(ids.REFERENCE_GRAPH, IKG.softwareVersion, Literal(software_version()), ids.META_GRAPH),
    ]
    store.commit(Change(
        drop_graphs=[ids.REFERENCE_GRAPH, ids.ONTOLOGY_GRAPH],
        forget_subjects=[(ids.META_GRAPH, ids.REFERENCE_GRAPH)],
        insert=reference.reference_quads() + s3.s3_quads() + reference.ontology_quads() + meta,
        refresh=totals.rebuild_operations(),  # the totals' areas climb the reference hierarchy
    ))
    return True
