"""Pages as Word documents (python-docx): the official look, tables with merged cells."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import BaseStyle
from docx.table import Table

from .layout import Grid
from .page import Page

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
TABLE_POINTS = 9
TEXT_WIDTH = Cm(17)
MARGIN = Cm(2)


def _column_widths(grid: Grid) -> list[Length]:
    """Widths in proportion to the longest one-column text of each column (labels wrap, numbers
    should not), so a stub column of long labels is wide and a column of counts narrow."""
    longest = [3] * grid.width
    for cell in grid.cells:
        if cell.colspan == 1:
            longest[cell.col] = max(longest[cell.col], min(len(cell.text) + 1, 9 if cell.cell_id else 14))
    total = sum(longest)
    return [Length(TEXT_WIDTH * n // total) for n in longest]


def _font(style: BaseStyle, name: str, size: float, bold: bool = False) -> None:
    """Chinese text takes the East Asian font, which python-docx does not set by itself."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _table(document: docx.document.Document, grid: Grid) -> Table:
    """The grid as a Word table. Cells are looked up once, before merging: python-docx rebuilds the
    whole grid on every `table.cell()` call, which made a 28-row table take a second."""
    table = document.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    positions = [row.cells for row in table.rows]
    for column, width in zip(table.columns, _column_widths(grid)):
        column.width = width
    for row in positions:
        for docx_cell, column in zip(row, table.columns):
            docx_cell.width = column.width
    for cell in grid.cells:
        target = positions[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(positions[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
        target.text = cell.text
        for paragraph in target.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if cell.cell_id else WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_POINTS)
    return table


def write_docx(page: Page, path: Path) -> None:
    document = docx.Document()
    for section in document.sections:
        section.left_margin = section.right_margin = MARGIN
    _font(document.styles["Normal"], BODY_FONT, 12)
    _font(document.styles["Title"], TITLE_FONT, 20)
    _font(document.styles["Heading 1"], HEADING_FONT, 14, bold=True)
    document.add_paragraph(page.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in page.parts:
        document.add_paragraph(part.heading, style="Heading 1")
        for text in part.paragraphs:
            document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
        for grid in part.grids:
            _table(document, grid)
            document.add_paragraph()
    for line in page.closing:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))
