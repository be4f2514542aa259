"""The command line as its users expect: honest exit codes, one-line errors and never a traceback,
help with choices and examples, the same options everywhere, one language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from refdata import CORPUS, seed_pairs
from typer.testing import CliRunner

from zfxxgk.check import check
from zfxxgk.cli import app
from zfxxgk.pipeline import parse_path

CLI = [sys.executable, "-m", "zfxxgk.cli"]
USER = "王芳"
AGENCY = "某市某区人民政府办公室"


@pytest.fixture
def desk_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk database with one agency and its clerk, named by $ZFXXGK_DB and $ZFXXGK_USER."""
    db = tmp_path / "desk.db"
    monkeypatch.setenv("ZFXXGK_DB", str(db))
    monkeypatch.setenv("ZFXXGK_USER", USER)
    runner = CliRunner()
    assert runner.invoke(app, ["desk", "agency", AGENCY]).exit_code == 0
    made = runner.invoke(app, ["desk", "user", USER, "-r", "registrar", "-r", "handler", "-a", AGENCY])
    assert made.exit_code == 0, made.output
    register = ["desk", "register", "--name", "张三", "-d", "某文件", "--received", "2025-01-24", "--phone", "13812345678", "--id-number", "110101199003071233"]
    assert runner.invoke(app, register).exit_code == 0
    return db


def _invoke(*args: str, input: str | None = None) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.output, result.exception


BAD_CONFIGS = {
    "missing": None,
    "malformed": "[rules\n",
    "level": '[rules]\n"cells.missing" = "loud"\n',
    "misspelled": '[rules]\n"cells.mising" = "off"\n',
}

BAD_DESK_INPUTS = [
    (["desk", "register", "--name", "李四", "-d", "x", "--received", "2025-13-01"], "2025-13-01"),
    (["desk", "register", "--name", "李四", "-d", "x", "--channel", "email"], "email"),
    (["desk", "register", "--name", "李四", "-d", "x", "--kind", "alien"], "alien"),
    (["desk", "answer", "2025-0001", "foo"], "foo"),
    (["desk", "appeal", "2025-0001", "foo", "--filed", "2025-04-01"], "foo"),
    (["desk", "appeal", "2025-0001", "review", "--filed", "yesterday"], "yesterday"),
    (["desk", "step", "2025-0001", "dance"], "dance"),
    (["desk", "decide", "1", "maybe", "--on", "2025-05-01"], "maybe"),
    (["desk", "letter", "2025-0001", "-o", "x.docx", "--kind", "poem"], "poem"),
    (["desk", "user", "赵六", "-r", "boss"], "boss"),
    (["desk", "due", "--today", "2025-02-30"], "2025-02-30"),
]


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_a_faulty_config_is_one_line_and_exit_2(case: str, tmp_path: Path) -> None:
    config = tmp_path / "rules.toml"
    if BAD_CONFIGS[case] is not None:
        config.write_text(BAD_CONFIGS[case], "utf-8")
    code, out, exc = _invoke("check", "--config", str(config), str(seed_pairs()[0][0]))
    assert code == 2 and isinstance(exc, SystemExit), out
    assert "Traceback" not in out and str(config) in out and len(out.strip().splitlines()) == 1
    if case == "misspelled":
        assert "是否应为 cells.missing" in out


@pytest.mark.parametrize(("args", "bad"), BAD_DESK_INPUTS, ids=[" ".join(a[:2]) + f" {b}" for a, b in BAD_DESK_INPUTS])
def test_bad_desk_inputs_name_the_value_and_exit_2(desk_db: Path, args: list[str], bad: str) -> None:
    code, out, exc = _invoke(*args)
    assert code == 2 and isinstance(exc, SystemExit), out
    assert bad in out and "Traceback" not in out and len(out.strip().splitlines()) == 1, out


def test_usage_errors_are_one_line_in_chinese() -> None:
    for args, expected in (
        (["chekc"], "没有命令“chekc”，是否应为“check”？"),
        (["check", "--fromat", "json", "x"], "没有选项 --fromat（可能是：--format）"),
        (["reports", "-y", "abc"], "'--year' / '-y' 的值无效：应为整数"),
        (["render", "x"], "缺少选项 '--output' / '-o'"),
    ):
        code, out, _exc = _invoke(*args)
        assert code == 2 and out.strip() == f"zfxxgk: {expected}（zfxxgk{'' if args[0] == 'chekc' else ' ' + args[0]} -h 查看用法）", out


def test_a_template_outside_the_list_is_refused_with_the_list() -> None:
    code, out, exc = _invoke("check", "--template", "2020", str(seed_pairs()[0][0]))
    assert code == 2 and isinstance(exc, SystemExit)
    assert "2020" in out and "2019" in out and "2021" in out


def test_nothing_found_is_exit_2_naming_what_was_searched(tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    for args in (["check", str(empty)], ["check", str(tmp_path / "nomatch*.txt")], ["parse", str(empty)], ["ingest", str(empty)]):
        code, out, _exc = _invoke(*args)
        assert code == 2 and "未找到报告文件" in out, args
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"meta": {}, "cells": {}}', "utf-8")
    code, out, _exc = _invoke("eval", str(gold), str(empty))
    assert code == 2 and "未找到" in out


