"""The fill-in workbook: the template's tables in the official layout, for agency staff to fill.

Totals are formulas, inputs are validated (whole numbers ≥ 0; amounts decimal ≥ 0; signed changes
may be negative), and a check sheet evaluates every arithmetic rule of the template as the user types,
so the report balances before it is written. Sheets are protected (without a password) so that the
layout — which `read_workbook` relies on — stays as generated, while every input cell stays editable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import ZfxxgkError
from ..model import CellKind, CellValue, Meta, Provenance, Report, Source
from ..templates import Template, ValueKind, load
from ..templates.rules import equations
from .layout import Grid, grids
from .page import DASH, title
from .sheet import CENTER, LABEL_FILL, draw_grid, sheet_title
from .totals import fill_totals, totals

DEFAULT_UNIT = "万元"  # for amounts whose unit the format leaves to the report
YUAN_PER_WAN = 10_000
META_SHEET = "基本信息"
NARRATIVE_SHEET = "文字部分"
CHECK_SHEET = "校验"
GRID_TOP = 3  # first worksheet row of a table grid (row 1 holds the table's title)
META_FIELDS = (("agency", "机关名称"), ("year", "报告年度"), ("published", "发布日期"), ("template", "适用格式"))
_NA_TEXTS = frozenset({DASH, "-", "－", "/", "无"})

_TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_UNLOCKED = Protection(locked=False)


@dataclass(frozen=True, slots=True)
class _Place:
    sheet: str
    coordinate: str

    def ref(self, from_sheet: str) -> str:
        return self.coordinate if from_sheet == self.sheet else f"{quote_sheetname(self.sheet)}!{self.coordinate}"


def sheet_name(template: Template, table_id: str) -> str:
    section = next((s for s in template.sections if s.id == table_id), None)
    name = f"{section.number}、{section.label}" if section else table_id
    return sheet_title(name)


def _places(template: Template) -> dict[str, _Place]:
    out: dict[str, _Place] = {}
    for grid in grids(template):
        name = sheet_name(template, grid.table)
        for cell in grid.data():
            out[cell.cell_id] = _Place(name, f"{get_column_letter(cell.col + 1)}{cell.row + GRID_TOP}")
    return out


def _validations() -> dict[ValueKind, DataValidation]:
    def make(kind: str, title: str, prompt: str, **bounds: str) -> DataValidation:
        return DataValidation(
            type=kind, allow_blank=True, showErrorMessage=True, errorTitle=title, error=prompt, **bounds
        )

    return {
        "count": make("whole", "件数", "请填写不小于 0 的整数", operator="greaterThanOrEqual", formula1="0"),
        "amount": make("decimal", "金额", "请填写不小于 0 的数字", operator="greaterThanOrEqual", formula1="0"),
        "signed": make("whole", "增减数", "请填写整数（减少填负数）", operator="between", formula1="-999999999", formula2="999999999"),
    }


def _unit_label(template: Template) -> dict[str, str]:
    """Header labels of amounts whose unit the format leaves open get the unit the workbook uses."""
    return {
        spec.column.label: f"{spec.column.label}（单位：{DEFAULT_UNIT}）"
        for spec in template.cells.values()
        if spec.column.unit == "printed"
    }


def _in_workbook_unit(cell: CellValue) -> int | float | None:
    """A value printed in 元 as the workbook's 万元 (exactly, in decimal); other values as they are."""
    if cell.unit != "元" or cell.value is None:
        return cell.value
    value = Decimal(repr(cell.value)) / YUAN_PER_WAN
    return int(value) if value == value.to_integral_value() else float(value)


