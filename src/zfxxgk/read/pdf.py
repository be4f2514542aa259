"""PDF → Document with pdfplumber (MIT): tables from ruling lines, the rest of the text by position.

pdfplumber was chosen over pypdfium2 by measuring both on real reports (see the README): pdfium reads
text faster but finds no tables, and without the ruling lines a blank cell and a missing cell look alike.
Each page: ruled tables become grids (each character goes to the cell whose box holds it, so numbers
never merge across a cell border); text outside them goes through `layout` (tables without ruling lines,
paragraphs, page numbers and running headers dropped). Pages without a text layer are OCR'd when the
`ocr` extra is installed; a PDF that is all scans needs it. A table that ends one page and starts the
next with the same columns is joined back into one.
"""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import ReadError
from ..model import Block, Document, Provenance, Source, Table
from .blocks import SpanCell, expand, join_tables, number_tables
from .layout import Line, Word, group_lines, page_blocks, strip_page_furniture
from .ocr import ocr_available, ocr_page, scan_scale
from .pdfium import PDFIUM_LOCK

MAX_PAGES = 200
_SNAP = 2.0  # points: cell edges closer than this are the same grid line
_RULE_WIDTH = 2.0  # points: a filled rectangle at most this thin is a drawn line
_WORD_SETTINGS: dict[str, Any] = {"x_tolerance": 3, "y_tolerance": 3}

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _failure(path: str, exc: BaseException) -> ReadError:
    """One line saying why a PDF cannot be read; pdfplumber wraps pdfminer's errors, so unwrap them."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError(path, "the PDF is encrypted (password-protected); save an unprotected copy")
    detail = str(cause) if isinstance(cause, BaseException) and str(cause) else cause.__class__.__name__
    return ReadError(path, f"corrupt or truncated PDF ({detail})")


def _open(data: bytes, path: str) -> pdfplumber.PDF:
    """Open lazily and refuse page counts no report has before any page is parsed."""
    try:
        pdf = pdfplumber.open(BytesIO(data))
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count", 0))
        if isinstance(declared, int) and declared > MAX_PAGES:
            raise ReadError(path, f"the PDF has {declared} pages; annual reports have far fewer (limit {MAX_PAGES})")
        pages = len(pdf.pages)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types (and bare Exception) on broken files
        raise _failure(path, exc) from exc
    if pages == 0:
        raise ReadError(path, "the PDF has no pages")
    if pages > MAX_PAGES:
        raise ReadError(path, f"the PDF has {pages} pages; annual reports have far fewer (limit {MAX_PAGES})")
    return pdf


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _SNAP:
            edges.append(value)
    return edges


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _ruled_span(ys: list[float], rulings: list[float]) -> tuple[int, int] | None:
    """The first and last grid lines that are drawn: rows outside them are framed text, not table."""
    drawn = [i for i, y in enumerate(ys) if any(abs(y - r) <= _SNAP for r in rulings)]
    return (drawn[0], drawn[-1]) if len(drawn) >= 2 else None


def _grid(table: Any, page_number: int, rulings: list[float]) -> Table | None:
    """A ruled table as a full grid; None for frames that are not tables (one column or one row).

    `rulings` are the y positions of drawn horizontal lines: background boxes behind lines of prose
    produce cells too, and only the rows between drawn lines are kept.
    """
    cells = [(bbox, text or "") for row, texts in zip(table.rows, table.extract(**_WORD_SETTINGS))
             for bbox, text in zip(row.cells, texts) if bbox is not None]
    ys = _edges([b[1] for b, _ in cells] + [b[3] for b, _ in cells])
    span = _ruled_span(ys, rulings)
    if span is None:
        return None
    top, bottom = ys[span[0]] - _SNAP, ys[span[1]] + _SNAP
    cells = [(b, text) for b, text in cells if b[1] >= top and b[3] <= bottom]
    xs = _edges([b[0] for b, _ in cells] + [b[2] for b, _ in cells])
    ys = _edges([b[1] for b, _ in cells] + [b[3] for b, _ in cells])
    if len(xs) < 3 or len(ys) < 3:
        return None
    rows: list[list[SpanCell]] = [[] for _ in range(len(ys) - 1)]
    for (x0, y0, x1, y1), text in sorted(cells, key=lambda c: (c[0][1], c[0][0])):
        r, c = _nearest(ys, y0), _nearest(xs, x0)
        rows[min(r, len(rows) - 1)].append(
            SpanCell(
                text,
                Provenance(page=page_number, column=c, bbox=(x0, y0, x1, y1)),
                rowspan=max(1, _nearest(ys, y1) - r),
                colspan=max(1, _nearest(xs, x1) - c),
            )
        )
    return Table(expand(rows), Provenance(page=page_number, bbox=(xs[0], ys[0], xs[-1], ys[-1])))


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _is_ruling(obj: dict[str, Any]) -> bool:
    """Stroked shapes and thin filled bars draw table borders; filled boxes are backgrounds (WPS puts a
    white box behind every line of text, which would otherwise read as a one-column table)."""
    if obj.get("object_type") != "rect":
        return True
    return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= _RULE_WIDTH


def _open_ends(edges: list[dict[str, Any]]) -> list[float]:
    """Where a table running over a page break has no border: browsers print the rows of a table split
    between pages without closing or reopening it, so the column lines start above the page's first
    drawn row line (or end below its last). A line is drawn there, or the first (last) row is lost."""
    horizontal = [e["top"] for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * _RULE_WIDTH]
    vertical = [e for e in edges if e["orientation"] == "v"]  # (the ends of a thin bar are no row lines)
    if not horizontal or not vertical:
        return []
    top, bottom = min(e["top"] for e in vertical), max(e["bottom"] for e in vertical)
    return [y for y, open_end in ((top, top < min(horizontal) - _SNAP), (bottom, bottom > max(horizontal) + _SNAP)) if open_end]


def _text_page(page: Any, number: int) -> tuple[list[tuple[float, Block]], list[Line]]:
    """Ruled tables (with their top edge, for ordering) and the lines of the text around them."""
    edges = page.filter(_is_ruling).edges
    closing = _open_ends(edges)
    rulings = [e["top"] for e in edges if e["orientation"] == "h"] + closing
    tables = page.find_tables({"explicit_horizontal_lines": closing} if closing else None)
    grids = [g for g in (_grid(t, number, rulings) for t in tables) if g is not None]
    boxes = [g.provenance.bbox for g in grids if g.provenance.bbox is not None]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in outside.extract_words(**_WORD_SETTINGS)]
    return [(g.provenance.bbox[1] if g.provenance.bbox else 0.0, g) for g in grids], group_lines(words, number)


def _ocr_page(page: Any, number: int, path: str) -> tuple[list[tuple[float, Block]], list[Line]]:
    """A scanned page rendered at its scan's own resolution (pixels per point of its largest image)."""
    scale = scan_scale(max((i["srcsize"][0] / i["width"] for i in page.images if i["width"] > 0), default=None))
    with PDFIUM_LOCK:  # pdfplumber renders with PDFium, which the web app also calls from other threads
        image = page.to_image(resolution=72 * scale).original.copy()
    return ocr_page(image, number, scale, path)