def test_check_and_ingest_share_one_rule_of_what_is_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZFXXGK_DB", str(tmp_path / "r.db"))
    folder = tmp_path / "in"
    folder.mkdir()
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip("corpus not present")
    (folder / "MANIFEST.tsv").write_bytes((CORPUS / "MANIFEST.tsv").read_bytes())  # numbers near table words
    blank = folder / "空白.xlsx"
    assert _invoke("template", "--year", "2024", "-o", str(blank))[0] == 0
    (folder / "ok.txt").write_bytes(seed_pairs()[0][0].read_bytes())
    code, out, _exc = _invoke("check", "--format", "json", str(folder))
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    errors = {Path(o["source"]["path"]).name: o["error"] for o in lines if "error" in o}
    assert errors["空白.xlsx"] == "a blank template, nothing filled in"
    assert errors["MANIFEST.tsv"].startswith("not an annual report")
    assert [Path(o["source"]["path"]).name for o in lines if "findings" in o] == ["ok.txt"] and code == 2
    code, out, _exc = _invoke("ingest", "--workers", "1", str(folder))
    assert code == 2 and "空白模板，未填写任何内容" in out and "不是年度报告" in out


def test_a_report_without_agency_or_year_gets_a_finding_saying_so() -> None:
    report = parse_path(seed_pairs()[0][0])
    report.meta.agency = report.meta.year = None
    rules = {f.rule for f in check(report).findings}
    assert {"meta.agency_missing", "meta.year_missing"} <= rules


def test_html_and_xlsx_name_every_unreadable_file(tmp_path: Path) -> None:
    broken = tmp_path / "空.txt"
    broken.write_text("", "utf-8")
    seed = str(seed_pairs()[0][0])
    code, _out, _exc = _invoke("check", seed, str(broken), "-o", str(tmp_path / "r.html"))
    assert code == 2
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "无法读取的文件" in page and "空.txt" in page and "文件为空" in page
    code, _out, _exc = _invoke("check", seed, str(broken), "-o", str(tmp_path / "r.xlsx"))
    rows = [[c for c in row if c] for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["汇总"].iter_rows(values_only=True)]
    assert any(str(broken) in row and "无法读取：文件为空" in row for row in rows)


def test_markup_in_data_is_printed_as_written(tmp_path: Path) -> None:
    odd = tmp_path / "a[ocr].txt"
    odd.write_text("", "utf-8")
    code, out, _exc = _invoke("check", str(odd))
    assert code == 2 and "a[ocr].txt" in out


def test_a_closed_pipe_ends_quietly() -> None:
    paths = [str(p) for p, _ in seed_pairs()]
    pipeline = f"{' '.join(CLI)} parse -f table {' '.join(paths)} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""


def test_version_short_help_and_examples_everywhere() -> None:
    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("zfxxgk ")
    root = _invoke("-h")[1]
    commands = ["parse", "check", "explain", "template", "render", "ingest", "reports", "report", "export", "compare", "aggregate", "correct", "reprocess", "serve", "eval"]
    desk = ["agency", "user", "register", "step", "answer", "show", "letter", "due", "list", "export", "import", "document", "figure", "appeal", "decide"]
    for args in [[c] for c in commands] + [["desk", c] for c in desk]:
        code, out, _exc = _invoke(*args, "-h")
        assert code == 0 and "示例" in out, args
    assert "reports" in root and "report" in root
    assert "复数" in _invoke("reports", "-h")[1] and "单数" in _invoke("report", "-h")[1]
    help_text = _invoke("reports", "-h")[1]
    assert "--errors" in help_text and "<bool>" not in help_text.split("--errors")[1].splitlines()[0]
    register = "".join(_invoke("desk", "register", "-h")[1].replace("│", "").split())
    assert "visit（当面）" in register and "fax（传真）" in register and "natural（自然人）" in register
    assert "<2019|2021>" in _invoke("check", "-h")[1]


def test_db_before_the_subcommand_and_a_missing_file_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert _invoke("--db", str(db), "ingest", str(seed_pairs()[0][0]))[0] == 0
    code, out, _exc = _invoke("--db", str(db), "reports")
    assert code == 0 and "#" not in out and seed_pairs()[0][0].name in out
    for command in (["reports"], ["desk", "list"], ["report", "-y", "2024"]):
        code, out, _exc = _invoke("--db", str(tmp_path / "typo.db"), *command)
        assert code == 2 and "数据库文件不存在" in out and not (tmp_path / "typo.db").exists(), command


