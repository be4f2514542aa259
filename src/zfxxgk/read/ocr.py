"""Scanned pages and images → words with boxes and confidences, through the optional `ocr` extra.

RapidOCR (rapidocr-onnxruntime) ships its Chinese detection and recognition models inside the wheel, so
OCR works offline and installs with pip alone. It is optional because it brings onnxruntime and OpenCV;
without it a scan is refused with the command that installs it, never read as an empty report.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from io import BytesIO
from typing import Any

from PIL import Image

from ..errors import ReadError
from ..model import Block, Document, Provenance, Source, Table
from .blocks import SpanCell, expand, number_tables
from .layout import Line, Word, group_lines, page_blocks

INSTALL_HINT = 'pip install "zfxxgk[ocr]"'
MAX_PIXELS = 60_000_000  # about an A0 page at 300 dpi; larger images are decompression bombs
REC_MIN_WIDTH = 64  # pixels at the recogniser's height of 48: the narrowest text box it is given
MIN_TEXT_SCORE = 0.5  # detected text outside tables recognised below this is a smudge, not text (RapidOCR's default)
_LOOKALIKES = str.maketrans("oOD〇lI|]!", "000011111")
_NUMBER = re.compile(r"^[-+]?\d[\d,.]*$")
DASH_THICKNESS = 25  # a dash is at most 1/25 inch thick (a 3 pt bar)
SCAN_DPI = 150  # an image that does not say its resolution is read as a 150 dpi scan
MIN_DPI, MAX_DPI = 150, 300  # rendered finer, digits are no better read and every stage costs more


def ocr_available() -> bool:
    return find_spec("rapidocr_onnxruntime") is not None


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # RapidOCR's default scales the shorter side up to 736 px: a strip of a table becomes a huge image.
    # Capping the longer side instead keeps small scans small and still reads an A4 page at 150 dpi whole.
    # Text boxes are at least 64 px wide at the recogniser's 48 px height (its default, 320, made a cell
    # holding "0" cost as much as a line of twelve characters).
    # One thread: onnxruntime's thread pool spins while it waits and doubled the CPU time of a page; files
    # are read in parallel by processes instead.
    return RapidOCR(
        det_limit_type="max",
        det_limit_side_len=2000,
        rec_img_shape=[3, 48, REC_MIN_WIDTH],
        intra_op_num_threads=1,
        inter_op_num_threads=1,
    )


def scan_scale(pixels_per_point: float | None) -> float:
    """Pixels per point to render a scanned page at: the scan's own resolution, kept between MIN_DPI
    (coarser loses digits) and MAX_DPI (finer costs time and reads no better)."""
    dpi = SCAN_DPI if pixels_per_point is None else pixels_per_point * 72
    return min(MAX_DPI, max(MIN_DPI, dpi)) / 72


def image_scale(image: Image.Image) -> float:
    """Pixels per point of an image file, from the resolution it declares (SCAN_DPI when none)."""
    dpi = image.info.get("dpi")
    return float(dpi[0]) / 72 if dpi and float(dpi[0]) >= 50 else SCAN_DPI / 72


def _require_ocr(path: str) -> None:
    if not ocr_available():
        raise ReadError(path, f"a scanned image or page needs OCR, which is not installed: {INSTALL_HINT}")


def _recognise(gray: Any, boxes: list[tuple[int, int, int, int]]) -> list[tuple[str, float]]:
    """Text and confidence of each box of the page, in one batch (the recogniser sorts by width)."""
    if not boxes:
        return []
    import cv2

    h, w = gray.shape
    crops = []
    for x0, y0, x1, y1 in boxes:
        pad = max(1, (y1 - y0) // 10)  # tight crops read best: a single 0 padded by half its height often came back as "o"
        crop = gray[max(0, y0 - pad):min(h, y1 + pad), max(0, x0 - pad):min(w, x1 + pad)]
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    results, _ = _engine().text_rec(crops)
    return [(_as_printed(str(text)), float(score)) for text, score in results]


@cache
def _misreadings() -> tuple[tuple[str, str], ...]:
    data = tomllib.loads(files(__package__).joinpath("ocr_misreadings.toml").read_text("utf-8"))
    return tuple((m["read"], m["printed"]) for m in data["misreadings"])


def _as_printed(text: str) -> str:
    """Recognised text with the recogniser's known misreadings of report phrases undone."""
    for read, printed in _misreadings():
        text = text.replace(read, printed)
    return text


