"""Readers: files → :class:`Document`, one function per format, keeping line structure.

Every failure raises :class:`ReadError` naming the file and the problem, so the pipeline can
report it and go on with the other files. Folders are walked recursively with symlink loops
detected; hidden files and files of other types are skipped when walking a folder, but a file
named explicitly must be readable.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .document import Document, ReadError

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused: project descriptions are kilobytes, and a runaway file must not exhaust memory."""

SOURCE_LINE = re.compile(r"^\s*SOURCE:\s*(\S+)\s*$")


def _decode_text(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        return _fail(path, "binary content (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return _fail(path, f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fail(path: Path, reason: str):
    raise ReadError(path, reason)


def _split_source(text: str) -> tuple[str | None, str]:
    """Take a first line ``SOURCE: <url>`` off the text."""
    first, _, rest = text.partition("\n")
    match = SOURCE_LINE.match(first)
    return (match.group(1), rest.lstrip("\n")) if match else (None, text)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def read_plain(path: Path, data: bytes) -> tuple[str, str | None, str | None]:
    """Plain text and Markdown: (text, title, source_url)."""
    source, text = _split_source(_decode_text(path, data))
    return text, _first_line(text), source


def read_html(path: Path, data: bytes) -> tuple[str, str | None, str | None]:
    """HTML through trafilatura (main content as Markdown, tables kept); boilerplate is dropped."""
    import trafilatura

    source, html = _split_source(_decode_text(path, data))
    if "<" not in html:
        _fail(path, "no HTML markup found")
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, favor_recall=True,
                               include_comments=False, url=source)
    if not text or not text.strip():
        text = trafilatura.html2txt(html) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta and meta.title else _first_line(text)
    if source is None and meta and meta.url:
        source = meta.url
    return text, title, source


def read_pdf(path: Path, data: bytes) -> tuple[str, str | None, str | None]:
    """PDF text per page through pypdf; a damaged PDF is an error, not an empty document."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.startswith(b"%PDF-"):
        _fail(path, "not a PDF (missing %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, RecursionError) as e:
        return _fail(path, f"damaged or unreadable PDF ({type(e).__name__}: {e})")
    source, text = _split_source("\n\n".join(pages))
    return text, title or _first_line(text), source


READERS: dict[str, tuple[str, Callable[[Path, bytes], tuple[str, str | None, str | None]]]] = {
    ".txt": ("text/plain", read_plain),
    ".md": ("text/markdown", read_plain),
    ".markdown": ("text/markdown", read_plain),
    ".html": ("text/html", read_html),
    ".htm": ("text/html", read_html),
    ".pdf": ("application/pdf", read_pdf),
}


def read_document(path: Path | str) -> Document:
    """Read one file into a :class:`Document`, or raise :class:`ReadError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        _fail(path, f"unsupported file type {suffix or '(none)'!r}; expected one of {', '.join(READERS)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _fail(path, f"file too large ({size} bytes; limit {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as e:
        return _fail(path, f"cannot read file ({e.strerror or e})")
    if not data.strip():
        _fail(path, "empty file")
    media_type, reader = READERS[suffix]
    text, title, source = reader(path, data)
    text = text.strip("\n")
    if not text.strip():
        _fail(path, "no text content")
    return Document(
        identifier=source or str(path.resolve()),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        title=title,
        source_url=source,
        path=path,
    )


def find_documents(paths: list[Path | str]) -> Iterator[Path | ReadError]:
    """Files to ingest under the given paths, in a stable order.

    Yields a :class:`ReadError` (instead of raising) for a path that does not exist or for a
    symlink loop, so one bad path does not hide the good ones.
    """
    seen: set[Path] = set()
    for given in map(Path, paths):
        if not given.exists():
            yield ReadError(given, "no such file or directory" if not given.is_symlink() else "broken or looping symlink")
        elif given.is_dir():
            yield from _walk(given, seen)
        elif given.resolve() not in seen:
            seen.add(given.resolve())
            yield given


def _walk(root: Path, seen: set[Path]) -> Iterator[Path | ReadError]:
    visited_dirs: set[Path] = set()

    def walk(directory: Path) -> Iterator[Path | ReadError]:
        real = directory.resolve()
        if real in visited_dirs:
            yield ReadError(directory, f"symlink loop (already visited {real})")
            return
        visited_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield ReadError(directory, f"cannot list directory ({e.strerror or e})")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() and not path.exists():
                yield ReadError(path, "broken or looping symlink")
            elif entry.is_dir():
                yield from walk(path)
            elif path.suffix.lower() in READERS and path.resolve() not in seen:
                seen.add(path.resolve())
                yield path

    yield from walk(root)
