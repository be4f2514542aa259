"""Blocks as every reader builds them: normalised paragraphs and cells, and full table grids.

Every format describes merged cells differently (HTML rowspan/colspan, DOCX gridSpan/vMerge, PDF cell
boxes); each reader turns its own description into `SpanCell`s and `expand` makes the one grid shape the
extractor expects: every position filled, positions covered by a span carrying the origin's text with
`merged=True` so the text is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Paragraph, Provenance, Table, TableCell
from .normalize import normalize_text

MAX_SPAN = 1000  # rowspan="65534" exists in the wild; no report table is that large
_DIGIT_BREAK = re.compile(r"(?<=\d)\n(?=\d)")
_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")


def make_paragraph(raw: str, provenance: Provenance) -> Paragraph:
    """A paragraph, marked as a heading when it is a short numbered section title (`二、主动公开…`)."""
    text = normalize_text(raw)
    heading = bool(_HEADING.match(text)) and len(text) < 40
    return Paragraph(text, provenance.placed(raw.strip()), "heading" if heading else "paragraph")


def cell_text(raw: str) -> str:
    """A cell's normalised text on one line: wrapped labels rejoin (before normalising, since narrow cells
    wrap inside a pinyin gloss), digits on two lines stay apart."""
    return normalize_text(_DIGIT_BREAK.sub(" ", raw).replace("\n", ""))


def make_cell(raw: str, provenance: Provenance, row: int | None = None, column: int | None = None) -> TableCell:
    """A cell with its raw text, and its grid position when given, set in one copy of the provenance:
    copying a provenance is the costliest step of building a grid."""
    return TableCell(cell_text(raw), provenance.placed(raw.strip(), row=row, column=column))


@dataclass(slots=True)
class SpanCell:
    """A cell as the source declares it: its text, where it is, and how many rows/columns it covers."""

    raw: str
    provenance: Provenance
    rowspan: int = 1
    colspan: int = 1


def expand(rows: list[list[SpanCell]]) -> list[list[TableCell]]:
    """Place span cells on a full grid (HTML table model): a cell takes the first free column of its row."""
    grid: dict[tuple[int, int], TableCell] = {}
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            c = max(c, span.provenance.column or 0)  # readers that know a cell's column declare it
            while (r, c) in grid:
                c += 1
            origin = make_cell(span.raw, span.provenance, row=r, column=c)
            rowspan = max(1, min(span.rowspan, MAX_SPAN, len(rows) - r))
            colspan = max(1, min(span.colspan, MAX_SPAN))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid[(r + dr, c + dc)] = TableCell(origin.text, origin.provenance, merged=True)
            grid[(r, c)] = origin
            c += colspan
    widths = [0] * len(rows)
    for r, c in grid:
        widths[r] = max(widths[r], c + 1)
    # Ragged rows stay ragged: padding them would invent blank cells the source never printed.
    return [
        [grid.get((r, c)) or TableCell("", Provenance(row=r, column=c)) for c in range(widths[r])]
        for r in range(len(rows))
    ]


def width(table: Table) -> int:
    return max((len(r) for r in table.rows), default=0)


def join_continued(first: Table, second: Table) -> Table | None:
    """One table when `second` continues `first` across a page break (same number of columns)."""
    if not first.rows or not second.rows or width(first) != width(second):
        return None
    return Table(first.rows + second.rows, first.provenance)


def _in_table(table: Table, index: int) -> Table:
    placed: dict[int, Provenance] = {}  # a merged cell's copies share their origin's provenance

    def place(cell: TableCell) -> TableCell:
        key = id(cell.provenance)
        if key not in placed:
            placed[key] = cell.provenance.placed(table=index)
        return TableCell(cell.text, placed[key], cell.merged)

    return Table([[place(c) for c in row] for row in table.rows], table.provenance.placed(table=index))


def number_tables(blocks: list[Block]) -> list[Block]:
    """Give every table and its cells their index in the document, once tables are joined."""
    out: list[Block] = []
    index = 0
    for block in blocks:
        if isinstance(block, Table):
            block = _in_table(block, index)
            index += 1
        out.append(block)
    return out


def join_tables(blocks: list[Block]) -> list[Block]:
    """Join each table with the table right after it when that one continues it."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        joined = join_continued(previous, block) if isinstance(previous, Table) and isinstance(block, Table) else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(block)
    return out
