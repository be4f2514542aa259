"""A report as the standard document prints it, independent of the file format it is written to.

`Page` holds the title, the six sections in the template's order (heading, prose, tables filled with
the report's values) and the closing signature. Writers only lay a Page out; variations of a printed
report (traditional characters, labels wrapped over lines) are functions from Page to Page, so each
applies to every format at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..model import CellKind, CellValue, Report
from ..templates import Template, load
from ..templates.layout import Grid, grids
from ..templates.title import title

DASH = "—"


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart drawn as a PNG image, with its caption (documents other than the report carry them)."""

    caption: str
    png: bytes


@dataclass(frozen=True, slots=True)
class Part:
    """One of the six sections: its numbered heading, its paragraphs and its tables (and figures)."""

    heading: str
    paragraphs: tuple[str, ...]
    grids: tuple[Grid, ...]
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    parts: tuple[Part, ...]
    closing: tuple[str, ...]

    def map_text(self, fn: Callable[[str], str], labels_only: bool = False) -> Page:
        """The page with `fn` applied to every text, or (labels_only) to table labels alone."""

        def prose(text: str) -> str:
            return text if labels_only else fn(text)

        parts = tuple(
            Part(prose(p.heading), tuple(map(prose, p.paragraphs)), tuple(g.map_labels(fn) for g in p.grids), p.figures)
            for p in self.parts
        )
        return Page(prose(self.title), parts, tuple(map(prose, self.closing)))


def number_text(value: int | float) -> str:
    """A value as a report prints it: integers plain, decimals without an exponent or float noise."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def cell_text(cell: CellValue, unit_printed: bool) -> str:
    """What a cell prints: its number (with its unit where the format leaves the unit to the report),
    a dash where the report printed one, nothing where it is blank or missing."""
    if cell.kind is CellKind.NA:
        return DASH
    if cell.value is None:
        return ""
    unit = cell.unit if unit_printed and cell.unit else ""
    return number_text(cell.value) + unit


def _closing(report: Report) -> tuple[str, ...]:
    lines = [report.meta.agency] if report.meta.agency else []
    if report.meta.published:
        day = date.fromisoformat(report.meta.published)
        lines.append(f"{day.year}年{day.month}月{day.day}日")
    return tuple(lines)


def template_of(report: Report) -> Template:
    if report.meta.template is None:
        raise ValueError("the report names no template (meta.template)")
    return load(report.meta.template)


def build_page(report: Report) -> Page:
    template = template_of(report)
    texts = {
        cid: cell_text(report.cells[cid], spec.column.unit == "printed")
        for cid, spec in template.cells.items()
        if cid in report.cells
    }
    tables = {g.table: g.with_texts(texts) for g in grids(template)}
    parts = tuple(
        Part(
            f"{s.number}、{s.label}",
            tuple(line.strip() for line in report.narrative.get(s.id, "").splitlines() if line.strip()),
            tuple(tables[t] for t in template.tables if t == s.id),
        )
        for s in template.sections
    )
    return Page(title(report), parts, _closing(report))
