"""The check report as a workbook: what a 政务公开办 sends back to an agency to correct.

The first sheet sums up the batch (one row per report, linked to its sheet), the second lists every
finding. Each report then has a sheet with its tables in the official layout, values as printed, the
cells a finding is about filled (red for errors, yellow for warnings, blue for information) and
carrying the findings' messages as a cell comment, and the report's findings below the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from ..celltext import keep_text, put, text_row
from ..check.presentation import (
    LABELS,
    ORDER,
    counts,
    marks,
    ordered,
    quotes,
    shown,
    title,
)
from ..model import Finding, Report, Severity
from ..read.workbook import sheet_title
from ..templates import load
from ..templates.layout import Grid, grids
from .sheet import draw_grid

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"
FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FF9999"),
    Severity.WARNING: PatternFill("solid", fgColor="FFE699"),
    Severity.INFO: PatternFill("solid", fgColor="BDD7EE"),
}
_BOLD = Font(bold=True)
FINDING_COLUMNS = ("级别", "规则", "说明", "单元格", "应为", "实为", "原文")


def _sheet_names(reports: Sequence[Report]) -> list[str]:
    """Unique, valid sheet names: number and agency, cut to Excel's 31 characters."""
    return [sheet_title(f"{i}-{r.meta.agency or Path(r.source.path).stem}") for i, r in enumerate(reports, 1)]


def _header(ws: Worksheet, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names, 1):
        ws.cell(row, col, name).font = _BOLD


def _finding_row(f: Finding) -> list[object]:
    return [
        LABELS[f.severity], f.rule, f.message, ", ".join(f.cells[:10]) + (" …" if len(f.cells) > 10 else ""),
        _text(f.expected), _text(f.actual), "\n".join(quotes(f)),
    ]


def _text(value: object) -> object:
    return value if value is None or isinstance(value, (int, float, str)) else str(value)


def _summary(ws: Worksheet, reports: Sequence[Report], names: list[str]) -> None:
    _header(ws, 1, ["文件", "机关", "年度", "格式", "发布日期", *(LABELS[s] for s in ORDER)])
    for row, (report, name) in enumerate(zip(reports, names), 2):
        m, n = report.meta, counts(report)
        ws.append(text_row(ws, [report.source.path, m.agency, m.year, m.template, m.published, *(n[s] for s in ORDER)]))
        link = ws.cell(row, 1)
        link.hyperlink = f"#{quote_sheetname(name)}!A1"
        link.font = Font(color="0563C1", underline="single")
        for col, severity in enumerate(ORDER, 6):
            if n[severity]:
                ws.cell(row, col).fill = FILLS[severity]
    for col, width in zip("ABCDEFGH", (40, 30, 8, 8, 12, 8, 8, 8)):
        ws.column_dimensions[col].width = width


def _failures(ws: Worksheet, failures: Sequence[tuple[str, str]]) -> None:
    """Below the reports: each unreadable file and why, so the sheet accounts for every file given."""
    for path, reason in failures:
        ws.append([path, f"无法读取：{reason}"])
        ws.cell(ws.max_row, 2).fill = FILLS[Severity.ERROR]


def _all_findings(ws: Worksheet, reports: Sequence[Report]) -> None:
    _header(ws, 1, ["文件", "机关", *FINDING_COLUMNS])
    for report in reports:
        for f in ordered(report.findings):
            ws.append(text_row(ws, [report.source.path, report.meta.agency, *_finding_row(f)]))
            ws.cell(ws.max_row, 3).fill = FILLS[f.severity]
    for col, width in zip("ABCDEFGHI", (30, 24, 8, 26, 60, 30, 10, 10, 60)):
        ws.column_dimensions[col].width = width


def _draw(ws: Worksheet, grid: Grid, top: int, report: Report) -> int:
    """One table from row `top`, wrong cells filled and commented; returns the first row below it."""
    marked = marks(report)
    for cell, target in draw_grid(ws, grid, top):
        value = report.cells.get(cell.cell_id) if cell.cell_id else None
        target.value = value.value if value is not None and value.value is not None else shown(value) or None
        keep_text(target)
        if mark := marked.get(cell.cell_id or ""):
            target.fill = FILLS[mark.severity]
            target.comment = Comment("\n".join(mark.messages), "zfxxgk", width=320, height=160)
    return top + grid.height


def _report_sheet(ws: Worksheet, report: Report) -> None:
    put(ws, 1, 1, title(report)).font = Font(bold=True, size=14)
    put(ws, 2, 1, f"{report.source.path} · 格式 {report.meta.template or '?'} · 发布 {report.meta.published or '未知'}")
    row = 4
    if report.meta.template is not None:
        template = load(report.meta.template)
        sections = {s.id: f"{s.number}、{s.label}" for s in template.sections}
        width = 0
        for grid in grids(template):
            ws.cell(row, 1, sections.get(grid.table, grid.table)).font = _BOLD
            row = _draw(ws, grid, row + 1, report) + 1
            width = max(width, grid.width)
        for col in range(1, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 13
    ws.cell(row, 1, "检查结果").font = _BOLD
    _header(ws, row + 1, FINDING_COLUMNS)
    for n, f in enumerate(ordered(report.findings), row + 2):
        for col, value in enumerate(_finding_row(f), 1):
            put(ws, n, col, value)
        ws.cell(n, 1).fill = FILLS[f.severity]


def write_check_workbook(reports: Sequence[Report], path: str | Path, failures: Sequence[tuple[str, str]] = ()) -> None:
    """Summary and finding list first, then one sheet per report; the summary also names every file
    that could not be read (`failures`: path and reason)."""
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    names = _sheet_names(reports)
    _summary(summary, reports, names)
    _failures(summary, failures)
    _all_findings(wb.create_sheet(FINDINGS_SHEET), reports)
    for report, name in zip(reports, names):
        _report_sheet(wb.create_sheet(name), report)
    wb.save(path)
