"""Currency rates: the user-updatable table of yearly averages, in Python and in the graph.

Why explicit: SweCRIS grants are in SEK, CORDIS contributions in EUR. Amounts are stored in
their own currency and never converted on the way in; a total across currencies must say which
rate it used. ``ontology/reference/ecb_rates.csv`` (ECB yearly averages, units per euro) is that
rate table: :meth:`RateTable.convert` uses it in code and refuses a missing rate, and
:func:`ensure_rates` loads it into its own graph so a SPARQL query can join it by currency and
year (docs/importers.md has the query).

>>> rates = load_rates()
>>> rates.convert(Decimal("1000"), "EUR", "SEK", 2023)
Decimal('11478.8000')
>>> rates.convert(Decimal("11478.8"), "SEK", "EUR", 2023) == 1000
True
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pyoxigraph import Literal, Quad

from graph import Change, Store
from ontology import REFERENCE_DIR, ids
from ontology.terms import DCTERMS, IKG, PROV, RDF, XSD

RATES_CSV = REFERENCE_DIR / "ecb_rates.csv"
EURO = "EUR"


class MissingRate(LookupError):
    """No rate for a currency and year: the caller must choose one, innokg will not guess."""


@dataclass(frozen=True)
class RateTable:
    per_eur: dict[tuple[str, int], Decimal]
    """(currency, year) → units of that currency per euro."""

    def rate(self, currency: str, year: int) -> Decimal:
        if currency == EURO:
            return Decimal(1)
        try:
            return self.per_eur[(currency, year)]
        except KeyError:
            raise MissingRate(f"no {currency} rate for {year} in {RATES_CSV.name}; add it to convert") from None

    def convert(self, amount: Decimal, source: str, target: str, year: int) -> Decimal:
        """``amount`` in ``source`` currency expressed in ``target`` at ``year``'s average rate."""
        return amount / self.rate(source, year) * self.rate(target, year)


def load_rates(path: Path = RATES_CSV) -> RateTable:
    with path.open(encoding="utf-8", newline="") as f:
        return RateTable({(r["currency"], int(r["year"])): Decimal(r["per_eur"]) for r in csv.DictReader(f)})


def rate_quads(path: Path = RATES_CSV) -> list[Quad]:
    """One ``ikg:ExchangeRate`` node per currency and year, in ``ids.RATES_GRAPH``."""
    g = ids.RATES_GRAPH
    out = [Quad(ids.RATES_DATASET, RDF.type, PROV.Entity, g),
           Quad(ids.RATES_DATASET, DCTERMS.title, Literal("ECB euro reference rates, yearly averages", language="en"), g),
           Quad(ids.RATES_DATASET, DCTERMS.source, Literal(path.name), g)]
    for (currency, year), rate in sorted(load_rates(path).per_eur.items()):
        node = ids.exchange_rate(currency, year)
        out += [Quad(node, RDF.type, IKG.ExchangeRate, g),
                Quad(node, IKG.currency, Literal(currency), g),
                Quad(node, IKG.year, Literal(str(year), datatype=XSD.integer), g),
                Quad(node, IKG.ratePerEuro, Literal(str(rate), datatype=XSD.decimal), g),
                Quad(node, PROV.wasDerivedFrom, ids.RATES_DATASET, g)]
    return out


def ensure_rates(store: Store, path: Path = RATES_CSV) -> bool:
    """Load or refresh the rate graph when the rate file changed; True when anything was written."""
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    if store.query(f"ASK {{ GRAPH {ids.META_GRAPH} {{ {ids.RATES_GRAPH} {IKG.sha256} {Literal(sha)} }} }}").boolean:
        return False
    meta = [Quad(ids.RATES_GRAPH, RDF.type, PROV.Entity, ids.META_GRAPH),
            Quad(ids.RATES_GRAPH, IKG.sha256, Literal(sha), ids.META_GRAPH)]
    store.commit(Change(drop_graphs=[ids.RATES_GRAPH], forget_subjects=[(ids.META_GRAPH, ids.RATES_GRAPH)],
                        insert=rate_quads(path) + meta))
    return True
