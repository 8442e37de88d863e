"""Reading tables as streams of rows: CSV/TSV (any delimiter, BOM, other encodings) and XLSX.

Why streaming: a full CORDIS ``organization.csv`` has ~200 000 rows; a row is read, turned into
a record and forgotten, so memory does not grow with the file. Why a first pass over the bytes:
it gives the SHA-256 that makes re-imports idempotent, and it finds a file that is not UTF-8
before anything is written (a Windows-1252 export fails at its first "ö", not half-way in).

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # CORDIS abstracts are long

DELIMITERS = (";", ",", "\t", "|")
XLSX = (".xlsx", ".xlsm")


RowTransform = Callable[[dict, int], "dict | None"]
"""A source's transform: (cells, row number) → a record, or None for a row skipped on purpose;
raises :class:`CellError` for a bad value."""


class FileError(Exception):
    """A file that cannot be imported at all (unreadable, wrong encoding, header without the
    needed columns); the message names the file and says what to do."""


class CellError(ValueError):
    """One bad value: the column it is in and why."""

    def __init__(self, column: str | None, reason: str):
        self.column = column
        self.reason = reason
        super().__init__(f"column {column}: {reason}" if column else reason)


@dataclass(frozen=True)
class RowError:
    """A row left out of an import, and why."""

    row: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}" + (f", column {self.column}" if self.column else "") + f": {self.reason}"


@dataclass
class Table:
    """An open table: its header and an iterator of (row number, cells or RowError)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, dict | RowError]]

    def require(self, columns: list[str] | tuple[str, ...], delimiter: str | None = None) -> None:
        """Refuse a table whose header lacks ``columns``, with a hint when the delimiter is wrong."""
        missing = [c for c in columns if c not in self.header]
        if not missing:
            return
        hint = ""
        if len(self.header) == 1 and delimiter:
            found = [d for d in DELIMITERS if d != delimiter and d in self.header[0]]
            hint = f"; the header is one column — the file looks {found[0]!r}-separated, expected {delimiter!r}" if found else ""
        raise FileError(f"{self.path}: missing column(s) {', '.join(missing)}{hint}")


def fingerprint(path: Path, encoding: str | None = "utf-8") -> str:
    """SHA-256 of the file's bytes; with an ``encoding``, also checks that the bytes decode."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(encoding)() if encoding else None
    offset, line = 0, 1
    try:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
                if decoder:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as e:
                        at = offset + e.start
                        line += block[: e.start].count(b"\n")
                        raise FileError(
                            f"{path}: not {encoding} text (byte {at}, line {line}); it looks like a Windows-1252 "
                            "or Latin-1 export: save it as UTF-8, or import with --encoding cp1252") from None
                    line += block.count(b"\n")
                    offset += len(block)
            if decoder:
                decoder.decode(b"", final=True)
    except OSError as e:
        raise FileError(f"{path}: cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise FileError(f"{path}: not {encoding} text (the file ends inside a character)") from None
    return digest.hexdigest()


@contextmanager
def open_table(path: Path, *, delimiter: str | None = None, encoding: str = "utf-8", sheet: str | None = None):
    """Open a CSV/TSV (delimiter given, or guessed from the header) or an XLSX sheet."""
    if path.suffix.lower() in XLSX:
        with _open_xlsx(path, sheet) as table:
            yield table
        return
    try:
        f = path.open(encoding="utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding,
                      newline="")
    except OSError as e:
        raise FileError(f"{path}: cannot read ({e.strerror or e})") from None
    with f:
        first = f.readline()
        if not first.strip():
            raise FileError(f"{path}: empty file (no header row)")
        delimiter = delimiter or ("\t" if path.suffix.lower() == ".tsv" else _guess_delimiter(first))
        f.seek(0)
        reader = csv.reader(f, delimiter=delimiter, quotechar='"')
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        yield Table(path, header, _csv_rows(reader, header))


def _guess_delimiter(line: str) -> str:
    return max(DELIMITERS, key=line.count)


def _csv_rows(reader, header: list[str]) -> Iterator[tuple[int, dict | RowError]]:
    width = len(header)
    n = 1
    for fields in reader:
        n += 1
        if not fields or fields == [""]:
            continue
        if len(fields) != width:
            yield n, RowError(n, None, f"{len(fields)} fields where the header has {width} "
                                       f"(line {reader.line_num}; a stray delimiter or quote?)")
            continue
        yield n, dict(zip(header, fields))


@contextmanager
def _open_xlsx(path: Path, sheet: str | None):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from zipfile import BadZipFile

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError) as e:
        raise FileError(f"{path}: not a readable Excel workbook ({e})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        if not any(header):
            raise FileError(f"{path}: the sheet {ws.title!r} has no header row")
        yield Table(path, header, _xlsx_rows(rows, header))
    finally:
        book.close()


def _xlsx_rows(rows, header: list[str]) -> Iterator[tuple[int, dict | RowError]]:
    for n, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cells = {h: ("" if v is None else v.strip() if isinstance(v, str) else v) for h, v in zip(header, values) if h}
        yield n, cells
