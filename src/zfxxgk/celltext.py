"""Text written into a spreadsheet stays text: no cell we write can become a formula (CSV/formula injection).

A report's title, an agency name or a request's description comes from outside; written as is, `=HYPERLINK(…)`
or `=cmd|' /C calc'!A0` would be a live formula when the file is opened in Excel or WPS. Every CSV and XLSX
writer of the package goes through this module:

- **CSV**: cells that begin with `= + - @ | %` (defusedcsv, made for this) or with a tab or carriage return
  (OWASP's rule names those too) get a leading `'`, which spreadsheet programs show as text and do not
  evaluate. Numbers are written as numbers.
- **XLSX**: strings are stored as strings (openpyxl would otherwise store a string beginning with `=` as a
  formula), so the cell shows exactly what the text says; numbers and dates keep their types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from defusedcsv import csv as defusedcsv
from openpyxl.cell.cell import Cell, WriteOnlyCell

# OWASP's list beyond defusedcsv's: a leading tab or carriage return also starts a formula in some programs.
_ALSO_FORMULA = ("\t", "\r")


def csv_text(value: Any) -> Any:
    """One CSV cell as it may be written: text that could start a formula is quoted with `'`."""
    if isinstance(value, str) and value.startswith(_ALSO_FORMULA):
        return "'" + value
    return value


class _Writer:
    """`csv.writer` with every cell passed through `csv_text`, then defusedcsv's escaping."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = defusedcsv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_text(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str]) -> _Writer:
    return _Writer(handle)


def keep_text(cell: Cell) -> Cell:
    """The cell with a string value stored as a string, even when it begins with `=`."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def text_row(sheet: Any, values: Sequence[Any]) -> list[Any]:
    """`values` ready for `sheet.append`: strings as string cells, everything else as it is."""
    return [keep_text(WriteOnlyCell(sheet, v)) if isinstance(v, str) else v for v in values]


def put(sheet: Any, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` with a string kept as a string."""
    return keep_text(sheet.cell(row, column, value))