def _write_grid(ws: Worksheet, template: Template, grid: Grid, report: Report | None) -> None:
    ws.cell(1, 1, sheet_name(template, grid.table)).font = Font(bold=True, size=14)
    places = _places(template)
    formulas = totals(template)
    validations = _validations()
    for dv in validations.values():
        ws.add_data_validation(dv)
    relabel = _unit_label(template)
    for cell, target in draw_grid(ws, grid.map_labels(lambda t: relabel.get(t, t)), GRID_TOP):
        if cell.cell_id in formulas:
            refs = ",".join(places[c].ref(ws.title) for c in formulas[cell.cell_id].right)
            target.value = f"=SUM({refs})"
            target.fill = _TOTAL_FILL
        else:
            target.protection = _UNLOCKED
            validations[template.cells[cell.cell_id].column.value].add(target)
            if report is not None and cell.cell_id in report.cells:
                value = report.cells[cell.cell_id]
                target.value = DASH if value.kind is CellKind.NA else _in_workbook_unit(value)
    for col in range(1, grid.width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.protection.sheet = True


def _write_meta(ws: Worksheet, template: Template, year: int | None, report: Report | None) -> None:
    ws.cell(1, 1, "政府信息公开工作年度报告 填报表").font = Font(bold=True, size=14)
    meta = report.meta if report else Meta(year=year)
    values = {
        "agency": meta.agency,
        "year": meta.year or year,
        "published": date.fromisoformat(meta.published) if meta.published else None,
        "template": template.id,
    }
    for i, (key, label) in enumerate(META_FIELDS, start=2):
        ws.cell(i, 1, label).fill = LABEL_FILL
        target = ws.cell(i, 2, values[key])
        if key != "template":
            target.protection = _UNLOCKED
    ws.cell(len(META_FIELDS) + 1, 3, template.name)
    year_rule = DataValidation(type="whole", operator="between", formula1="2008", formula2="2100", error="请填写四位年份")
    date_rule = DataValidation(type="date", operator="greaterThan", formula1="39448", error="请填写日期，如 2025-01-20")
    ws.add_data_validation(year_rule)
    ws.add_data_validation(date_rule)
    year_rule.add(ws.cell(3, 2))
    date_rule.add(ws.cell(4, 2))
    ws.cell(4, 2).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 40
    ws.protection.sheet = True


def _write_narrative(ws: Worksheet, template: Template, report: Report | None) -> None:
    ws.cell(1, 1, "文字部分（每部分一格，段落之间换行）").font = Font(bold=True, size=14)
    for i, section in enumerate(template.sections, start=2):
        ws.cell(i, 1, f"{section.number}、{section.label}").alignment = CENTER
        target = ws.cell(i, 2, report.narrative.get(section.id) if report else None)
        target.alignment = Alignment(wrap_text=True, vertical="top")
        target.protection = _UNLOCKED
        ws.row_dimensions[i].height = 120
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    ws.protection.sheet = True


def _write_checks(ws: Worksheet, template: Template) -> None:
    """One line per equation of the template's rules, recomputed by the spreadsheet."""
    places = _places(template)
    ws.append(["规则", "项目", "左边", "右边", "结果"])
    for eq in equations(template):
        row = ws.max_row + 1
        left = ",".join(places[c].ref(ws.title) for c in eq.left)
        right = ",".join(places[c].ref(ws.title) for c in eq.right)
        test = f"C{row}<=D{row}" if eq.rule.kind == "not_greater" else f"ABS(C{row}-D{row})<0.000001"
        ws.append([eq.rule.id, eq.label, f"=SUM({left})", f"=SUM({right})", f'=IF({test},"✓","✗ 不一致")'])
    for column, width in zip("ABCDE", (24, 40, 10, 10, 12)):
        ws.column_dimensions[column].width = width
    ws.protection.sheet = True


def write_workbook(template: Template, path: str | Path, year: int | None = None, report: Report | None = None) -> None:
    """A fill-in workbook for `template`; with `report`, prefilled with its meta, values and text."""
    wb = Workbook()
    _write_meta(wb.active, template, year, report)
    wb.active.title = META_SHEET
    for grid in grids(template):
        _write_grid(wb.create_sheet(sheet_name(template, grid.table)), template, grid, report)
    _write_narrative(wb.create_sheet(NARRATIVE_SHEET), template, report)
    _write_checks(wb.create_sheet(CHECK_SHEET), template)
    wb.save(str(path))


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
    wb = load_workbook(BytesIO(data))
    if META_SHEET not in wb.sheetnames:
        raise ZfxxgkError(f"not a zfxxgk workbook (no sheet “{META_SHEET}”)")
    meta_ws = wb[META_SHEET]
    fields = {key: meta_ws.cell(i, 2).value for i, (key, _) in enumerate(META_FIELDS, start=2)}
    template = load(str(fields["template"]))
    cells: dict[str, CellValue] = {}
    formula_ids: list[str] = []
    for cid, place in _places(template).items():
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
