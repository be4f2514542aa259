"""The official table layout drawn into a spreadsheet, shared by the fill-in workbook and the checks'
workbook: merged headers, borders and labels are the same, only what goes into the value cells differs."""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..templates.layout import Cell as LayoutCell
from ..templates.layout import Grid

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LABEL_FILL = PatternFill("solid", fgColor="EDEDED")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
def draw_grid(ws: Worksheet, grid: Grid, top: int) -> Iterator[tuple[LayoutCell, Cell]]:
    """Draw the table from row `top` and yield each template cell's place for the caller to fill."""
    for cell in grid.cells:
        row, col = top + cell.row, cell.col + 1
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1)
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                ws.cell(r, c).border = BORDER
        target = ws.cell(row, col)
        target.alignment = CENTER
        if cell.cell_id is None:
            target.value = cell.text
            target.fill = LABEL_FILL
            continue
        yield cell, target
