"""`zfxxgk desk …` and `zfxxgk report`: a year of requests at the command line, then the annual report."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from zfxxgk.cli import app
from zfxxgk.pipeline import parse_path

AGENCY = "某市某区人民政府办公室"


@pytest.fixture
def zfxxgk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `zfxxgk ARGS…` on a fresh database as the clerk 王芳; returns the result."""
    monkeypatch.setenv("ZFXXGK_DB", str(tmp_path / "desk.db"))
    monkeypatch.setenv("ZFXXGK_USER", "王芳")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result.output

    run("desk", "agency", AGENCY, "--review-body", "某市人民政府", "--court", "某市某区人民法院")
    run("desk", "user", "王芳", "-r", "registrar", "-r", "handler", "-r", "approver", "--agency", AGENCY)
    return run


def test_a_year_at_the_command_line(zfxxgk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    person = ("--id-number", "110101199003071233", "--phone", "13812345678")
    out = zfxxgk("desk", "register", "--name", "张三", "-d", "老旧小区改造项目清单", "--channel", "visit", "--received", "2025-01-24", *person)
    assert "已登记 2025-0001，查询码 " in out
    zfxxgk("desk", "register", "--name", "某律师事务所", "--kind", "legal", "-d", "某项目批复", "--received", "2025-03-03",
           "--id-number", "91110000600037341L", "--phone", "010-62345678")
    zfxxgk("desk", "register", "--name", "李四", "-d", "某会议纪要", "--received", "2025-12-22", *person)
    assert "待申请人补正；补正期限：2025-02-24" in zfxxgk("desk", "step", "2025-0001", "correction-request", "--on", "2025-01-27")
    assert "答复期限：2025-03-10" in zfxxgk("desk", "step", "2025-0001", "correction-received", "--on", "2025-02-10")
    provided = ("--how", "电子邮件", "--where", "zhangsan@example.com", "--when", "2025年3月3日")
    assert "部分公开" in zfxxgk("desk", "answer", "2025-0001", "部分公开", "--on", "2025-03-03", "--text", "住户姓名不予公开", *provided)
    zfxxgk("desk", "answer", "2025-0002", "不予公开·属于四类过程性信息", "--on", "2025-03-20")
    zfxxgk("desk", "appeal", "2025-0002", "review", "--filed", "2025-04-10", "--body", "区人民政府")
    zfxxgk("desk", "document", "行政规范性文件", "关于某某的通知", "--issued", "2025-05-06")
    zfxxgk("desk", "figure", "2025", "行政许可", "1534")
    zfxxgk("desk", "letter", "2025-0001", "-o", str(tmp_path / "letter.docx"))
    letter = "\n".join(p.text for p in docx.Document(str(tmp_path / "letter.docx")).paragraphs)
    assert "第三十七条" in letter and "向某市人民政府申请行政复议" in letter and "向某市某区人民法院提起行政诉讼" in letter
    assert "2025-0003" in zfxxgk("desk", "due", "--today", "2026-01-16")

    out = zfxxgk("report", "--year", "2025", "--agency", AGENCY, "-o", str(tmp_path / "2025年报.docx"), "--store", "--user", "")
    assert "已存入报告库：new" in out and "error" not in out
    assert "正文“存在的主要问题及改进情况”部分尚待填写" in out  # a prompt left for the agency is a finding, not a ✓
    assert "2025年报.docx" in zfxxgk("reports", "--agency", AGENCY, "--year", "2025")
    values = parse_path(tmp_path / "2025年报.docx").values()
    assert values["requests.new.total"] == 3 and values["requests.carried_out.natural"] == 1
    assert values["requests.denied.process_info.legal"] == 1 and values["appeals.review.pending"] == 1
    assert values["active.licensing.decisions"] == 1534

    zfxxgk("desk", "export", "-o", str(tmp_path / "cases.csv"))
    exported = (tmp_path / "cases.csv").read_text("utf-8-sig")
    assert "2025-0003" in exported and "张三" not in exported and "13812345678" not in exported


def test_refusals_are_one_line_and_status_2(zfxxgk) -> None:  # type: ignore[no-untyped-def]
    out = zfxxgk("desk", "register", "--name", "张三", "-d", "某文件", "--received", "2025-01-24", "--phone", "1", "--id-number", "1", code=2)
    assert "身份证号码 1 无效" in out and "联系电话 1 无效" in out
    zfxxgk("desk", "register", "--name", "张三", "-d", "某文件", "--received", "2025-01-24", "--phone", "13812345678", "--id-number", "110101199003071233")
    zfxxgk("desk", "step", "2025-0001", "correction-request", "--on", "2025-01-27")
    out = zfxxgk("desk", "step", "2025-0001", "correction-request", "--on", "2025-01-28", code=2)
    assert "补正只能一次性告知" in out
    assert "没有编号为 2025-0009 的案件" in zfxxgk("desk", "answer", "2025-0009", "granted", code=2)
    assert "--user" in zfxxgk("desk", "answer", "2025-0001", "granted", "--user", "", code=2)


def test_the_cli_has_what_the_web_desk_has(zfxxgk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    person = ("--id-number", "110101199003071233", "--phone", "13812345678")
    out = zfxxgk("desk", "register", "--name", "张三", "-d", "我家（和平里12号）拆迁补偿", "--received", "2025-03-03", *person,
                 "--receipt", str(tmp_path / "回执.docx"))
    code = out.split("查询码 ")[1][:10]
    receipt = "\n".join(p.text for p in docx.Document(str(tmp_path / "回执.docx")).paragraphs)
    assert code in receipt and "政府信息公开申请登记回执" in receipt
    assert "同一申请人已就相同内容提出申请 2025-0001" in zfxxgk(
        "desk", "register", "--name", "张三", "-d", "我家（和平里12号）拆迁补偿", "--received", "2025-03-04", *person)
    zfxxgk("desk", "merge", "2025-0002", "--into", "2025-0001")
    zfxxgk("desk", "answer", "2025-0001", "denied.process_info", "--on", "2025-03-20")
    assert "已合并办理" in zfxxgk("desk", "show", "2025-0002")
    zfxxgk("desk", "appeal", "2025-0001", "review", "--filed", "2025-04-10", "--body", "某市人民政府")
    assert "某市人民政府" in zfxxgk("desk", "appeals")
    fixed = zfxxgk("desk", "correct", "2025-0001", "closed_on", "2025-03-21", "--reason", "误录答复日期")
    assert "2025-03-21" in fixed
    log = zfxxgk("desk", "audit", "2025-0001")
    assert "entry.corrected" in log and "误录答复日期" in log
    made = zfxxgk("desk", "document", "规章", "某办法", "--issued", "2020-05-01")
    doc_id = made.split("已登记文件 ")[1].split("：")[0]
    assert "已废止" in zfxxgk("desk", "repeal", doc_id, "--on", "2025-06-30")
    tables = zfxxgk("report", "--year", "2025", "--agency", AGENCY, "--user", "")
    assert "收到和处理政府信息公开申请情况" in tables and "政府信息公开行政复议、行政诉讼情况" in tables
    zfxxgk("desk", "export", "-o", str(tmp_path / "full.csv"))
    zfxxgk("desk", "export", "-o", str(tmp_path / "plain.csv"), "--without-description")
    assert "和平里12号" in (tmp_path / "full.csv").read_text("utf-8-sig")
    plain = (tmp_path / "plain.csv").read_text("utf-8-sig")
    assert "和平里12号" not in plain and "申请内容" not in plain and "2025-0002" in plain


def test_the_cli_refuses_late_steps_and_flags_late_answers(zfxxgk) -> None:  # type: ignore[no-untyped-def]
    out = zfxxgk("desk", "register", "--name", "张三", "-d", "某文件", "--received", "2025-09-26", "--phone", "13812345678",
                 "--id-number", "110101199003071233")
    assert "答复期限：2025-10-30" in out  # 国庆 skipped, 28 September and 11 October worked
    refused = zfxxgk("desk", "step", "2025-0001", "fee", "--on", "2025-10-31", "--basis", "按量计收", "--quantity", "45",
                     "--pay-how", "银行转账", code=2)
    assert "届满" in refused and "--force" in refused
    zfxxgk("desk", "answer", "2025-0001", "granted", "--on", "2025-10-31", "--how", "电子邮件", "--where", "邮箱", "--when", "当日")
    assert "逾期答复" in zfxxgk("desk", "list") and "逾期答复：期限 2025-10-30" in zfxxgk("desk", "show", "2025-0001")
