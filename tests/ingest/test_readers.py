"""Readers: formats, the SOURCE line, structure kept, and every bad input a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import ReadError
from ingest.readers import find_documents, read_document

TEXT = "SOURCE: https://example.org/projekt/42\n\nSolkraft i Sörmland\n\nProjektägare: Region Sörmland\n• Deltagare: Mälardalens universitet\n"


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_text_with_source_line(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", TEXT))
    assert doc.source_url == "https://example.org/projekt/42"
    assert doc.identifier == doc.source_url
    assert doc.title == "Solkraft i Sörmland"
    assert not doc.text.startswith("SOURCE")
    assert "Projektägare: Region Sörmland\n• Deltagare: Mälardalens universitet" in doc.text
    assert len(doc.sha256) == 64


def test_without_source_line_the_path_identifies_the_document(tmp_path):
    path = write(tmp_path, "b.md", "# Rubrik\n\nText om Örebro.\n")
    doc = read_document(path)
    assert doc.source_url is None and doc.identifier == str(path.resolve())
    assert doc.title == "Rubrik" and doc.media_type == "text/markdown"


def test_crlf_and_bom_are_normalised(tmp_path):
    doc = read_document(write(tmp_path, "c.txt", b"\xef\xbb\xbfRad ett\r\nRad tv\xc3\xa5\r\n"))
    assert doc.text == "Rad ett\nRad två"


def test_html_keeps_headings_lists_and_table_rows(tmp_path):
    html = """<html><head><title>Nya projekt</title></head><body><nav>Meny Start Kontakt</nav><article>
    <h1>Nya projekt i Halland</h1><p>Projektägare: Region Halland. Projektet pågår 2021–2023 och handlar om
    hållbar produktion i små och medelstora företag i hela länet.</p>
    <ul><li>Deltagare: Högskolan i Halmstad</li><li>Finansiär: Tillväxtverket</li></ul>
    <table><tr><td>Aktör</td><td>Kronor</td></tr><tr><td>Region Halland</td><td>1 900 000 kr</td></tr></table>
    </article></body></html>"""
    doc = read_document(write(tmp_path, "d.html", html))
    assert doc.title.startswith("Nya projekt")  # <title> or <h1>, as trafilatura judges
    lines = doc.text.splitlines()
    assert any(line.startswith("#") and "Nya projekt i Halland" in line for line in lines)
    assert any("Deltagare: Högskolan i Halmstad" in line for line in lines)
    assert any("Region Halland" in line and "1 900 000 kr" in line for line in lines)


def test_pdf_text_is_read(tmp_path):
    pdf = make_pdf("Projektägare: Luleå tekniska universitet")
    doc = read_document(write(tmp_path, "e.pdf", pdf))
    assert "Projektägare: Luleå tekniska universitet" in doc.text
    assert doc.media_type == "application/pdf"


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("nul.txt", b"abc\x00def", "binary content"),
    ("latin1.txt", "Malmö".encode("latin-1"), r"not valid UTF-8 \(byte 0xf6 at offset 4\)"),
    ("random.txt", os.urandom(5 * 1024 * 1024), "binary content|not valid UTF-8"),
    ("notpdf.pdf", b"hello, this is no pdf", "not a PDF"),
    ("data.bin", b"\x01\x02", "unsupported file type '.bin'"),
    ("nomarkup.html", b"just words", "no HTML markup"),
])
def test_bad_input_is_a_clear_error_naming_the_file(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    with pytest.raises(ReadError, match=reason) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_truncated_pdf_is_a_clear_error(tmp_path):
    pdf = make_pdf("Projektägare: Region Norrbotten " * 50)
    path = write(tmp_path, "trunc.pdf", pdf[: len(pdf) // 3])
    with pytest.raises(ReadError, match="PDF") as info:
        read_document(path)
    assert "trunc.pdf" in str(info.value)


def test_walk_skips_hidden_and_foreign_files_and_reports_symlink_loops(tmp_path):
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    write(root, "a.txt", "A")
    write(root / "sub", "b.md", "B")
    write(root, ".hidden.txt", "H")
    write(root, "image.png", b"\x89PNG")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    found = list(find_documents([root, root / "a.txt", tmp_path / "nowhere"]))
    paths = [f for f in found if isinstance(f, Path)]
    errors = {Path(e.path).name: e.reason for e in found if isinstance(e, ReadError)}
    assert [p.name for p in paths] == ["a.txt", "b.md"]  # a.txt once, though named twice
    assert "symlink loop" in errors["loop"]
    assert "symlink" in errors["dangling.txt"]
    assert errors["nowhere"] == "no such file or directory"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_read_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("h") / "x.txt"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except ReadError as e:
        assert e.path == str(path) and e.reason
    else:
        assert doc.text.strip() and "\x00" not in doc.text


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=500).filter(str.strip))
def test_any_utf8_text_round_trips(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("h") / "x.txt"
    path.write_text(text, encoding="utf-8")
    if "\x00" in text:
        with pytest.raises(ReadError):
            read_document(path)
        return
    try:
        doc = read_document(path)
    except ReadError as e:  # only text that is empty once the SOURCE line is gone
        assert e.reason in {"no text content", "empty file"}
    else:
        assert doc.text in text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def make_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in a standard font (written by hand: no PDF library needed)."""
    content = f"BT /F1 10 Tf 20 700 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
