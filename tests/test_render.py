"""Writing reports: the official layout, the workbook's formulas and rules, the render command."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from refdata import CORPUS, require
from zfxxgk.model import CellKind, CellValue
from zfxxgk.render import read_workbook, render_report, write_workbook
from zfxxgk.templates.layout import grids
from zfxxgk.render.sample import sample_report
from zfxxgk.templates.totals import totals
from zfxxgk.read.workbook import sheet_name
from zfxxgk.templates import for_year, load

CLI = [sys.executable, "-m", "zfxxgk.cli"]
OFFICIAL_2021 = CORPUS / "other" / "TEMPLATE_2021_政务公开年报模版.docx"


def _spans(table: docx.table.Table) -> set[tuple[int, int, int, int]]:
    """(row, column, rowspan, colspan) of every cell as Word merges it."""
    starts: dict[tuple[int, int], list[int]] = {}
    for r, row in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in row.tc_lst:
            if tc.vMerge == "continue":
                above = next(k for k in sorted(starts, reverse=True) if k[1] == col and k[0] < r)
                starts[above][0] += 1
            else:
                starts[(r, col)] = [1, tc.grid_span]
            col += tc.grid_span
    return {(r, c, rs, cs) for (r, c), (rs, cs) in starts.items()}


def test_the_2021_tables_merge_their_cells_as_the_official_format_does() -> None:
    official = docx.Document(str(require(OFFICIAL_2021))).tables
    for grid, table in zip(grids(load("2021")), official, strict=True):
        assert {(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells} == _spans(table), grid.table


@pytest.mark.parametrize("template_id", ["2019", "2021"])
def test_every_grid_position_is_covered_once_and_every_cell_placed(template_id: str) -> None:
    template = load(template_id)
    placed: list[str] = []
    for grid in grids(template):
        covered = [[0] * grid.width for _ in range(grid.height)]
        for c in grid.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    covered[r][k] += 1
        assert all(n == 1 for row in covered for n in row), grid.table
        placed += [c.cell_id for c in grid.data()]
    assert placed == list(template.cells)


def test_the_workbook_writes_totals_as_formulas_and_validates_inputs(tmp_path: Path) -> None:
    template = for_year(2024)
    path = tmp_path / "填报表.xlsx"
    write_workbook(template, path, year=2024)
    wb = load_workbook(path)
    ws = wb[sheet_name(template, "requests")]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) == sum(1 for cid in totals(template) if cid.startswith("requests."))
    assert "=SUM(D6,E6,F6,G6,H6,I6)" in formulas  # 一、本年新收 · 总计
    rules = {(dv.type, dv.operator, dv.formula1) for dv in ws.data_validations.dataValidation if dv.sqref}
    assert rules == {("whole", "greaterThanOrEqual", "0")}
    assert wb["基本信息"]["B3"].value == 2024
    report = read_workbook(path)
    assert (report.meta.template, report.meta.year) == ("2021", 2024)
    assert report.cells["requests.total.total"] == CellValue(0, CellKind.ZERO)
    assert report.cells["requests.new.natural"].kind is CellKind.EMPTY


def test_the_2019_workbook_lets_changes_be_negative_and_amounts_decimal(tmp_path: Path) -> None:
    template = load("2019")
    write_workbook(template, tmp_path / "t.xlsx", year=2020)
    ws = load_workbook(tmp_path / "t.xlsx")[sheet_name(template, "active")]
    kinds = {(dv.type, dv.operator, dv.formula1) for dv in ws.data_validations.dataValidation if dv.sqref}
    assert kinds == {("whole", "greaterThanOrEqual", "0"), ("decimal", "greaterThanOrEqual", "0"), ("whole", "between", "-999999999")}


def test_amounts_printed_in_yuan_enter_the_workbook_in_wan_yuan(tmp_path: Path) -> None:
    report = sample_report(random.Random(0), "2019")
    report.cells["active.procurement.amount"] = CellValue(145540, CellKind.NUMBER, unit="元")
    write_workbook(load("2019"), tmp_path / "t.xlsx", report=report)
    got = read_workbook(tmp_path / "t.xlsx").cells["active.procurement.amount"]
    assert (got.value, got.unit) == (14.554, "万元")


def test_html_and_docx_merge_header_cells(tmp_path: Path) -> None:
    report = sample_report(random.Random(1), "2021")
    render_report(report, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text("utf-8")
    assert 'rowspan="22"' in html and 'colspan="7"' in html  # 三、本年度办理结果 · 申请人情况
    render_report(report, tmp_path / "r.docx")
    tables = docx.Document(str(tmp_path / "r.docx")).tables
    assert [len(t.rows) for t in tables] == [g.height for g in grids(load("2021"))]
    assert (0, 0, 3, 3) in _spans(tables[1])


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_template_then_render_from_the_command_line(tmp_path: Path) -> None:
    assert _run("template", "--year", "2020", "-o", "t.xlsx", cwd=tmp_path).returncode == 0
    assert read_workbook(tmp_path / "t.xlsx").meta.template == "2019"
    refused = _run("render", "t.xlsx", "-o", "r.md", cwd=tmp_path)  # the agency is not filled in
    assert refused.returncode == 1 and "meta.agency_missing" in refused.stdout and not (tmp_path / "r.md").exists()
    result = _run("render", "t.xlsx", "-o", "r.md", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "r.md").read_text("utf-8")
    assert text.startswith("# 2020年度政府信息公开工作年度报告")
    assert [line for line in text.splitlines() if line.startswith("## ")][0] == "## 一、总体情况"


def test_render_refuses_a_report_that_fails_the_checks_unless_forced(tmp_path: Path) -> None:
    data = sample_report(random.Random(2), "2021").to_json()
    data["cells"]["requests.new.natural"] = (data["cells"]["requests.new.natural"] or 0) + 5
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    refused = _run("render", "bad.json", "-o", "r.docx", cwd=tmp_path)
    assert refused.returncode == 1
    assert "requests.balance" in refused.stdout and "requests.row_sum" in refused.stdout
    assert not (tmp_path / "r.docx").exists()
    assert _run("render", "bad.json", "-o", "r.docx", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "r.docx").exists()


def test_check_reads_a_filled_workbook_and_names_a_wrong_cell(tmp_path: Path) -> None:
    """An agency fills the workbook, then runs `zfxxgk check` on it as on any report before rendering."""
    report = sample_report(random.Random(4), "2021", units=("万元",))
    write_workbook(load("2021"), tmp_path / "filled.xlsx", report=report)
    clean = _run("check", "--format", "json", "filled.xlsx", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    wb = load_workbook(tmp_path / "filled.xlsx")
    sheet = sheet_name(load("2021"), "requests")
    cell = next(c for row in wb[sheet].iter_rows() for c in row if isinstance(c.value, int) and c.column == 4)
    cell.value += 1
    wb.save(tmp_path / "filled.xlsx")
    wrong = _run("check", "filled.xlsx", cwd=tmp_path)
    assert wrong.returncode == 1 and "requests.balance" in wrong.stdout, wrong.stdout


def test_check_refuses_other_spreadsheets_with_a_reason(tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = Workbook()
    other.active.append(["申请数量", 3])
    other.save(tmp_path / "other.xlsx")
    refused = _run("check", "other.xlsx", cwd=tmp_path)
    assert refused.returncode == 2 and "不是 zfxxgk template 的填报表" in refused.stderr
