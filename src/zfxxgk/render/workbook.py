"""The fill-in workbook: the template's tables in the official layout, for agency staff to fill.

Totals are formulas, inputs are validated (whole numbers ≥ 0; amounts decimal ≥ 0; signed changes
may be negative), and a check sheet evaluates every arithmetic rule of the template as the user types,
so the report balances before it is written. Sheets are protected (without a password) so that the
layout — which `read_workbook` relies on — stays as generated, while every input cell stays editable.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..celltext import put
from ..model import CellKind, CellValue, Meta, Report
from ..read.workbook import (
    DEFAULT_UNIT,
    GRID_TOP,
    META_FIELDS,
    META_SHEET,
    NARRATIVE_SHEET,
    YUAN_PER_WAN,
    places,
    sheet_name,
)
from ..templates import Template, ValueKind
from ..templates.layout import Grid, grids
from ..templates.rules import equations
from ..templates.totals import totals
from .page import DASH
from .sheet import CENTER, LABEL_FILL, draw_grid

CHECK_SHEET = "校验"
_TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_UNLOCKED = Protection(locked=False)


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
    place_of = places(template)
    formulas = totals(template)
    validations = _validations()
    for dv in validations.values():
        ws.add_data_validation(dv)
    relabel = _unit_label(template)
    for cell, target in draw_grid(ws, grid.map_labels(lambda t: relabel.get(t, t)), GRID_TOP):
        if cell.cell_id in formulas:
            refs = ",".join(place_of[c].ref(ws.title) for c in formulas[cell.cell_id].right)
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
        target = put(ws, i, 2, values[key])
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
        target = put(ws, i, 2, report.narrative.get(section.id) if report else None)
        target.alignment = Alignment(wrap_text=True, vertical="top")
        target.protection = _UNLOCKED
        ws.row_dimensions[i].height = 120
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    ws.protection.sheet = True


def _write_checks(ws: Worksheet, template: Template) -> None:
    """One line per equation of the template's rules, recomputed by the spreadsheet."""
    place_of = places(template)
    ws.append(["规则", "项目", "左边", "右边", "结果"])
    for eq in equations(template):
        row = ws.max_row + 1
        left = ",".join(place_of[c].ref(ws.title) for c in eq.left)
        right = ",".join(place_of[c].ref(ws.title) for c in eq.right)
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
