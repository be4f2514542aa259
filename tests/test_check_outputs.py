"""The check report a reviewer opens: HTML page and workbook, one report or a batch; the `check` command."""

from __future__ import annotations

import json
from pathlib import Path

from check_support import balanced, make_report
from openpyxl import load_workbook
from refdata import SEEDS, require
from typer.testing import CliRunner

from zfxxgk.check import check
from zfxxgk.render.findings_html import check_html
from zfxxgk.render.findings_xlsx import write_check_workbook
from zfxxgk.check.text import prepare
from zfxxgk.cli import app
from zfxxgk.model import Report, Severity

runner = CliRunner()
TEXT = "2021年，我局共收到政府信息公开申请53件。"


def _with_error() -> Report:
    return check(make_report(values=balanced(new=52), narrative={"overview": TEXT}, agency="甲区财政局", path="jia.txt"))


def _clean() -> Report:
    return check(make_report(values=balanced(new=5), narrative={"overview": "收到申请5件。", "problems": "存在不足。"},
                             agency="乙区农业农村局", path="yi.txt"))


def test_html_shows_the_finding_its_quote_and_the_highlighted_cells() -> None:
    page = check_html([_with_error()])
    assert "正文所述收到的政府信息公开申请为 53，表格中为 52" in page
    assert f"<blockquote>{prepare(TEXT)}</blockquote>" in page  # quoted in the normalised form the checks read
    assert 'id="r1-requests.new.total" class="value error"' in page
    assert 'href="#r1-requests.new.total"' in page
    assert "<script" not in page and "<link" not in page  # self-contained: no CDN


def test_html_batch_starts_with_a_summary_linking_each_report() -> None:
    page = check_html([_with_error(), _clean()])
    assert page.index('class="summary"') < page.index('<h2 id="report-1">')
    assert 'href="#report-2"' in page and "✓ 未发现问题" in page


def test_xlsx_fills_wrong_cells_red_with_the_message_as_comment(tmp_path: Path) -> None:
    out = tmp_path / "check.xlsx"
    write_check_workbook([_with_error(), _clean()], out)
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["汇总", "问题清单"] and len(wb.sheetnames) == 4
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows(min_row=2)]
    assert [(r[0], r[5]) for r in summary] == [("jia.txt", 1), ("yi.txt", 0)]
    sheet = wb[wb.sheetnames[2]]
    commented = [c for row in sheet.iter_rows() for c in row if c.comment and "53" in c.comment.text]
    assert {c.value for c in commented} == {52, 0}  # 一、本年新收 and 二、上年结转 总计: the readings of 收到
    assert all(c.fill.fgColor.rgb.endswith("FF9999") for c in commented)
    assert sheet.merged_cells.ranges  # the official layout's merged headers
    assert not any(c.comment for row in wb[wb.sheetnames[3]].iter_rows() for c in row)


def test_check_command_formats_and_exit_codes(tmp_path: Path) -> None:
    seeds = [str(p) for p in sorted(require(SEEDS).glob("*.txt"))]
    result = runner.invoke(app, ["check", *seeds, "-f", "json"])
    assert result.exit_code == 0, result.output  # no error finding on the five consistent seeds
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(f["severity"] != Severity.ERROR.value for o in objects for f in o["findings"])
    assert runner.invoke(app, ["check", seeds[0], "-f", "xlsx"]).exit_code == 2
    out = tmp_path / "out.xlsx"
    assert runner.invoke(app, ["check", *seeds, "-f", "xlsx", "-o", str(out)]).exit_code == 0
    assert load_workbook(out).sheetnames[0] == "汇总"
    html = tmp_path / "out.html"
    assert runner.invoke(app, ["check", seeds[3], "-f", "html", "-o", str(html)]).exit_code == 0
    assert "narrative.percent_mismatch" in html.read_text("utf-8")


def test_check_command_config_relevels_and_switches_off(tmp_path: Path) -> None:
    seed = str(require(SEEDS / "003_9e38e5bfa899f112.txt"))
    config = tmp_path / "rules.toml"
    config.write_text('[rules]\n"narrative.percent_mismatch" = "error"\n', "utf-8")
    assert runner.invoke(app, ["check", seed, "--config", str(config)]).exit_code == 1
    config.write_text('[rules]\n"narrative.percent_mismatch" = "off"\n', "utf-8")
    result = runner.invoke(app, ["check", seed, "--config", str(config), "-f", "json"])
    assert json.loads(result.stdout)["findings"] == []
