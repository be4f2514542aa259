"""How big a spreadsheet may be before it is read: rows and columns counted as they stream, never trusted
from the sheet's own `<dimension>`.

A worksheet declares its extent (`<dimension ref="A1:XFD20000"/>`), and openpyxl pads every row to it: a
1.6 KB file that declares A1:XFD20000 becomes 327 million cells. Every spreadsheet that arrives from
outside (a register imported at the desk, a fill-in workbook uploaded for checking) is read here first,
with the declared extent thrown away, and refused with the reason once it passes the caps. A register or
a fill-in workbook needs a few thousand rows and a few dozen columns; the caps leave room for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from io import BytesIO
from typing import Any, TypeVar

from openpyxl import load_workbook

from ..errors import ZfxxgkError

MAX_ROWS = 20_000
MAX_COLUMNS = 256

T = TypeVar("T", bound=Sequence[Any])


class SheetTooLarge(ZfxxgkError):
    """A sheet has more rows or columns than any register or report workbook needs."""


def capped(rows: Iterable[T], sheet: str = "") -> Iterator[T]:
    """`rows` as they come, refused with SheetTooLarge at the first row past the caps."""
    where = f"sheet “{sheet}”: " if sheet else ""
    for number, row in enumerate(rows, 1):
        if number > MAX_ROWS:
            raise SheetTooLarge(f"{where}more than {MAX_ROWS} rows")
        if len(row) > MAX_COLUMNS:
            raise SheetTooLarge(f"{where}row {number} has more than {MAX_COLUMNS} columns")
        yield row


def sheet_rows(data: bytes, first_only: bool = False) -> list[list[tuple[Any, ...]]]:
    """The rows of each worksheet (values only; gaps as empty rows), streamed and capped."""
    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for ws in book.worksheets[:1] if first_only else book.worksheets:
            ws.reset_dimensions()  # the declared extent is what an attacker writes; rows end where their cells do
            sheets.append(list(capped(ws.iter_rows(values_only=True), ws.title)))
        return sheets
    finally:
        book.close()
