"""The original document beside the tables: its text lines, or its PDF pages as images.

Provenance names a line (text, HTML) or a page and box (PDF), so the view keeps the same numbering the
readers used: text is decoded with the encoding the reader recorded and split with `str.splitlines`, PDF
pages are rendered with pypdfium2 when it is installed. Other formats offer the original for download.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Literal

from ..read.pdfium import PDFIUM_LOCK

TEXT_FORMATS = frozenset({"text", "html"})
PAGE_SCALE = 1.5  # 108 dpi: readable on a laptop, a few hundred KB per page


@dataclass(frozen=True, slots=True)
class PageSize:
    width: float  # PDF points
    height: float


@dataclass(slots=True)
class OriginalView:
    kind: Literal["text", "pages", "download"]
    lines: list[str] = field(default_factory=list)
    pages: list[PageSize] = field(default_factory=list)
    message: str = ""


def text_lines(data: bytes, encoding: str | None) -> list[str]:
    try:
        text = data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return text.splitlines()


def pdf_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _document(data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def page_sizes(data: bytes) -> list[PageSize]:
    with PDFIUM_LOCK:
        pdf = _document(data)
        try:
            return [PageSize(*pdf.get_page_size(i)) for i in range(len(pdf))]
        finally:
            pdf.close()


def page_png(data: bytes, page: int) -> bytes:
    """Page `page` (1-based) as PNG; IndexError when the document has no such page.

    Not cached here: a stored report's bytes never change, so its page URLs are cached by the browser.
    """
    with PDFIUM_LOCK:
        pdf = _document(data)
        try:
            if not 1 <= page <= len(pdf):
                raise IndexError(page)
            pdf_page = pdf[page - 1]
            image = pdf_page.render(scale=PAGE_SCALE).to_pil().copy()
            pdf_page.close()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def original_view(data: bytes, format: str, encoding: str | None) -> OriginalView:
    if format in TEXT_FORMATS:
        return OriginalView("text", lines=text_lines(data, encoding))
    if format == "pdf" and pdf_available():
        return OriginalView("pages", pages=page_sizes(data))
    if format == "pdf":
        return OriginalView("download", message="未安装 pypdfium2，无法在页面中显示 PDF 原件，请下载查看。")
    return OriginalView("download", message=f"{format.upper()} 原件无法在页面中显示，请下载查看。")
