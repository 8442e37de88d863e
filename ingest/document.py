"""The unit that flows through ingest: one source document as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ReadError(Exception):
    """A document that cannot be read; the message names the file and the problem."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class Document:
    """A document as text.

    ``identifier`` is what the document is known by across versions: its source URL when the
    file gives one (a first line ``SOURCE: <url>``), else its resolved path. ``sha256`` is the
    digest of the file's bytes, so an unchanged file is recognised and skipped on re-ingest.
    ``text`` keeps the document's line structure (headings, ``Label: value`` lines, list items
    and table rows each on their own line), without the ``SOURCE`` line.
    """

    identifier: str
    text: str
    sha256: str
    media_type: str
    title: str | None = None
    source_url: str | None = None
    path: Path | None = None

    @property
    def name(self) -> str:
        """File name when read from disk, else the identifier (used in messages and extraction output)."""
        return self.path.name if self.path else self.identifier
