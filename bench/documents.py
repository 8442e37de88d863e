"""Real-looking Swedish project descriptions for the ingest benchmark.

Why generated text rather than the five examples: the ingest rate must be measured on hundreds of
distinct documents (an unchanged document is skipped), with the structure of a project-bank page —
a title, owner, financing lines with amounts, partners, period, case number and a few paragraphs
of prose — so that reading, extraction, resolution and the write all do their real work.
"""

from __future__ import annotations

import random
from pathlib import Path

from .synthetic import PLACES, THEMES, TOPICS

COUNTIES = ["Östergötlands län", "Västerbottens län", "Norrbottens län", "Skåne län", "Jönköpings län",
            "Örebro län", "Dalarnas län", "Värmlands län"]
AUTHORITIES = {"Östergötlands län": "Region Östergötland", "Västerbottens län": "Region Västerbotten",
               "Norrbottens län": "Region Norrbotten", "Skåne län": "Region Skåne",
               "Jönköpings län": "Region Jönköpings län", "Örebro län": "Region Örebro län",
               "Dalarnas län": "Region Dalarna", "Värmlands län": "Region Värmland"}
SUFFIXES = ["AB", "universitet", "Science Park", "kluster", "ekonomisk förening"]
PROSE = [
    "Projektet ska stärka samverkan mellan näringsliv, akademi och offentlig sektor i regionen.",
    "Målet är att fler små och medelstora företag ska utveckla nya produkter och tjänster.",
    "Insatserna omfattar seminarier, testbäddar och individuellt stöd till deltagande företag.",
    "Resultaten sprids genom öppna workshoppar och en slutkonferens under projektets sista år.",
    "Satsningen bygger vidare på regionens smarta specialisering och tidigare förstudier.",
]


def write_documents(n: int, folder: Path, seed: int = 7) -> list[Path]:
    """``n`` distinct documents (deterministic for a seed) as text files in ``folder``, each with
    its ``SOURCE:`` line, as a user would ingest a downloaded project bank."""
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = folder / f"projekt-{i:05d}.txt"
        path.write_text(f"SOURCE: https://bench.example/projekt/{i}\n\n{_document(rng, i)}", encoding="utf-8")
        paths.append(path)
    return paths


def _document(rng: random.Random, i: int) -> str:
    county = rng.choice(COUNTIES)
    place = rng.choice(PLACES)
    title = f"{rng.choice(THEMES)} {place} {i + 1}"
    owner = f"{place} {rng.choice(TOPICS)} {rng.choice(SUFFIXES)}"
    partners = sorted({f"{rng.choice(PLACES)} {rng.choice(TOPICS)} {rng.choice(SUFFIXES)}" for _ in range(rng.randint(1, 4))})
    start = rng.randint(2015, 2023)
    eruf, region = rng.randint(5, 90) * 100_000, rng.randint(2, 40) * 100_000
    return "\n".join([
        title, "",
        f"Projektägare: {owner}",
        f"Ärendenummer: 2020{i:05d}",
        f"Projektperiod: {start}-01-01 – {start + rng.randint(1, 3)}-12-31",
        f"Län: {county}", "",
        "Finansiering",
        f"Europeiska regionala utvecklingsfonden: {eruf:,} kr".replace(",", " "),
        f"{AUTHORITIES[county]}: {region:,} kr".replace(",", " "), "",
        f"Samverkansparter: {', '.join(partners)}.", "",
        *rng.sample(PROSE, 3),
    ])
