"""A printed report as a scanner returns it: each page an image at 150 dpi grey, slightly rotated,
blurred and noisy, wrapped in a PDF with no text layer.

Agencies publish scans of signed reports, and the held-out real scans stay unseen: the OCR reader is
measured and tested on reports of the sample generator printed and "scanned" this way, whose every cell
is known. Needs numpy and OpenCV (the `ocr` extra).
"""

from __future__ import annotations

import io
import random

from PIL import Image

from ..read.pdfium import PDFIUM_LOCK

DPI = 150
MAX_ROTATION = 1.0  # degrees either way: a page fed by hand
BLUR_SIGMA = 0.6  # pixels: a scanner's optics
NOISE_SIGMA = 8.0  # grey levels: sensor noise


def scan_image(gray: object, rng: random.Random) -> Image.Image:
    """One page image (a 2-D uint8 array) rotated, blurred and noised."""
    import cv2
    import numpy

    page = numpy.asarray(gray)
    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-MAX_ROTATION, MAX_ROTATION), 1.0)
    page = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    page = cv2.GaussianBlur(page, (3, 3), BLUR_SIGMA)
    noise = numpy.random.default_rng(rng.getrandbits(32)).normal(0.0, NOISE_SIGMA, page.shape)
    return Image.fromarray(numpy.clip(page + noise, 0, 255).astype(numpy.uint8))


def scan_pdf(pdf: bytes, rng: random.Random, dpi: int = DPI) -> bytes:
    """The PDF's pages rasterised at `dpi` in grey, each scanned by `scan_image`, as an image-only PDF."""
    import pypdfium2

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            grays = [page.render(scale=dpi / 72, grayscale=True).to_numpy() for page in document]
        finally:
            document.close()
    pages = [scan_image(g[..., 0] if g.ndim == 3 else g, rng) for g in grays]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()
