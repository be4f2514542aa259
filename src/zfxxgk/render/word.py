"""Pages as Word documents (python-docx): the official look, tables with merged cells."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import BaseStyle
from docx.table import Table

from ..templates.layout import Grid
from .page import Page

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
TABLE_POINTS = 9.0
PAGE = (Cm(21), Cm(29.7))  # A4
MARGIN = Cm(2)
TEXT_WIDTH = Cm(17)
HALF_EM = 0.62  # width of a digit, or half a Chinese character, in ems (with room to spare)
PADDING = 3  # half-ems of cell margin
LABEL_HALF_EMS = {True: 4, False: 16}  # where a label wraps, in a column of values or of labels


def _half_ems(text: str) -> int:
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _layout(grid: Grid) -> tuple[list[Length], float]:
    """Column widths and the font size that keep every number on one line.

    Labels wrap (in a column of values after two characters, as the format's `商业` / `企业`); numbers
    must not, or a PDF reads `136151` as `13615` and `1`. Widths follow the half-ems each column needs,
    and the font shrinks when the widest numbers would not fit across the page at full size."""
    values = {c.col for c in grid.cells if c.cell_id}
    need = [0] * grid.width
    for cell in grid.cells:
        if cell.colspan == 1:
            wide = _half_ems(cell.text)
            if cell.cell_id is None:
                wide = min(wide, LABEL_HALF_EMS[cell.col in values])
            need[cell.col] = max(need[cell.col], wide)
    need = [n + PADDING for n in need]
    for cell in grid.cells:
        spanned = slice(cell.col, cell.col + cell.colspan)
        if cell.cell_id and cell.colspan > 1:
            need[spanned.stop - 1] += max(0, _half_ems(cell.text) + PADDING - sum(need[spanned]))
    points = min(TABLE_POINTS, TEXT_WIDTH.pt / (sum(need) * HALF_EM))
    return [Length(TEXT_WIDTH * n // sum(need)) for n in need], points


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
    widths, points = _layout(grid)
    for column, width in zip(table.columns, widths):
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
                run.font.size = Pt(points)
    return table


def write_docx(page: Page, path: Path) -> None:
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = PAGE
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
        for figure in part.figures:
            document.add_picture(BytesIO(figure.png), width=TEXT_WIDTH)
            document.add_paragraph(figure.caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in page.closing:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))
