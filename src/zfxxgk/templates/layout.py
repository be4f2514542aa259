"""A template table as the official format prints it: a grid of cells with their row and column spans.

Every writer (workbook, DOCX, HTML, Markdown, text) draws the same grid, so the merged headers are worked
out once, from the template data. Row labels nest by their parents and by their printed numbering
(`三、` over `（一）` over `1.`); a label spans the levels below it that it does not use; a group with
fewer columns than its table stretches its last column, as 表二's `本年处理决定数量` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from . import Group, Row, TableSpec, Template

CORNER = "信息内容"
# Printed words that the template files do not hold: the caption above a table's column headers.
CAPTIONS = {"requests": "申请人情况"}

_LEVELS = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[)）]"),
    re.compile(r"^\d+[.．、]"),
)

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell: a label, or (with `cell_id`) the place of a template cell's value."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    cell_id: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    table: str
    height: int
    width: int
    cells: tuple[Cell, ...]

    def rows(self) -> list[list[Cell]]:
        """The cells by the row they start in, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.height)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def matrix(self) -> list[list[Cell | None]]:
        """Every position with the cell starting there; positions a span covers are None."""
        out: list[list[Cell | None]] = [[None] * self.width for _ in range(self.height)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell
        return out

    def data(self) -> list[Cell]:
        return [c for c in self.cells if c.cell_id is not None]

    def map_labels(self, fn: Callable[[str], str]) -> Grid:
        """The grid with `fn` applied to every label (data cells and blank labels untouched)."""
        cells = tuple(c if c.cell_id or not c.text else replace(c, text=fn(c.text)) for c in self.cells)
        return replace(self, cells=cells)

    def with_texts(self, texts: dict[str, str]) -> Grid:
        """The grid with data cells holding `texts[cell_id]` (missing ids stay blank)."""
        cells = tuple(replace(c, text=texts.get(c.cell_id, "")) if c.cell_id else c for c in self.cells)
        return replace(self, cells=cells)


def _level(label: str) -> int | None:
    return next((i for i, pattern in enumerate(_LEVELS) if pattern.match(label)), None)


def row_paths(rows: tuple[Row, ...]) -> list[Path]:
    """Each row's labels from its outermost heading to itself.

    The files name a row's parent only where the format prints it beside the row; the headings above
    that (`三、本年度办理结果` over `（三）不予公开`) stay open until a label of their level or above.
    """
    open_: list[tuple[int, str]] = []
    paths: list[Path] = []
    for row in rows:
        parent_level = None if row.parent is None else (_level(row.parent) or 0)
        own = _level(row.label)
        level = own if own is not None else (0 if parent_level is None else parent_level + 1)
        keep_below = level if parent_level is None else parent_level
        open_ = [(lv, text) for lv, text in open_ if lv < keep_below]
        if row.parent is not None:
            open_.append((parent_level, row.parent))
        paths.append(tuple(text for _, text in open_) + (row.label,))
    return paths


@dataclass(slots=True)
class _Span:
    level: int
    first: int
    count: int
    levels: int
    text: str


def tree_spans(paths: list[Path], depth: int) -> list[_Span]:
    """Header spans along one axis: equal leading labels of neighbours merge, a path's last label
    takes the levels left below it."""
    spans: list[_Span] = []
    current: dict[int, _Span] = {}
    for i, path in enumerate(paths):
        previous = paths[i - 1] if i else ()
        for level, text in enumerate(path):
            leaf = level == len(path) - 1
            shared = not leaf and len(previous) > level + 1 and previous[: level + 1] == path[: level + 1]
            if shared and level in current:
                current[level].count += 1
                continue
            span = _Span(level, i, 1, depth - level if leaf else 1, text)
            spans.append(span)
            current[level] = span
        for level in [lv for lv in current if lv >= len(path) - 1]:
            del current[level]
    return spans


def _block(corner: str, stub: list[Path], head: list[Path], body: list[list[str]]) -> tuple[list[Cell], int, int]:
    """One header-and-body block from its top left corner; returns its cells, height and width."""
    stub_width = max((len(p) for p in stub), default=0)
    head_height = max(len(p) for p in head)
    cells: list[Cell] = []
    if stub_width:
        cells.append(Cell(0, 0, corner, rowspan=head_height, colspan=stub_width))
    for s in tree_spans(head, head_height):
        cells.append(Cell(s.level, stub_width + s.first, s.text, rowspan=s.levels, colspan=s.count))
    for s in tree_spans(stub, stub_width):
        cells.append(Cell(head_height + s.first, s.level, s.text, rowspan=s.count, colspan=s.levels))
    for r, ids in enumerate(body):
        cells.extend(Cell(head_height + r, stub_width + c, "", cell_id=cid) for c, cid in enumerate(ids))
    return cells, head_height + len(body), stub_width + len(head)


def _stretch(cells: list[Cell], right: int, width: int) -> list[Cell]:
    """Cells ending at column `right` are widened to the table's width."""
    return [replace(c, colspan=width - c.col) if c.col + c.colspan == right else c for c in cells]


def _group_block(table: TableSpec, group: Group) -> tuple[list[Cell], int, int]:
    caption = CAPTIONS.get(table.id)
    head = [((caption,) if caption else ()) + _column_path(c.label, c.parent) for c in group.columns]
    body = [[f"{table.id}.{r.id}.{c.id}" for c in group.columns] for r in group.rows]
    corner = f"（{table.note}）" if table.note else CORNER
    return _block(corner, row_paths(group.rows), head, body)


def _column_path(label: str, parent: str | None) -> Path:
    return (parent, label) if parent else (label,)


def _labelled(table: TableSpec) -> Grid:
    blocks: list[tuple[list[Cell], int, int, str | None]] = []
    for group in table.groups:
        cells, height, width = _group_block(table, group)
        blocks.append((cells, height, width, group.clause))
    width = max(w for _, _, w, _ in blocks)
    out: list[Cell] = []
    top = 0
    for cells, height, block_width, clause in blocks:
        if clause:
            out.append(Cell(top, 0, clause, colspan=width))
            top += 1
        out.extend(replace(c, row=c.row + top) for c in _stretch(cells, block_width, width))
        top += height
    return Grid(table.id, top, width, tuple(out))


def _positional(table: TableSpec) -> Grid:
    """表四: the rows become column headers over one line of values."""
    rows = [r for g in table.groups for r in g.rows]
    paths = row_paths(tuple(rows))
    head: list[Path] = []
    body: list[str] = []
    for group in table.groups:
        for row in group.rows:
            path = paths[rows.index(row)]
            head.extend(path + (c.label,) for c in group.columns)
            body.extend(f"{table.id}.{row.id}.{c.id}" for c in group.columns)
    cells, height, width = _block("", [], head, [body])
    return Grid(table.id, height, width, tuple(cells))


@cache
def grids(template: Template) -> tuple[Grid, ...]:
    """The template's tables in order, each as printed in the official format."""
    return tuple(
        _positional(t) if t.layout == "positional" else _labelled(t) for t in template.tables.values()
    )
