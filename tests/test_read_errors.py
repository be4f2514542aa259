"""Bad files of every format: a ReadError with a one-line reason, never another exception.

Time and memory bounds are enforced by the fuzz suite, which reads each hostile file in a limited subprocess.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from formats import docx_bytes, seed_docx
from PIL import Image
from pypdf import PdfWriter
from refdata import CORPUS, seed_pairs

from zfxxgk.errors import ReadError
from zfxxgk.read import ocr, office, read_bytes

SEED = seed_pairs()[0][0] if seed_pairs() else None


def _refused(data: bytes, name: str, reason: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name)
    assert reason in caught.value.reason and "\n" not in str(caught.value) and name in str(caught.value)
    return caught.value


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    path = CORPUS / "pdf" / "2024_淮安市_市政府.pdf"
    if not path.exists():
        pytest.skip("corpus not found")
    return path.read_bytes()


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if SEED is None:
        pytest.skip("seeds not found")
    return seed_docx(SEED, tmp_path_factory.mktemp("docx") / "seed.docx").read_bytes()


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.01])
def test_truncated_pdf(report_pdf: bytes, fraction: float) -> None:
    _refused(report_pdf[: int(len(report_pdf) * fraction)], "cut.pdf", "corrupt or truncated PDF")


def test_pdf_with_garbage_body() -> None:
    _refused(b"%PDF-1.7\n" + bytes(range(256)) * 20, "junk.pdf", "corrupt or truncated PDF")


def test_encrypted_pdf(report_pdf: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(report_pdf))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    _refused(buffer.getvalue(), "locked.pdf", "encrypted")


def test_five_thousand_page_pdf_is_refused_before_parsing_pages() -> None:
    document = pypdfium2.PdfDocument.new()
    for _ in range(5000):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    _refused(buffer.getvalue(), "huge.pdf", "5000 pages")


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_docx(report_docx: bytes, fraction: float) -> None:
    _refused(report_docx[: int(len(report_docx) * fraction)], "cut.docx", "Word document")


def test_zip_bomb_disguised_as_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(100):
                member.write(b" " * 1_000_000)
    assert len(buffer.getvalue()) < 1_000_000
    _refused(buffer.getvalue(), "bomb.docx", "zip bomb")


def test_entity_bomb_in_docx() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{laughs}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    _refused(buffer.getvalue(), "laughs.docx", "Word document")


def test_docx_without_body_xml() -> None:
    _refused(docx_bytes("<w:p/>").replace(b"word/document.xml", b"word/documenX.xml"), "x.docx", "ZIP archive")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_image_without_ocr_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    _refused(_png(), "scan.png", 'pip install "zfxxgk[ocr]"')


def test_scanned_pdf_without_ocr_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, "PDF")
    _refused(buffer.getvalue(), "scan.pdf", 'pip install "zfxxgk[ocr]"')


def test_truncated_image() -> None:
    if not ocr.ocr_available():
        pytest.skip("the ocr extra is not installed")
    _refused(_png()[:40], "cut.png", "image")


def test_legacy_office_file_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    _refused(b"{\\rtf1\\ansi 2020\\par}", "old.rtf", "LibreOffice")
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc", "LibreOffice")


def test_unconvertible_legacy_file() -> None:
    if office.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    with pytest.raises(ReadError, match="LibreOffice could not convert"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "broken.doc")


def test_huge_image_is_refused() -> None:
    if not ocr.ocr_available():
        pytest.skip("the ocr extra is not installed")
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    _refused(buffer.getvalue(), "poster.png", "image too large")


def test_paths_name_the_file(tmp_path: Path) -> None:
    from zfxxgk.read import read_path

    path = tmp_path / "报告.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF")
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(path) in str(caught.value)
