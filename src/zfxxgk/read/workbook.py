"""A filled fill-in workbook (`zfxxgk template`) read back as a Report, and where its cells are.

The workbook's writer (`render/workbook.py`) draws the same places from the same template, so a cell
read here is the cell written there. Totals still written as formulas are evaluated here (a workbook
saved by a program that never calculated it still yields its totals); typed values are checked, never
coerced: text where a number belongs is an error naming the sheet and cell.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, quote_sheetname

from ..errors import ZfxxgkError
from ..model import CellKind, CellValue, Meta, Provenance, Report, Source
from ..templates import Template, ValueKind, load
from ..templates.layout import grids
from ..templates.title import title
from ..templates.totals import fill_totals, totals
from .sheetlimits import sheet_rows

DEFAULT_UNIT = "万元"  # for amounts whose unit the format leaves to the report
YUAN_PER_WAN = 10_000
META_SHEET = "基本信息"
NARRATIVE_SHEET = "文字部分"
GRID_TOP = 3  # first worksheet row of a table grid (row 1 holds the table's title)
META_FIELDS = (("agency", "机关名称"), ("year", "报告年度"), ("published", "发布日期"), ("template", "适用格式"))
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NA_TEXTS = frozenset({"—", "-", "－", "/", "无"})  # printed for "not applicable"


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\ and at most 31 characters."""
    return _INVALID_SHEET_CHARS.sub("", name)[:31]


@dataclass(frozen=True, slots=True)
class Place:
    sheet: str
    coordinate: str

    def ref(self, from_sheet: str) -> str:
        return self.coordinate if from_sheet == self.sheet else f"{quote_sheetname(self.sheet)}!{self.coordinate}"


def sheet_name(template: Template, table_id: str) -> str:
    section = next((s for s in template.sections if s.id == table_id), None)
    name = f"{section.number}、{section.label}" if section else table_id
    return sheet_title(name)


def places(template: Template) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for grid in grids(template):
        name = sheet_name(template, grid.table)
        for cell in grid.data():
            out[cell.cell_id] = Place(name, f"{get_column_letter(cell.col + 1)}{cell.row + GRID_TOP}")
    return out


def _iso(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip().replace("/", "-")).isoformat()
    return None


def _number(value: object, where: str, kind: ValueKind) -> CellValue:
    """A typed cell as a CellValue: blank, a dash, or a number (whole numbers as int)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return CellValue(None, CellKind.EMPTY)
    if isinstance(value, str):
        text = value.strip()
        if text in _NA_TEXTS:
            return CellValue(None, CellKind.NA, raw=text)
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise ZfxxgkError(f"{where}: “{text}” is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ZfxxgkError(f"{where}: “{value}” is not a number")
    if isinstance(value, float) and value.is_integer() and kind != "amount":
        value = int(value)
    return CellValue(value, CellKind.ZERO if value == 0 else CellKind.NUMBER, raw=str(value))


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def read_workbook(path: str | Path, data: bytes | None = None) -> Report:
    """The Report a filled workbook holds; totals still written as formulas are evaluated here."""
    data = Path(path).read_bytes() if data is None else data
    sheet_rows(data)  # refuses an oversized sheet before the whole workbook is loaded into memory
    wb = load_workbook(BytesIO(data))
    if META_SHEET not in wb.sheetnames:
        raise ZfxxgkError(f"not a zfxxgk workbook (no sheet “{META_SHEET}”)")
    meta_ws = wb[META_SHEET]
    fields = {key: meta_ws.cell(i, 2).value for i, (key, _) in enumerate(META_FIELDS, start=2)}
    template = load(str(fields["template"]))
    cells: dict[str, CellValue] = {}
    formula_ids: list[str] = []
    for cid, place in places(template).items():
        value = wb[place.sheet][place.coordinate].value
        if _is_formula(value) and cid in totals(template):
            formula_ids.append(cid)
            continue
        spec = template.cells[cid]
        cells[cid] = _number(value, f"{place.sheet}!{place.coordinate}", spec.column.value)
        if cells[cid].kind is not CellKind.EMPTY:
            at = wb[place.sheet][place.coordinate]
            cells[cid].provenance = Provenance(cells[cid].raw, table=wb.sheetnames.index(place.sheet), row=at.row - 1, column=at.column - 1)
        if spec.column.unit == "printed" and cells[cid].value:
            cells[cid].unit = DEFAULT_UNIT
    computed = fill_totals(template, {cid: c.value for cid, c in cells.items()})
    for cid in formula_ids:
        cells[cid] = CellValue(computed[cid], CellKind.ZERO if computed[cid] == 0 else CellKind.NUMBER)
    narrative_ws = wb[NARRATIVE_SHEET]
    narrative = {
        s.id: str(text).strip()
        for i, s in enumerate(template.sections, start=2)
        if (text := narrative_ws.cell(i, 2).value) and str(text).strip()
    }
    year = fields["year"]
    meta = Meta(
        agency=str(fields["agency"]).strip() if fields["agency"] else None,
        year=int(year) if year not in (None, "") else None,
        template=template.id,
        published=_iso(fields["published"]),
    )
    source = Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="xlsx")
    report = Report(source, meta, {cid: cells[cid] for cid in template.cells}, narrative)
    report.sections = [s.id for s in template.sections]
    meta.title = title(report)
    return report
