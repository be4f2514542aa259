"""The ruled tables of a scanned page, found from the image itself: grid lines, cells, and the ink in each.

OCR alone reads a table as loose text boxes, and a box between two columns (or a blank cell) shifts
every value after it: on scans of printed reports one cell in ten went wrong that way. A scanned table
still has its ruling lines, so the grid is taken from them: the page is straightened by the angle of
its long lines, horizontal and vertical strokes longer than any character are kept (a morphological
opening), their positions give the row and column lines, and two neighbouring grid squares are one
cell where no line separates them (merged label cells). Each cell then holds its own ink: none means
a blank cell, without any recognition; the ink's text lines are cut apart by their empty rows.

Everything is in pixels of the page image; needs OpenCV and numpy (the `ocr` extra brings both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy

Array = Any  # numpy arrays; numpy's own typing adds nothing for pixel work

LINE_INCHES = 0.25  # a vertical stroke this long is a ruling line: no character of a body font is that tall
RULE_INCHES = 0.4  # horizontally, blur joins the strokes of neighbouring characters (行制作) into runs this long
MIN_ANGLE_DEGREES = 0.05  # straightening by less moves no pixel of an A4 page at 150 dpi
MAX_ANGLE_DEGREES = 5.0  # a scanner feeds pages at most this skewed; steeper lines are not rulings
BORDER_COVERAGE = 0.9  # the share of a grid edge a drawn line must cover to separate two cells (text
# strokes joined to the end of a line cover less; blur and noise never break a drawn line)
PAPER = 200  # grey levels above this are paper, whatever the threshold of a page without print says
TALLEST_LINE_POINTS = 18  # the ink of one line of table text is never taller (a 14 pt font's line is ~15 pt)
CROSSING = 0.5  # text runs through a line when ink hugs both its sides along this share of it
SPECK_PIXELS = 0.00015  # ink blobs smaller than this share of a square inch are scanner noise (a browser's minus sign is 0.0003)


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a table: its grid position and span, its box, and the boxes of its lines of ink."""

    row: int
    column: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]
    lines: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True, slots=True)
class GridTable:
    box: tuple[int, int, int, int]
    cells: tuple[GridCell, ...]


def ink(gray: Array) -> Array:
    """Dark pixels as 255, by Otsu's threshold (scans are dark print on light paper); on a blank page
    Otsu would split the paper's own noise, so the threshold is never lighter than PAPER."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, mask = cv2.threshold(gray, min(threshold, PAPER), 255, cv2.THRESH_BINARY_INV)
    return mask


def _strokes(mask: Array, length: int, horizontal: bool) -> Array:
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)


def skew(gray: Array, dpi: float) -> float:
    """The page's rotation in degrees, from its long nearly horizontal lines (0 when it has none).

    A short horizontal opening keeps a slightly rotated line as a chain of overlapping pieces, one
    connected blob; the blobs at least two inches wide are fitted with a line each, and the median
    angle wins (a table has many lines, text has none that long)."""
    pieces = _strokes(ink(gray), max(8, int(dpi * LINE_INCHES / 2)), True)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pieces, connectivity=8)
    angles = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < 2 * dpi or h > w * numpy.tan(numpy.radians(MAX_ANGLE_DEGREES)) + dpi / 20:
            continue
        ys, xs = numpy.nonzero(labels[y:y + h, x:x + w] == i)
        slope = numpy.polyfit(xs, ys, 1)[0]
        angles.append(float(numpy.degrees(numpy.arctan(slope))))
    return float(numpy.median(angles)) if angles else 0.0


def straighten(gray: Array, dpi: float) -> Array:
    """The page rotated so its ruling lines are level (rotation pads with white)."""
    angle = skew(gray, dpi)
    if abs(angle) < MIN_ANGLE_DEGREES:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _positions(lines: Array, horizontal: bool, gap: int) -> list[int]:
    """Centres of the ruling lines along one axis: rows (or columns) of the mask holding line pixels,
    runs of them closer than `gap` being one line."""
    profile = lines.max(axis=1 if horizontal else 0) > 0
    out: list[int] = []
    start: int | None = None
    last = -gap - 1
    for i in numpy.flatnonzero(profile):
        if start is None or i - last > gap:
            if start is not None:
                out.append((start + last) // 2)
            start = int(i)
        last = int(i)
    if start is not None:
        out.append((start + last) // 2)
    return out


def _covered(lines: Array, x0: int, y0: int, x1: int, y1: int) -> bool:
    """Whether a drawn line covers most of the grid edge from (x0, y0) to (x1, y1) (one is constant)."""
    band = lines[y0:y1 + 1, x0:x1 + 1]
    if band.size == 0:
        return False
    along = band.max(axis=1 if x1 - x0 < y1 - y0 else 0) > 0
    return bool(along.mean() >= BORDER_COVERAGE)


def _split_band(clean: Array, top: int, bottom: int, tallest: int) -> list[tuple[int, int]]:
    """A band of ink taller than one line is two lines that touch (blur, a residual tilt): it is cut at
    its faintest row in the middle half, as often as needed."""
    if bottom - top + 1 <= tallest:
        return [(top, bottom)]
    quarter = (bottom - top) // 4
    profile = clean[top + quarter:bottom - quarter + 1].sum(axis=1)
    cut = top + quarter + int(numpy.argmin(profile))
    return _split_band(clean, top, cut - 1, tallest) + _split_band(clean, cut + 1, bottom, tallest)


def _crossed(mask: Array, x: int, top: int, bottom: int, margin: int) -> bool:
    """Whether a line of text runs through the vertical line at `x`: ink hugs it on both sides. A label
    merged over several columns can have a character exactly where the columns' line is in other rows,
    and the character's strokes join that line's pieces above and below into one."""
    left = mask[top:bottom, max(0, x - 3 * margin):x - margin]
    right = mask[top:bottom, x + margin + 1:x + 3 * margin + 1]
    return bool(left.any(axis=1).mean() >= CROSSING and right.any(axis=1).mean() >= CROSSING)


def _text_lines(mask: Array, x0: int, y0: int, speck: int, tallest: int) -> tuple[tuple[int, int, int, int], ...]:
    """Boxes of the lines of ink inside a cell (page coordinates): bands of rows holding ink, split where
    a row is empty or a band is taller than `tallest`; blobs smaller than `speck` pixels are noise."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = numpy.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= speck
    if not keep.any():
        return ()
    clean = keep[labels]
    rows = numpy.flatnonzero(clean.any(axis=1))
    bands: list[tuple[int, int]] = []
    for r in rows:
        if bands and r - bands[-1][1] <= 1:
            bands[-1] = (bands[-1][0], int(r))
        else:
            bands.append((int(r), int(r)))
    out = []
    for top, bottom in (piece for band in bands for piece in _split_band(clean, *band, tallest)):
        cols = numpy.flatnonzero(clean[top:bottom + 1].any(axis=0))
        out.append((x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + bottom + 1))
    return tuple(out)


