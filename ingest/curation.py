"""The curation file: decisions a person made about names, applied on every ingest.

Why a file and not code: merges and splits are judgements about real organisations ("LiU" is
Linköpings universitet; two similar names are two companies). A TOML file is readable, diffable
and editable without Python; the bundled ``ontology/curation.toml`` holds well-known
abbreviations and a user's file adds to it.

Classification is a judgement too: ``[[theme]]`` and ``[[function]]`` entries add or remove
S3 themes and support functions (by their ``skos:notation``, docs/s3.md) of a project or actor
named in any of its forms; they win over every rule of :mod:`ingest.classify`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ontology import HERE

BUNDLED = HERE / "curation.toml"


class CurationError(Exception):
    """A curation file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Override:
    """Themes or support functions a person adds to or removes from one project or actor."""

    name: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curation:
    same: tuple[tuple[str, ...], ...] = ()
    """Groups of names of one entity; the first is its preferred name."""
    distinct: tuple[tuple[str, ...], ...] = ()
    """Groups of names that are different entities."""
    themes: tuple[Override, ...] = ()
    """``[[theme]]`` entries: S3 themes of a project or actor."""
    functions: tuple[Override, ...] = ()
    """``[[function]]`` entries: support functions of a project or actor."""

    def __add__(self, other: Curation) -> Curation:
        return Curation(self.same + other.same, self.distinct + other.distinct,
                        self.themes + other.themes, self.functions + other.functions)


def read_curation(path: Path) -> Curation:
    """Parse one curation file, or raise :class:`CurationError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CurationError(f"{path}: {e}") from e
    unknown = set(data) - {"same", "distinct", "theme", "function"}
    if unknown:
        raise CurationError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; "
                            "expected [[same]], [[distinct]], [[theme]] or [[function]]")
    return Curation(*(tuple(_groups(path, data, section)) for section in ("same", "distinct")),
                    *(tuple(_overrides(path, data, section)) for section in ("theme", "function")))


def _groups(path: Path, data: dict, section: str):
    for i, entry in enumerate(data.get(section, []), 1):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
            raise CurationError(f"{path}: [[{section}]] entry {i} needs names = [at least two non-empty strings]")
        yield tuple(n.strip() for n in names)


def _overrides(path: Path, data: dict, section: str):
    """``[[theme]]``/``[[function]]`` entries: a name and notations to add or remove, checked against
    the vocabularies so a typo is an error here rather than a silent no-op."""
    from ontology.s3 import load_s3

    vocab = load_s3()
    known = {c.notation for c in (vocab.themes if section == "theme" else vocab.functions)}
    for i, entry in enumerate(data.get(section, []), 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        lists = {k: entry.get(k, []) for k in ("add", "remove")} if isinstance(entry, dict) else {}
        if not isinstance(name, str) or not name.strip() or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()):
            raise CurationError(f"{path}: [[{section}]] entry {i} needs name = \"…\" and add/remove = [notations]")
        wrong = sorted({x for v in lists.values() for x in v} - known)
        if wrong:
            raise CurationError(f"{path}: [[{section}]] entry {i} ({name}): unknown {', '.join(wrong)}; "
                                f"known: {', '.join(sorted(known))}")
        yield Override(name.strip(), tuple(lists["add"]), tuple(lists["remove"]))


def load_curation(user_file: Path | None = None) -> Curation:
    """The bundled curation, plus the user's file when given."""
    curation = read_curation(BUNDLED)
    return curation + read_curation(user_file) if user_file else curation
