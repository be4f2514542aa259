"""The statutory steps of a request: what each allows and refuses, and the deadlines they produce."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from desk_support import AGENCY, PROVIDED, Office, application, desk_fixture, facts, office_fixture  # noqa: F401 (fixtures)

from zfxxgk.desk import Channel, Desk, DeskError, NotFound, Status


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_register_numbers_cases_per_year_and_the_code_finds_them(desk: Desk, office: Office) -> None:
    first = desk.register(office.registrar, application(date(2024, 12, 30)))
    second = desk.register(office.registrar, application(date(2025, 1, 2)))
    third = desk.register(office.registrar, application(date(2025, 1, 3)))
    assert (first.number, second.number, third.number) == ("2024-0001", "2025-0001", "2025-0002")
    status = desk.lookup(second.number, second.secret.lower())
    assert status.status == "办理中" and status.answer_due == date(2025, 2, 6)  # make-up Sunday 26 Jan counts
    with pytest.raises(NotFound):
        desk.lookup(second.number, third.secret)


def test_a_new_request_needs_what_article_29_requires(desk: Desk, office: Office) -> None:
    incomplete = application(date(2025, 3, 3))
    incomplete.id_number, incomplete.phone, incomplete.address, incomplete.email = None, None, "", None
    with pytest.raises(DeskError, match="身份证明.*联系方式"):
        desk.register(office.registrar, incomplete)


def test_correction_is_one_time_and_restarts_the_clock(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 1, 24))).case_id
    waiting = desk.request_correction(office.clerk, case, date(2025, 1, 27), "请写明小区名称")
    assert waiting.status is Status.AWAITING_CORRECTION and waiting.clock.answer_due is None
    assert waiting.clock.next_due == date(2025, 2, 24)  # 15 working days for the applicant, 春节 skipped
    with pytest.raises(DeskError, match="一次性"):
        desk.request_correction(office.clerk, case, date(2025, 1, 28))
    with pytest.raises(DeskError, match="等待补正"):
        desk.answer(office.clerk, case, "granted", on=date(2025, 1, 29))
    restarted = desk.receive_correction(office.clerk, case, date(2025, 2, 10))
    assert restarted.clock.answer_due == date(2025, 3, 10)  # 20 working days from the correction
    with pytest.raises(DeskError, match="一次性"):
        desk.request_correction(office.clerk, case, date(2025, 2, 11))
    done = desk.answer(office.clerk, case, "unavailable.unclear", "补正后仍无法确定", date(2025, 3, 3))
    assert done.outcome == "unavailable.unclear"


def test_no_correction_in_time_closes_as_other_processing_1(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    notice = desk.request_correction(office.clerk, case, date(2025, 3, 4))
    due = notice.clock.next_due
    assert due == date(2025, 3, 25)
    with pytest.raises(DeskError, match="才届满"):
        desk.lapse_correction(office.clerk, case, due)
    closed = desk.lapse_correction(office.clerk, case, date(2025, 3, 26))
    assert (closed.outcome, closed.closed_on) == ("other.no_correction", date(2025, 3, 26))
    assert "逾期不补正" in closed.outcome_label


def test_unclear_after_correction_needs_a_correction(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    with pytest.raises(DeskError, match="须先经补正"):
        desk.answer(office.clerk, case, "unavailable.unclear", on=date(2025, 3, 10))


def test_third_party_consultation_is_not_counted(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2024, 9, 27))).case_id
    consulting = desk.start_consultation(office.clerk, case, date(2024, 10, 8), "征求某公司意见")
    assert consulting.status is Status.CONSULTING
    assert consulting.clock.next_due == date(2024, 10, 28)  # the third party's 15 working days
    resumed = desk.end_consultation(office.clerk, case, date(2024, 10, 15))
    assert resumed.clock.answer_due == date(2024, 11, 7)  # 30 Oct plus the six working days paused
    with pytest.raises(DeskError, match="其他处理|逾期处理"):
        desk.answer(office.clerk, case, "other.no_fee", on=date(2024, 11, 1))
    assert desk.answer(office.clerk, case, "denied.third_party", on=date(2024, 11, 1)).outcome == "denied.third_party"


def test_answering_ends_a_pending_consultation(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 4, 1))).case_id
    desk.start_consultation(office.clerk, case, date(2025, 4, 3))
    done = desk.answer(office.clerk, case, "granted", on=date(2025, 4, 10), detail=PROVIDED)
    assert done.steps[0].ended_on == date(2025, 4, 10)


def test_extension_needs_an_approver_and_at_most_20_days(desk: Desk, office: Office) -> None:
    case = desk.register(office.registrar, application(date(2024, 9, 27))).case_id
    from zfxxgk.desk import PermissionDenied

    with pytest.raises(PermissionDenied):
        desk.extend(office.handler, case, 10, date(2024, 10, 20))
    extended = desk.extend(office.approver, case, 15, date(2024, 10, 21), "需调取档案")
    assert extended.clock.answer_due == date(2024, 11, 20)
    with pytest.raises(DeskError, match="不得超过20"):
        desk.extend(office.approver, case, 6, date(2024, 10, 22))
    desk.extend(office.approver, case, 5, date(2024, 10, 22))
    late = desk.register(office.registrar, application(date(2024, 3, 1))).case_id
    with pytest.raises(DeskError, match="届满"):
        desk.extend(office.approver, late, 5, date(2024, 4, 1))


def test_a_fee_not_paid_in_time_closes_as_other_processing_2(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 5, 6))).case_id
    waiting = desk.notify_fee(office.clerk, case, "按量计收", 60, "银行转账", date(2025, 5, 12), amount=300.0)
    assert waiting.status is Status.AWAITING_FEE
    with pytest.raises(DeskError, match="等待信息处理费"):
        desk.answer(office.clerk, case, "granted", on=date(2025, 5, 13))
    closed = desk.lapse_fee(office.clerk, case, waiting.clock.next_due.replace(day=waiting.clock.next_due.day + 1))
    assert closed.outcome == "other.no_fee"
    paid = desk.register(office.clerk, application(date(2025, 5, 6))).case_id
    desk.notify_fee(office.clerk, paid, "按件计收", 12, "银行转账", date(2025, 5, 7))
    resumed = desk.fee_paid(office.clerk, paid, date(2025, 5, 9))
    assert resumed.status is Status.PROCESSING and resumed.clock.answer_due == date(2025, 6, 6)


def test_closed_cases_take_no_more_steps(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 5, 6))).case_id
    desk.answer(office.clerk, case, "granted", on=date(2025, 5, 7), detail=PROVIDED)
    with pytest.raises(DeskError, match="已于"):
        desk.start_consultation(office.clerk, case, date(2025, 5, 8))


def test_due_lists(desk: Desk, office: Office) -> None:
    overdue = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    soon = desk.register(office.clerk, application(date(2025, 3, 24))).case_id
    later = desk.register(office.clerk, application(date(2025, 4, 14))).case_id
    lists = desk.due(office.clerk, today=date(2025, 4, 16))
    assert [c.id for c in lists.overdue] == [overdue]
    assert [c.id for c in lists.soon] == [soon]
    assert [c.id for c in lists.later] == [later]


@pytest.mark.parametrize("outcome", ["granted", "partial", "denied.state_secret", "unavailable.not_held", "not_processed.duplicate"])
def test_answer_letters_cite_the_article_for_the_outcome(desk: Desk, office: Office, outcome: str) -> None:
    earlier = desk.register(office.clerk, application(date(2025, 5, 6))).case_id
    first = desk.answer(office.clerk, earlier, "granted", on=date(2025, 5, 20), detail=PROVIDED).number
    case = desk.register(office.clerk, application(date(2025, 6, 3))).case_id
    detail = {"earlier": first} if outcome == "not_processed.duplicate" else facts(outcome)
    desk.answer(office.clerk, case, outcome, "详见附件", date(2025, 6, 20), detail)
    text = _text(desk.letter(office.clerk, case))
    article = {"granted": "第三十六条第（二）项", "partial": "第三十七条", "denied.state_secret": "第十四条",
               "unavailable.not_held": "第三十六条第（四）项", "not_processed.duplicate": "第三十六条第（六）项"}[outcome]
    assert article in text and "张三：" in text and "行政复议" in text and "2025年6月20日" in text


def test_correction_letter_states_the_applicants_deadline(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 1, 24))).case_id
    desk.request_correction(office.clerk, case, date(2025, 1, 27), "请写明小区名称。")
    assert desk.letter_kinds(office.clerk, case) == ["receipt", "correction"]
    text = _text(desk.letter(office.clerk, case, "correction"))
    assert "2025年2月24日前" in text and "请写明小区名称" in text and "第三十条" in text
    with pytest.raises(DeskError):
        desk.letter(office.clerk, case, "answer")


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


HEADER = ["编号", "收到日期", "申请方式", "申请人类型", "申请人姓名", "联系电话", "申请内容", "答复日期", "办理结果"]


def test_import_of_a_case_register(desk: Desk, office: Office, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["2023-001", date(2023, 11, 2), "当面", "自然人", "张三", "13800000000", "某项目批复", date(2023, 11, 20), "予以公开"],
        ["2023-002", "2023/12/20", "网上申请", "商业企业", "某公司", "", "某规划", "", ""],
        ["2024-001", "2024年1月5日", "平信", "科研机构", "某研究所", "", "某数据", "2024-01-30", "不予公开·属于国家秘密"],
    ]
    assert desk.import_cases(office.registrar, _sheet(tmp_path / "register.xlsx", rows)) == 3
    cases = {c.number: c for c in desk.cases(office.registrar)}
    assert cases["2023-002"].status is Status.PROCESSING and cases["2023-002"].channel == Channel.ONLINE.label
    assert cases["2024-001"].outcome == "denied.state_secret"
    report = desk.annual_report(office.supervisor, 2024, AGENCY)
    assert report.values()["requests.carried_in.business"] == 1
    assert report.values()["requests.denied.state_secret.research"] == 1


def test_import_is_all_or_nothing(desk: Desk, office: Office, tmp_path: Path) -> None:
    csv = tmp_path / "register.csv"
    csv.write_text(
        "收到日期,渠道,申请人类型,申请人,申请内容,答复日期,办理结果\n"
        "2024-02-01,当面,自然人,张三,某文件,2024-02-20,予以公开\n"
        "2024-02-02,飞鸽,自然人,李四,某文件,,\n"
        "2024-02-03,当面,法人,王五公司,某文件,2024-02-01,予以公开\n",
        encoding="utf-8",
    )
    with pytest.raises(DeskError) as failure:
        desk.import_cases(office.registrar, csv)
    assert "第3行，B列“渠道”：无法识别的申请渠道：飞鸽" in str(failure.value)
    assert "第4行，F列“答复日期”：答复日期 2024-02-01 早于收到日期 2024-02-03" in str(failure.value) and "第2行" not in str(failure.value)
    assert desk.cases(office.registrar) == []


def test_appeals_follow_their_request(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 2, 10))).case_id
    with pytest.raises(DeskError, match="尚未答复"):
        desk.record_appeal(office.clerk, case, "review", date(2025, 3, 1))
    desk.answer(office.clerk, case, "denied.process_info", on=date(2025, 3, 3))
    review = desk.record_appeal(office.clerk, case, "review", date(2025, 4, 1), "区人民政府")
    with pytest.raises(DeskError, match="尚未作出决定"):
        desk.record_appeal(office.clerk, case, "suit_after_review", date(2025, 5, 1), review_id=review.id)
    desk.decide_appeal(office.clerk, review.id, "upheld", date(2025, 5, 20))
    suit = desk.record_appeal(office.clerk, case, "suit_after_review", date(2025, 6, 1), "区人民法院", review.id)
    values = desk.annual_report(office.clerk, 2025).values()
    assert values["appeals.review.upheld"] == 1 and values["appeals.suit_after_review.pending"] == 1
    desk.decide_appeal(office.clerk, suit.id, "corrected", date(2026, 1, 15))
    assert desk.annual_report(office.clerk, 2025).values()["appeals.suit_after_review.pending"] == 1


def test_publication_register_and_catalogue(desk: Desk, office: Office, tmp_path: Path) -> None:
    docs = tmp_path / "docs.csv"
    docs.write_text(
        "类别,标题,文号,制发日期,废止日期\n"
        "规章,某市物业管理办法,某政令〔2020〕1号,2020-05-01,2025-06-30\n"
        "行政规范性文件,关于老旧小区改造的通知,某政办发〔2025〕3号,2025-03-01,\n"
        "规范性文件,关于某某的意见,某政办发〔2024〕9号,2024-08-01,\n",
        encoding="utf-8",
    )
    assert desk.import_documents(office.clerk, docs) == 3
    figures = tmp_path / "figures.csv"
    figures.write_text("年度,事项,数量或金额\n2025,行政许可,1200\n2025,行政处罚,35\n2025,行政事业性收费,12.5\n", encoding="utf-8")
    assert desk.import_figures(office.clerk, figures) == 3
    values = desk.annual_report(office.clerk, 2025).values()
    assert (values["active.rules.repealed"], values["active.rules.in_force"]) == (1, 0)
    assert (values["active.normative_docs.issued"], values["active.normative_docs.in_force"]) == (1, 2)
    assert (values["active.licensing.decisions"], values["active.fees.amount"]) == (1200, 12.5)
    assert [d.title for d in desk.catalogue(AGENCY, "改造")] == ["关于老旧小区改造的通知"]
    assert len(desk.catalogue(AGENCY, kind="规章")) == 1


def test_numbers_continue_after_imported_ones(desk: Desk, office: Office, tmp_path: Path) -> None:
    rows = [HEADER, ["2025-031", date(2025, 2, 3), "当面", "自然人", "张三", "", "某文件", "", ""]]
    desk.import_cases(office.registrar, _sheet(tmp_path / "register.xlsx", rows))
    assert desk.register(office.registrar, application(date(2025, 3, 3))).number == "2025-032"  # the register's width


def test_a_late_correction_notice_is_flagged_in_the_log(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    desk.request_correction(office.clerk, case, date(2025, 3, 14), "请补充")  # 9 working days after receipt
    entry = [e for e in desk.audit_log(office.clerk, case_id=case) if e.action == "correction"][0]
    assert entry.detail["late_notice"] is True and entry.detail["note"] == "请补充"


def test_import_keeps_open_cases_steps_and_numbers(desk: Desk, office: Office, tmp_path: Path) -> None:
    rows = [
        [*HEADER, "补正告知日期", "收到补正日期", "延期日期", "延期工作日"],
        ["2024-0005", date(2024, 12, 16), "当面", "自然人", "张三", "", "某文件", "", "", date(2024, 12, 18), date(2024, 12, 27), "", ""],
        ["2024-0006", date(2024, 12, 20), "当面", "自然人", "李四", "", "某规划", "", "", "", "", date(2025, 1, 10), 10],
    ]
    desk.import_cases(office.registrar, _sheet(tmp_path / "register.xlsx", rows))
    cases = {c.number: c for c in desk.cases(office.registrar)}
    assert set(cases) == {"2024-0005", "2024-0006"}
    corrected, extended = cases["2024-0005"], cases["2024-0006"]
    assert [s.label for s in corrected.steps] == ["补正"] and corrected.clock.answer_due == date(2025, 1, 26)  # from the correction; Sunday 26 January worked
    assert [s.days for s in extended.steps] == [10] and extended.clock.answer_due == date(2025, 2, 8)  # 30 working days, 春节 skipped
    assert desk.register(office.registrar, application(date(2024, 12, 30))).number == "2024-0007"
