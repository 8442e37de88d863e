"""Minting of data IRIs: stable, readable, derived from canonical keys.

Why: the same real thing must get the same IRI in every run and on every
machine, so IRIs come from official codes (municipality, county, NUTS),
organisation numbers, or a normalised name — never from counters or random
ids. The base is configurable with ``INNOKG_BASE`` (default
``https://w3id.org/innokg/id/``) and read once at import.

>>> slug("Linköpings  Universitet!")
'linköpings-universitet'
>>> county_area("05").value
'https://w3id.org/innokg/id/area/lan/05'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from urllib.parse import quote

from pyoxigraph import NamedNode

BASE = os.environ.get("INNOKG_BASE", "https://w3id.org/innokg/id/")


def slug(name: str) -> str:
    """Lower-case, NFC, words joined by '-'; letters such as å/ä/ö are kept (IRIs allow them,
    and folding them would merge Håbo and Habo)."""
    text = unicodedata.normalize("NFC", name).casefold()
    words = re.findall(r"\w+", text)
    return "-".join(words) or "_"


def _iri(*parts: str) -> NamedNode:
    return NamedNode(BASE + "/".join(parts))


def digest(text: str, length: int = 16) -> str:
    """A short hex digest, for keys that are not readable (paths, URLs, sentences)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# Territory (skos:Concept) -------------------------------------------------
def municipality_area(kommunkod: str) -> NamedNode:
    return _iri("area", "kommun", kommunkod)


def county_area(lanskod: str) -> NamedNode:
    return _iri("area", "lan", lanskod)


def nuts_area(nuts_code: str) -> NamedNode:
    return _iri("area", "nuts", nuts_code)


SWEDEN = nuts_area("SE")

# Bodies (org:Organization) --------------------------------------------------
def municipal_authority(kommunkod: str) -> NamedNode:
    return _iri("org", "kommun", kommunkod)


def regional_authority(lanskod: str) -> NamedNode:
    return _iri("org", "region", lanskod)


def county_board(lanskod: str) -> NamedNode:
    return _iri("org", "lansstyrelse", lanskod)


def fund(fund_id: str) -> NamedNode:
    return _iri("fund", fund_id)


def organisation(name: str) -> NamedNode:
    """An organisation known only by its (normalised) name."""
    return _iri("org", slug(name))


def organisation_number(orgnr: str) -> NamedNode:
    """An organisation known by its Swedish organisation number (``NNNNNN-NNNN``)."""
    return _iri("org", "orgnr", orgnr)


def pic(code: str) -> NamedNode:
    """An organisation known by its EU Participant Identification Code (and no organisation number)."""
    return _iri("org", "pic", code)


def vat(number: str) -> NamedNode:
    """An organisation known only by its VAT number."""
    return _iri("org", "vat", number)


def person(name: str) -> NamedNode:
    return _iri("person", slug(name))


def project(name: str) -> NamedNode:
    return _iri("project", slug(name))


def record_project(source: str, key: str) -> NamedNode:
    """A project known by its identifier in a funding table (``cordis``/``101060884``,
    ``swecris``/``2025-01169_Vinnova``), so every import of that table finds it again."""
    return _iri("project", source, slug(key))


def participation(project_iri: NamedNode, role: str, actor_iri: NamedNode) -> NamedNode:
    """One node per (project, role, actor): re-extracting the same fact yields the same node."""
    return _iri("participation", digest(f"{project_iri.value} {role} {actor_iri.value}"))


def grant(project_iri: NamedNode, funder_iri: NamedNode, recipient_iri: NamedNode, tranche: str = "") -> NamedNode:
    """One funding node per (project, funder, recipient[, tranche such as a funding year]): a
    table states each grant to each recipient separately, so they must not share a node."""
    return _iri("participation", digest(f"{project_iri.value} funder {funder_iri.value} {recipient_iri.value} {tranche}"))


def grant_total(grant_iri: NamedNode, currency: str | None = None) -> NamedNode:
    """The entry of one grant (an ``ikg:Funding`` node) in the totals graph: one per currency its
    amounts are stated in (``…/total/SEK``), or ``…/total`` when no document states an amount.
    ingest/totals.py mints the same IRIs inside SPARQL Update; the two must agree."""
    return NamedNode(grant_iri.value + "/total" + (f"/{quote(currency, safe='')}" if currency else ""))


def exchange_rate(currency: str, year: int) -> NamedNode:
    """The yearly average rate of ``currency`` per euro (ontology/reference/ecb_rates.csv)."""
    return _iri("rate", "ecb", f"{currency}-{year}")


# Documents and graphs -----------------------------------------------------
def document(identifier: str) -> NamedNode:
    """A document IRI from its source URL or path; also the IRI of its named graph."""
    return _iri("doc", digest(identifier))


def document_version(document_iri: NamedNode, sha256: str) -> NamedNode:
    """The named graph of one version (by content hash) of an imported table: a new version is
    written beside the old one and replaces it in one small commit (docs/decisions/005)."""
    return NamedNode(f"{document_iri.value}/v/{sha256[:16]}")


def ingest_activity(document_iri: NamedNode, sha256: str) -> NamedNode:
    return _iri("activity", digest(f"{document_iri.value} {sha256}"))


def software(version: str) -> NamedNode:
    return _iri("software", "innokg", version)


META_GRAPH = _iri("graph", "meta")
"""Describes every document (prov:Entity) and ingest activity."""

REFERENCE_GRAPH = _iri("graph", "reference")
"""The Swedish reference data: territory, public authorities, funds."""

TOTALS_GRAPH = _iri("graph", "totals")
"""Materialised funding totals: one ``ikg:GrantTotal`` per grant and stated currency, with what the
ready-made questions filter on (ingest/totals.py; docs/decisions/007-totals-and-cache.md). Derived
data, kept up to date in the same commit as each document and rebuilt by ``rebuild_totals``."""

LABELS_GRAPH = _iri("graph", "labels")
"""One preferred label (and project title) per entity minted by ingest, written when the IRI is
first minted, so an entity written several ways across documents still has exactly one name."""

RATES_GRAPH = _iri("graph", "rates")
"""The currency rate table (``ontology/reference/ecb_rates.csv``) as ``ikg:ExchangeRate`` nodes."""

RATES_DATASET = _iri("dataset", "ecb-rates")
"""The rate table the exchange-rate nodes are derived from."""

ONTOLOGY_GRAPH = _iri("graph", "ontology")
"""The ontology itself (``innokg.ttl``), so queries can read labels of classes and roles."""

REFERENCE_DATASET = _iri("dataset", "reference")
"""The reference data set (ontology/reference/*.csv) that reference entities are derived from."""
