"""Positioned words (from a PDF text layer or from OCR) → lines → blocks.

Words on one baseline form a line. A wide gap (more than `GAP_EM` character heights) separates cells:
a line with several such chunks, one of them a number, is a row of a table drawn without ruling lines,
and consecutive rows form a Table, so a number never runs into its neighbour column. Other lines are
Paragraphs, except lines of label text wrapped under a row's labels, which join those cells. Lines
that are only a page number (`- 3 -`, `第 3 页`, `3/7`) at a page's top or bottom edge, and running
headers repeated at the edge of most pages, are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from statistics import median

from ..model import Block, Provenance, Table, TableCell
from .blocks import make_cell, make_paragraph

GAP_EM = 1.5
CELL_GAP_EM = 0.8  # within a table row: more than a word space, less than any column padding
EDGE = 0.09  # fraction of the page height where headers, footers and page numbers live
_PAGE_NUMBER = re.compile(
    r"^[-—–_－\s]*(第\s*)?\d{1,4}(\s*页)?([,，/\s]*(共\s*)?\d{1,4}\s*页?)?[-—–_－\s]*$|^page\s*\d+",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?\s*(万元|元|个|件|条|项|%)?$")


@dataclass(frozen=True, slots=True)
class Word:
    """A piece of text with its box in page coordinates (top-left origin, points or pixels)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass(slots=True)
class Line:
    """Words on one baseline. `boxed` words come from OCR, whose text boxes already end at wide gaps."""

    words: list[Word]
    page: int
    boxed: bool = False

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return median(w.bottom - w.top for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(" ".join(w.text for w in chunk) for chunk in self.chunks())

    def _runs(self) -> list[list[Word]]:
        """Runs of words separated by gaps wider than GAP_EM character heights."""
        if self.boxed:
            return [[w] for w in self.words]
        out: list[list[Word]] = [[self.words[0]]]
        for previous, word in itertools.pairwise(self.words):
            if word.x0 - previous.x1 > GAP_EM * self.height:
                out.append([word])
            else:
                out[-1].append(word)
        return out

    @property
    def tabular(self) -> bool:
        runs = self._runs()
        return len(runs) >= 2 and any(_NUMERIC.match(" ".join(w.text for w in run)) for run in runs)

    def chunks(self) -> list[list[Word]]:
        """The cells of a row: wide-gap runs; in a table row narrower gaps (CELL_GAP_EM) and every number
        word on its own too, since narrow columns leave less than GAP_EM between neighbouring cells."""
        if not self.tabular:
            return self._runs()
        out: list[list[Word]] = [[self.words[0]]]
        for previous, word in itertools.pairwise(self.words):
            apart = word.x0 - previous.x1 > CELL_GAP_EM * self.height
            if apart or _NUMERIC.match(word.text) or _NUMERIC.match(previous.text):
                out.append([word])
            else:
                out[-1].append(word)
        return out


def group_lines(words: list[Word], page: int, boxed: bool = False) -> list[Line]:
    """Words whose vertical centres fall within half a line height of each other share a line."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        centre = (word.top + word.bottom) / 2
        if lines and abs(centre - (lines[-1].top + lines[-1].bottom) / 2) <= lines[-1].height / 2:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word], page, boxed))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _is_page_number(line: Line, page_height: float) -> bool:
    at_edge = line.top < EDGE * page_height or line.bottom > (1 - EDGE) * page_height
    return at_edge and bool(_PAGE_NUMBER.match(line.text))


def strip_page_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop page numbers and running headers/footers (edge lines repeated on most pages)."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edge_keys: Counter[str] = Counter()
    for lines, height in zip(pages, heights):
        edge_keys.update({key(ln) for ln in lines if ln.top < EDGE * height or ln.bottom > (1 - EDGE) * height})
    repeated = {k for k, n in edge_keys.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    return [
        [
            ln for ln in lines
            if not _is_page_number(ln, height)
            and not (key(ln) in repeated and (ln.top < EDGE * height or ln.bottom > (1 - EDGE) * height))
        ]
        for lines, height in zip(pages, heights)
    ]


def _bbox(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))


def _confidence(words: list[Word]) -> float | None:
    scores = [w.confidence for w in words if w.confidence is not None]
    return round(min(scores), 3) if scores else None


def _row(line: Line, r: int) -> list[TableCell]:
    return [
        make_cell(
            " ".join(w.text for w in chunk),
            Provenance(page=line.page, row=r, column=c, bbox=_bbox(chunk), confidence=_confidence(chunk)),
        )
        for c, chunk in enumerate(line.chunks())
    ]


def _label_cell(row: list[TableCell], word: Word, height: float) -> TableCell | None:
    """The label cell of `row` a wrapped word belongs under: the one it overlaps most in x, else the
    nearest within GAP_EM; never a value cell."""
    best: tuple[float, TableCell] | None = None
    for cell in row:
        if cell.provenance.bbox is None or _NUMERIC.match(cell.text):
            continue
        c0, _, c1, _ = cell.provenance.bbox
        overlap = min(c1, word.x1) - max(c0, word.x0)  # negative: the gap between them
        if overlap >= -GAP_EM * height and (best is None or overlap > best[0]):
            best = (overlap, cell)
    return None if best is None else best[1]


def _continue_row(row: list[TableCell], line: Line, previous: Line) -> bool:
    """Attach a line of wrapped label text to the row above it (table cells are top-aligned by default).

    It continues the row when it follows closely and every word sits under one of the row's labels.
    """
    if line.top - previous.bottom > line.height:
        return False
    targets = [_label_cell(row, word, line.height) for word in line.words]
    if any(cell is None for cell in targets):
        return False
    for cell in row:
        words = [w for w, target in zip(line.words, targets) if target is cell]
        if words and cell.provenance.bbox is not None:
            box = _bbox([*words, Word("", *cell.provenance.bbox)])
            text = f"{cell.provenance.text}\n{' '.join(w.text for w in words)}"
            updated = make_cell(text, replace(cell.provenance, bbox=box))
            cell.text, cell.provenance = updated.text, updated.provenance
    return True


def line_blocks(lines: list[Line]) -> list[Block]:
    """Tabular lines and the wrapped label lines under them become one Table (cells carry bbox and
    confidence); other lines are Paragraphs."""
    blocks: list[Block] = []
    current: Table | None = None
    for previous, line in zip([None, *lines], lines):
        if line.tabular:
            if current is None:
                current = Table([], Provenance(page=line.page, bbox=_bbox(line.words)))
                blocks.append(current)
            current.rows.append(_row(line, len(current.rows)))
        elif current is not None and previous is not None and _continue_row(current.rows[-1], line, previous):
            continue
        else:
            current = None
            provenance = Provenance(page=line.page, bbox=_bbox(line.words), confidence=_confidence(line.words))
            blocks.append(make_paragraph(line.text, provenance))
    return blocks


def page_blocks(tables: list[tuple[float, Block]], lines: list[Line]) -> list[Block]:
    """Tables and text lines in reading order (top to bottom); each run of lines is laid out on its own."""
    items: list[tuple[float, Block | Line]] = [*tables, *((line.top, line) for line in lines)]
    items.sort(key=lambda i: i[0])
    blocks: list[Block] = []
    run: list[Line] = []
    for _, item in items:
        if isinstance(item, Line):
            run.append(item)
            continue
        blocks += line_blocks(run)
        run = []
        blocks.append(item)
    return blocks + line_blocks(run)