def _is_dash(lines: tuple[tuple[int, int, int, int], ...], dpi: float) -> bool:
    """A cell whose only ink is one flat bar prints a dash (not applicable): the recogniser reads it as
    一 (one) or as nothing, so it is not asked."""
    if len(lines) != 1:
        return False
    x0, y0, x1, y1 = lines[0]
    return y1 - y0 <= dpi / DASH_THICKNESS and x1 - x0 >= 3 * (y1 - y0)


def _digits(text: str) -> str:
    """A number read with letters that look like digits (`o` for 0, `l` for 1) as that number; any
    other text as read."""
    number = text.translate(_LOOKALIKES)
    return number if _NUMBER.match(number) else text


def _detect(gray: Any, tables: list[Any]) -> list[tuple[int, int, int, int]]:
    """Boxes of the text outside the tables; the detector runs only on the band of the page holding it."""
    import cv2
    import numpy

    from .scan_grid import ink

    rest = gray.copy()
    for table in tables:
        x0, y0, x1, y1 = table.box
        rest[max(0, y0 - 3):y1 + 4, max(0, x0 - 3):x1 + 4] = 255
    rows = numpy.flatnonzero(ink(rest).sum(axis=1) > 255 * 2) if rest.size else []
    if len(rows) == 0:
        return []
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    found, _ = _engine().text_det(cv2.cvtColor(rest[max(0, top - 8):bottom + 8], cv2.COLOR_GRAY2BGR))
    boxes = []
    for quad in [] if found is None else found:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        offset = max(0, top - 8)
        boxes.append((int(min(xs)), int(min(ys)) + offset, int(max(xs)) + 1, int(max(ys)) + 1 + offset))
    return boxes


def ocr_page(image: Image.Image, number: int, scale: float, path: str) -> tuple[list[tuple[float, Block]], list[Line]]:
    """A scanned page's ruled tables (with their tops, for ordering) and its other text lines, in points.

    `scale` is pixels per point. Tables come from the page's own ruling lines (`scan_grid`): every
    inked cell is recognised alone, a cell without ink is blank without recognition, and each cell
    keeps its recogniser confidence. The detector looks for text only outside the tables.
    """
    _require_ocr(path)
    import numpy

    from .scan_grid import find_tables, straighten

    dpi = 72 * scale
    gray = straighten(numpy.asarray(image.convert("L")), dpi)
    tables = find_tables(gray, dpi)
    prose = _detect(gray, tables)
    dashes = {id(cell) for table in tables for cell in table.cells if _is_dash(cell.lines, dpi)}
    cell_lines = [line for table in tables for cell in table.cells if id(cell) not in dashes for line in cell.lines]
    read = iter(_recognise(gray, cell_lines + prose))

    def points(box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
        return (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)

    blocks: list[tuple[float, Block]] = []
    for table in tables:
        rows: list[list[SpanCell]] = [[] for _ in range(max(c.row + c.rowspan for c in table.cells))]
        for cell in table.cells:
            texts = [("—", 1.0)] if id(cell) in dashes else [next(read) for _ in cell.lines]
            confidence = round(min(score for _, score in texts), 3) if texts else None
            provenance = Provenance(page=number, column=cell.column, bbox=points(cell.box), confidence=confidence)
            raw = "\n".join(_digits(text) for text, _ in texts)
            rows[cell.row].append(SpanCell(raw, provenance, rowspan=cell.rowspan, colspan=cell.colspan))
        box = points(table.box)
        blocks.append((box[1], Table(expand(rows), Provenance(page=number, bbox=box))))
    words = [
        Word(text, *points(box), score)
        for box, (text, score) in zip(prose, read)
        if text.strip() and score >= MIN_TEXT_SCORE
    ]
    return blocks, group_lines(words, number, boxed=True)


def open_image(data: bytes, path: str) -> Image.Image:
    """Decode an image with a pixel limit, so a tiny file cannot expand into gigabytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ReadError(path, f"image too large ({image.width}×{image.height} pixels)")
            image.load()
    except ReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError(path, f"image too large ({exc})") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(path, f"corrupt or truncated image ({exc})") from exc
    return image


def read_image(data: bytes, source: Source) -> Document:
    if not ocr_available():
        raise ReadError(source.path, f"an image: scanned reports need OCR, which is not installed: {INSTALL_HINT}")
    image = open_image(data, source.path)
    source.pages = 1
    tables, lines = ocr_page(image, 1, image_scale(image), source.path)
    return Document(source, number_tables(page_blocks(tables, lines)))
