"""The curation file: decisions a person made about names, applied on every ingest.

Why a file and not code: merges and splits are judgements about real organisations ("LiU" is
Linköpings universitet; two similar names are two companies). A TOML file is readable, diffable
and editable without Python; the bundled ``ontology/curation.toml`` holds well-known
abbreviations and a user's file adds to it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ontology import HERE

BUNDLED = HERE / "curation.toml"


class CurationError(Exception):
    """A curation file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Curation:
    same: tuple[tuple[str, ...], ...] = ()
    """Groups of names of one entity; the first is its preferred name."""
    distinct: tuple[tuple[str, ...], ...] = ()
    """Groups of names that are different entities."""

    def __add__(self, other: Curation) -> Curation:
        return Curation(self.same + other.same, self.distinct + other.distinct)


def read_curation(path: Path) -> Curation:
    """Parse one curation file, or raise :class:`CurationError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CurationError(f"{path}: {e}") from e
    unknown = set(data) - {"same", "distinct"}
    if unknown:
        raise CurationError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; expected [[same]] or [[distinct]]")
    return Curation(*(tuple(_groups(path, data, section)) for section in ("same", "distinct")))


def _groups(path: Path, data: dict, section: str):
    for i, entry in enumerate(data.get(section, []), 1):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
            raise CurationError(f"{path}: [[{section}]] entry {i} needs names = [at least two non-empty strings]")
        yield tuple(n.strip() for n in names)


def load_curation(user_file: Path | None = None) -> Curation:
    """The bundled curation, plus the user's file when given."""
    curation = read_curation(BUNDLED)
    return curation + read_curation(user_file) if user_file else curation