def _cells(mask: Array, lines: Array, xs: list[int], ys: list[int], margin: int, speck: int, tallest: int) -> list[GridCell]:
    """The grid squares between consecutive lines, joined where no drawn line separates them."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            x, top, bottom = xs[c + 1], ys[r] + margin, ys[r + 1] - margin
            if c + 1 < cols and (not _covered(lines, x - margin, top, x + margin, bottom) or _crossed(mask, x, top, bottom, margin)):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _covered(lines, xs[c] + margin, ys[r + 1] - margin, xs[c + 1] - margin, ys[r + 1] + margin):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    out = []
    for squares in groups.values():
        r0, c0 = min(r for r, _ in squares), min(c for _, c in squares)
        r1, c1 = max(r for r, _ in squares) + 1, max(c for _, c in squares) + 1
        x0, y0, x1, y1 = xs[c0] + margin, ys[r0] + margin, xs[c1] - margin, ys[r1] - margin
        inside = mask[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else mask[0:0, 0:0]
        found = _text_lines(inside, x0, y0, speck, tallest) if inside.size else ()
        out.append(GridCell(r0, c0, r1 - r0, c1 - c0, (xs[c0], ys[r0], xs[c1], ys[r1]), found))
    return sorted(out, key=lambda cell: (cell.row, cell.column))


def _open_ends(ys: list[int], vertical: Array, offset: int, gap: int) -> list[int]:
    """Row lines with a line added where the column lines run past the first (or last) drawn one: a
    browser prints a table split by a page break without closing it, and the row printed there would
    otherwise be outside the grid."""
    drawn = numpy.flatnonzero(vertical.any(axis=1))
    if not ys or len(drawn) == 0:
        return ys
    top, bottom = offset + int(drawn[0]), offset + int(drawn[-1])
    return ([top] if top < ys[0] - 2 * gap else []) + ys + ([bottom] if bottom > ys[-1] + 2 * gap else [])


def find_tables(gray: Array, dpi: float) -> list[GridTable]:
    """The ruled tables of a straightened page, top to bottom, each with its cells.

    A table is a connected frame of horizontal and vertical lines at least two rows and two columns
    large; frames of one row or one column (boxed headings, signature boxes) are not tables.
    """
    mask = ink(gray)
    length = max(8, int(dpi * LINE_INCHES))
    horizontal, vertical = _strokes(mask, int(dpi * RULE_INCHES), True), _strokes(mask, length, False)
    frame = cv2.dilate(horizontal | vertical, numpy.ones((3, 3), numpy.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(frame, connectivity=8)
    gap = max(2, int(dpi / 30))  # lines closer than this (a thick or doubled rule) are one line
    margin = max(2, int(dpi / 50))  # a cell's ink starts this far inside its lines
    speck = max(2, int(SPECK_PIXELS * dpi * dpi))
    tallest = int(dpi * TALLEST_LINE_POINTS / 72)
    tables = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < length * 2 or h < length:
            continue
        region = (slice(y, y + h), slice(x, x + w))
        xs = [x + p for p in _positions(vertical[region], False, gap)]
        ys = _open_ends([y + p for p in _positions(horizontal[region], True, gap)], vertical[region], y, gap)
        if len(xs) < 3 or len(ys) < 3:
            continue
        lines = numpy.zeros_like(mask)
        lines[region] = frame[region]
        cells = _cells(mask & ~frame, lines, xs, ys, margin, speck, tallest)
        tables.append(GridTable((xs[0], ys[0], xs[-1], ys[-1]), tuple(cells)))
    return sorted(tables, key=lambda t: t.box[1])