def test_reports_are_sorted_by_pinyin(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    _invoke("--db", db, "ingest", "--workers", "1", *(str(p) for p, _ in seed_pairs()))
    rows = [line.split("│")[2].strip() for line in _invoke("--db", db, "reports")[1].splitlines() if line.startswith("│")]
    from pypinyin import lazy_pinyin

    assert rows == sorted(rows, key=lazy_pinyin) and len(rows) == len(seed_pairs())


def test_the_password_never_goes_on_the_command_line(desk_db: Path) -> None:
    code, out, _exc = _invoke("desk", "user", "赵六", "-r", "handler", "-a", AGENCY, "--password-stdin", input="秘密口令\n")
    assert code == 0, out
    from zfxxgk.desk import Desk

    with Desk.open(str(desk_db)) as desk:
        assert desk.authenticate("赵六", "秘密口令") is not None
    code, out, _exc = _invoke("desk", "user", "钱七", "-r", "handler", "-a", AGENCY, "--password", input="abc\nabc\n")
    assert code == 0 and "abc" not in out


def test_report_over_a_year_without_cases_asks_for_force(desk_db: Path, tmp_path: Path) -> None:
    code, out, _exc = _invoke("report", "--year", "2019", "-a", AGENCY, "-o", str(tmp_path / "r.docx"))
    assert code == 2 and "没有 2019 年度的任何申请案件" in out and "--force" in out and not (tmp_path / "r.docx").exists()
    code, out, _exc = _invoke("report", "--year", "2019", "-a", AGENCY, "-o", str(tmp_path / "r.docx"), "--force")
    assert code == 0 and (tmp_path / "r.docx").exists()


def test_parse_table_keeps_the_group_headings() -> None:
    out = _invoke("parse", "-f", "table", str(seed_pairs()[0][0]))[1]
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if "（三）不予公开" in line)
    assert "1.属于国家秘密" in lines[heading + 1]


def test_render_and_template_refuse_with_a_reason(tmp_path: Path) -> None:
    data = tmp_path / "r.json"
    data.write_text('{"meta": {}, "cells": {}}', "utf-8")
    code, out, _exc = _invoke("render", str(data), "-o", str(tmp_path / "r.html"))
    assert code == 2 and "不是报告 JSON：缺少 'source'" in out
    code, out, _exc = _invoke("template", "-o", str(tmp_path / "x.xls"))
    assert code == 2 and "x.xlsx" in out and not (tmp_path / "x.xls").exists()


def test_serve_on_a_taken_port_says_so_in_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, _exc = _invoke("serve", "--port", str(port))
    assert code == 2 and f"端口 {port} 已被占用" in out and len(out.strip().splitlines()) == 1


def test_english_through_the_catalog() -> None:
    done = subprocess.run([*CLI, "--lang", "en", "check", "-h"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Exit status" in done.stdout and "退出状态" not in done.stdout
    env = {"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"}
    done = subprocess.run([*CLI, "check", "/nonexistent-folder-*"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2 and "no report files found" in done.stderr


def test_the_duckdb_example_of_the_readme(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    db, out = str(tmp_path / "x.db"), tmp_path / "reports.parquet"
    _invoke("--db", db, "ingest", "--workers", "1", *(str(p) for p, _ in seed_pairs()))
    assert _invoke("--db", db, "export", "-o", str(out))[0] == 0
    query = f"""select agency, year, "requests.new.total" as new_requests, errors from '{out}' order by agency, year"""
    rows = duckdb.sql(query).fetchall()
    assert len(rows) == len(seed_pairs()) and all(isinstance(r[2], float) for r in rows)


def test_the_english_catalog_is_complete_and_keeps_every_placeholder() -> None:
    import re
    from importlib import resources

    from babel.messages.pofile import read_po

    po = resources.files("zfxxgk").joinpath("locale", "en", "LC_MESSAGES", "zfxxgk.po")
    with po.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert messages and all(m.string for m in messages), [m.id for m in messages if not m.string]
    fields = re.compile(r"\{[^{}]*\}")
    for m in messages:
        assert sorted(fields.findall(m.id)) == sorted(fields.findall(m.string)), m.id


def test_install_hints_keep_their_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "x.db")
    _invoke("--db", db, "ingest", "--workers", "1", str(seed_pairs()[0][0]))
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the parquet extra were not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code, out, _exc = _invoke("--db", db, "export", "-o", str(tmp_path / "x.parquet"))
    assert code == 2 and "pip install 'zfxxgk[parquet]'" in out
    from rich.console import Console

    from zfxxgk.cli.common import print_findings
    from zfxxgk.model import Finding, Severity

    report = parse_path(seed_pairs()[0][0])
    report.findings = [Finding("read.unread_pages", Severity.WARNING, '第7页未读取；请安装 pip install "zfxxgk[ocr]" 后重新检查', [])]
    console = Console(record=True, width=200)
    print_findings(report, console)
    assert 'pip install "zfxxgk[ocr]"' in console.export_text()


def test_starting_the_cli_loads_neither_the_database_nor_the_web_layer() -> None:
    """Every command, `--help` included, starts without SQLAlchemy or FastAPI: they load when a command
    that needs them runs (choices of the desk are checked then too)."""
    code = "import sys, zfxxgk.cli; print(sorted(m for m in ('sqlalchemy', 'fastapi', 'babel') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
