"""A rating as a workbook (ranking, a sheet per indicator group, the evidence) or one HTML page.

Both are made for the reviewer who must defend each point: every lost point is a row of the evidence
sheet (or a line of the page) with the finding, the cells, the place in the report and the quoted text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jinja2

from ..model import Provenance
from ..read.workbook import sheet_title
from .results import Rating, ReportRating
from .rubric import default_rubric

STATUS = {"assessed": "已评", "not_assessed": "未评", "overridden": "复核改分"}
RANKING_SHEET = "排名"
EVIDENCE_SHEET = "失分依据"


def place(p: Provenance) -> str:
    """Where in the report, in words: page, line, or table position (counted from 1)."""
    if p.page:
        return f"第{p.page}页"
    if p.line:
        return f"第{p.line}行"
    if p.table is not None and p.row is not None:
        return f"第{p.table + 1}个表格第{p.row + 1}行"
    return ""


def places(evidence_places: list[Provenance]) -> str:
    return "，".join(dict.fromkeys(x for p in evidence_places[:3] if (x := place(p))))


def _groups(rating: Rating) -> dict[str, str]:
    groups = dict(default_rubric().groups)
    for r in rating.reports:
        for i in r.indicators:
            groups.setdefault(i.group, i.group)
    return groups


def _text_cell(ws: Any, row: int, col: int, value: object) -> None:
    """Text from reports is data, never a formula (a quote may start with '=')."""
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _sheet(ws: Any, header: list[str], rows: list[list[object]], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for col, name in enumerate(header, 1):
        ws.cell(1, col, name).font = Font(bold=True)
    for r, values in enumerate(rows, 2):
        for c, value in enumerate(values, 1):
            _text_cell(ws, r, c, value)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def write_xlsx(rating: Rating, path: Path) -> None:
    from openpyxl import Workbook

    groups = _groups(rating)
    reports = rating.ranking()
    book = Workbook()
    ranking = book.active
    ranking.title = RANKING_SHEET
    header = ["年度", "名次", "机关", "得分", "上年得分", "变化", *(f"{label}（得分/满分）" for label in groups.values()), "文件", "报告编号"]
    rows = []
    for r in reports:
        by_group = r.groups()
        cells = [f"{by_group[g][0]:g}/{by_group[g][1]:g}" if g in by_group else "" for g in groups]
        rows.append([r.year, r.rank, r.agency, r.score, r.previous, r.change, *cells, r.path, r.report_id])
    _sheet(ranking, header, rows, [8, 6, 30, 8, 10, 8, *([16] * len(groups)), 40, 10])
    for group, label in groups.items():
        ws = book.create_sheet(sheet_title(label))
        lines = [
            [r.year, r.agency, i.id, i.label, i.max, i.points, STATUS[i.status], i.note, i.computed if i.override else None,
             f"{i.override.author} {i.override.at}：{i.override.reason}" if i.override else None]
            for r in reports for i in r.indicators if i.group == group
        ]
        _sheet(ws, ["年度", "机关", "指标", "名称", "满分", "得分", "状态", "说明", "计算得分", "复核"], lines, [8, 30, 26, 16, 8, 8, 10, 40, 10, 40])
    evidence = [
        [r.year, r.agency, i.id, i.label, i.lost, e.message, e.rule, ", ".join(e.cells[:8]), places(e.places), e.quote]
        for r in reports for i in r.indicators if i.lost > 0 for e in i.evidence
    ]
    _sheet(book.create_sheet(EVIDENCE_SHEET), ["年度", "机关", "指标", "名称", "该指标失分", "依据", "规则", "单元格", "位置", "原文"], evidence, [8, 30, 26, 16, 10, 60, 26, 30, 16, 60])
    book.save(path)


@cache
def _page() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True)
    env.globals.update(status=STATUS, places=places)
    return env.from_string(resources.files(__package__).joinpath("rating.html").read_text("utf-8"))


def rating_html(rating: Rating) -> str:
    reports: list[ReportRating] = rating.ranking()
    return _page().render(rating=rating, reports=reports, groups=_groups(rating), years=rating.years())


def write_rating(rating: Rating, path: Path, format: Literal["xlsx", "html"]) -> None:
    if format == "xlsx":
        write_xlsx(rating, path)
    else:
        path.write_text(rating_html(rating), encoding="utf-8")