def read_pdf(data: bytes, source: Source) -> Document:
    pdf = _open(data, source.path)
    source.pages = len(pdf.pages)
    try:
        pages: list[tuple[list[tuple[float, Block]], list[Line]]] = []
        has_text = [bool(page.chars) for page in pdf.pages]
        scanned = [not text and bool(page.images or page.curves) for text, page in zip(has_text, pdf.pages)]
        ocr = ocr_available() or not any(has_text)  # a PDF of scans only is OCR'd or refused with the hint
        for number, (page, scan) in enumerate(zip(pdf.pages, scanned), start=1):
            if not scan:
                pages.append(_text_page(page, number))
            else:  # a scanned page among text pages is skipped, and recorded, when OCR is not installed
                pages.append(_ocr_page(page, number, source.path) if ocr else ([], []))
                if not ocr:
                    source.unread_pages.append(number)
            page.flush_cache()
        heights = [float(p.height) for p in pdf.pages]
    except ReadError:
        raise
    except Exception as exc:  # a page that breaks pdfminer midway: the file is damaged
        raise _failure(source.path, exc) from exc
    finally:
        pdf.close()
    lines = strip_page_furniture([p[1] for p in pages], heights)
    blocks = [b for (tables, _), page_lines in zip(pages, lines) for b in page_blocks(tables, page_lines)]
    return Document(source, number_tables(join_tables(blocks)))
