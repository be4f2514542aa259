"""The store commands end to end: each one a thin layer over the library, with a summary people can act on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from store_support import write_report
from test_store_queries import QINGYANG, QINGYANG_2023, XIYUAN, XIYUAN_2022, XIYUAN_2023
from typer.testing import CliRunner

from zfxxgk.cli import app


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of reports (and one broken file); the database comes from $ZFXXGK_DB."""
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "a.txt", XIYUAN, 2022, XIYUAN_2022)
    write_report(folder, "b.txt", XIYUAN, 2023, XIYUAN_2023)
    write_report(folder, "c.txt", QINGYANG, 2023, QINGYANG_2023)
    (folder / "broken.txt").write_bytes(b"\x00\x01" * 300)
    monkeypatch.setenv("ZFXXGK_DB", str(tmp_path / "env.db"))
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_ingest_then_query_from_the_command_line(env: Path, tmp_path: Path) -> None:
    code, out = _run("ingest", "--workers", "1", str(env))
    assert code == 2, out  # one file failed
    assert "新增 3，更新 0，未变 0，失败 1" in out
    assert "broken.txt: 文档中没有文字" in out
    assert (tmp_path / "env.db").exists()

    code, out = _run("ingest", "--workers", "1", str(env / "*.txt"))
    assert "新增 0，更新 0，未变 3，失败 1" in out

    code, out = _run("compare", "西园街道", "2022", "2023", "--format", "json")
    assert code == 0, out
    cells = {c["cell"]: c for c in json.loads(out)["cells"]}
    assert (cells["requests.new.natural"]["a"], cells["requests.new.natural"]["b"], cells["requests.new.natural"]["change"]) == (10, 4, -6)
    code, out = _run("compare", "西园街道", "2022", "2023")
    line = next(line for line in out.splitlines() if "本年新收政府信息公开申请数量·自然人" in line)
    assert line.split("│")[-2].strip() == "0.40"  # ratios to two decimals

    names = tmp_path / "晋江市.txt"
    names.write_text("# 晋江市所属街道\n西园街道\n晋江市青阳街道办事处\n晋江市梅岭街道办事处\n", encoding="utf-8")
    code, out = _run("aggregate", "--year", "2023", "--agencies", str(names), "--format", "json")
    assert code == 0, out
    result = json.loads(out)
    assert result["totals"]["requests.new.total"] == 4 + 3
    assert result["missing"] == ["晋江市梅岭街道办事处"]

    code, out = _run("reports", "--year", "2023")
    assert code == 0 and QINGYANG in out
    qingyang = next(line for line in out.splitlines() if QINGYANG in line).split("│")[1].strip()
    code, out = _run("correct", qingyang, "requests.new.natural", "3", "--reason", "按原件更正", "--author", "审核员")
    assert code == 1, out  # the correction breaks the balance: an error finding
    assert "requests.balance" in out
    code, out = _run("aggregate", "--year", "2023", "--agencies", str(names))
    assert code == 1 and "requests.balance" in out  # the sums now break it too

    export = tmp_path / "cells.csv"
    code, out = _run("export", "--format", "csv", "--shape", "long", "--year", "2023", "-o", str(export))
    assert code == 0, out
    with export.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["cell"] == "requests.new.natural" and r["agency"] == QINGYANG]
    assert rows[0]["value"] == "3" and rows[0]["corrected"] == "True"

    code, out = _run("reprocess", "--workers", "1")
    assert code == 0 and "重新读取 0" in out


def test_errors_are_one_line_messages(env: Path) -> None:
    for command in (["reports"], ["compare", "西园街道", "2022", "2023"], ["export", "-o", "x.csv"], ["aggregate", "-y", "2023"]):
        code, out = _run(*command)
        assert code == 2 and "数据库文件不存在" in out, command  # a mistyped path is never read as an empty database
    _run("ingest", "--workers", "1", str(env))
    code, out = _run("aggregate", "--year", "1999")
    assert code == 2 and "1999年没有符合条件的已入库报告" in out
    code, out = _run("export", "-o", "cells.txt")
    assert code == 2 and "无法从后缀推断格式" in out
    code, out = _run("compare", "不存在的机关", "2022", "2023")
    assert code == 2 and "库中没有与“不存在的机关”相符的机关" in out
    code, out = _run("ingest", "--db", "nosuchdriver://x", str(env))
    assert code == 2 and "无法使用数据库" in out
