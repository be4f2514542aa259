"""The official layout of 表二/表三/表四, drawn from the template files: header rows, merged label cells.

Reviewers compare what they see with the printed report, so the tables must look like the national
format: 表三's applicant columns under 法人或其他组织, its 三、本年度办理结果 label spanning the outcome rows
and （三）不予公开 spanning its eight reasons; 表二 in clause groups; 表四 as one row of fifteen under
行政复议 | 行政诉讼. Everything is derived from the `Template`, so a new template needs no code here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..templates import Column, Group, Row, TableSpec, Template, load, template_ids


@dataclass(frozen=True, slots=True)
class Label:
    """A printed header or row label, with the merge it has in the official table."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: Literal["head", "row", "clause"] = "head"


@dataclass(frozen=True, slots=True)
class Slot:
    """Where the value of one cell id goes."""

    cell: str
    colspan: int = 1


Line = tuple[Label | Slot, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    table: str
    title: str
    note: str | None
    lines: tuple[Line, ...]


def template_of(template_id: str | None) -> Template:
    """The report's template; a report stored without one is shown in the newest format."""
    return load(template_id or template_ids()[-1])


def _is_subheading(text: str) -> bool:
    """（三）不予公开 is a heading inside 三、本年度办理结果: the official numbering tells the level."""
    return text.startswith(("（", "("))


def row_paths(rows: tuple[Row, ...] | list[Row]) -> list[tuple[str, ...]]:
    """Each row's labels from the outermost heading to its own.

    Templates name only a row's direct parent, and rows printed inside an open heading (（二）部分公开
    under 三、本年度办理结果) name none; a heading stays open over the （…）-numbered rows that follow it.
    """
    paths: list[tuple[str, ...]] = []
    top: str | None = None
    for row in rows:
        if row.parent and _is_subheading(row.parent):
            path = (top, row.parent, row.label) if top else (row.parent, row.label)
        elif row.parent:
            top = row.parent
            path = (top, row.label)
        elif top and _is_subheading(row.label):
            path = (top, row.label)
        else:
            top = None
            path = (row.label,)
        paths.append(path)
    return paths


def _label_cells(paths: list[tuple[str, ...]], depth: int) -> list[list[Label]]:
    """Row-label cells per row: a heading once, spanning the rows below it; a label filling the depth."""
    out: list[list[Label]] = []
    for i, path in enumerate(paths):
        cells: list[Label] = []
        for level, text in enumerate(path):
            prefix = path[: level + 1]
            leaf = level == len(path) - 1
            if not leaf and i > 0 and paths[i - 1][: level + 1] == prefix:
                continue
            if leaf:
                cells.append(Label(text, colspan=depth - len(path) + 1, kind="row"))
                continue
            span = 0
            while i + span < len(paths) and paths[i + span][: level + 1] == prefix and len(paths[i + span]) > level + 1:
                span += 1
            cells.append(Label(text, rowspan=span, kind="row"))
        out.append(cells)
    return out


def _fill(index: int, count: int, width: int) -> int:
    """The last column of a narrower group spans the rest of the table's width."""
    return width - count + 1 if index == count - 1 else 1


def _column_head(columns: tuple[Column, ...], depth: int, width: int) -> list[Line]:
    levels = 2 if any(c.parent for c in columns) else 1
    top: list[Label | Slot] = [Label("", rowspan=levels, colspan=depth)]
    below: list[Label | Slot] = []
    i = 0
    while i < len(columns):
        parent = columns[i].parent
        if parent is None:
            top.append(Label(columns[i].label, rowspan=levels, colspan=_fill(i, len(columns), width)))
            i += 1
            continue
        run = 1
        while i + run < len(columns) and columns[i + run].parent == parent:
            run += 1
        top.append(Label(parent, colspan=run))
        below.extend(Label(c.label) for c in columns[i : i + run])
        i += run
    return [tuple(top), tuple(below)] if below else [tuple(top)]


def _labelled(table: TableSpec) -> list[Line]:
    depth = max(len(p) for g in table.groups for p in row_paths(g.rows))
    width = max(len(g.columns) for g in table.groups)
    lines: list[Line] = []
    for group in table.groups:
        if group.clause:
            lines.append((Label(group.clause, colspan=depth + width, kind="clause"),))
        lines.extend(_column_head(group.columns, depth, width))
        for row, labels in zip(group.rows, _label_cells(row_paths(group.rows), depth)):
            slots = tuple(
                Slot(f"{table.id}.{row.id}.{c.id}", _fill(i, len(group.columns), width)) for i, c in enumerate(group.columns)
            )
            lines.append((*labels, *slots))
    return lines


def _positional(table: TableSpec) -> list[Line]:
    """表四: the rows are printed side by side as column groups, with one line of values below."""
    group: Group = table.groups[0]
    n = len(group.columns)
    top: list[Label | Slot] = []
    middle: list[Label | Slot] = []
    rows = list(group.rows)
    i = 0
    while i < len(rows):
        parent = rows[i].parent
        if parent is None:
            top.append(Label(rows[i].label, rowspan=2, colspan=n))
            i += 1
            continue
        run = 1
        while i + run < len(rows) and rows[i + run].parent == parent:
            run += 1
        top.append(Label(parent, colspan=n * run))
        middle.extend(Label(r.label, colspan=n) for r in rows[i : i + run])
        i += run
    columns = tuple(Label(c.label) for _ in rows for c in group.columns)
    values = tuple(Slot(f"{table.id}.{r.id}.{c.id}") for r in rows for c in group.columns)
    return [tuple(top), tuple(middle), columns, values]


def _title(template_id: str, table: TableSpec) -> str:
    numbers = {s.id: s.number for s in load(template_id).sections}
    number = numbers.get(table.id)
    return f"{number}、{table.label}" if number else table.label


def grids(template_id: str | None) -> tuple[Grid, ...]:
    """Every table of the template in its official layout, in the order the report prints them."""
    return _grids(template_of(template_id).id)


@cache
def _grids(template_id: str) -> tuple[Grid, ...]:
    template = load(template_id)
    return tuple(
        Grid(
            table=table.id,
            title=_title(template_id, table),
            note=table.note,
            lines=tuple(_positional(table) if table.layout == "positional" else _labelled(table)),
        )
        for table in template.tables.values()
    )
