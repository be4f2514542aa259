"""Scanned pages and images → words with boxes and confidences, through the optional `ocr` extra.

RapidOCR (rapidocr-onnxruntime) ships its Chinese detection and recognition models inside the wheel, so
OCR works offline and installs with pip alone. It is optional because it brings onnxruntime and OpenCV;
without it a scan is refused with the command that installs it, never read as an empty report.
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.util import find_spec
from io import BytesIO
from typing import Any

from PIL import Image

from ..errors import ReadError
from ..model import Document, Source
from .blocks import number_tables
from .layout import Word, group_lines, line_blocks

INSTALL_HINT = 'pip install "zfxxgk[ocr]"'
MAX_PIXELS = 60_000_000  # about an A0 page at 300 dpi; larger images are decompression bombs


def ocr_available() -> bool:
    return find_spec("rapidocr_onnxruntime") is not None


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # RapidOCR's default scales the shorter side up to 736 px: a strip of a table becomes a huge image.
    # Capping the longer side instead keeps small scans small and still reads an A4 page at 144 dpi whole.
    return RapidOCR(det_limit_type="max", det_limit_side_len=2000)


def ocr_words(image: Image.Image, path: str) -> list[Word]:
    """Text fragments found in the image, in pixel coordinates, each with the recogniser's confidence."""
    if not ocr_available():
        raise ReadError(path, f"a scanned image or page needs OCR, which is not installed: {INSTALL_HINT}")
    import numpy

    result, _ = _engine()(numpy.asarray(image.convert("RGB")))
    words: list[Word] = []
    for box, text, score in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        words.append(Word(text, float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)), float(score)))
    return words


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
    return Document(source, number_tables(line_blocks(group_lines(ocr_words(image, source.path), 1, boxed=True))))
