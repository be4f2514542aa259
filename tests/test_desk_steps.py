"""Steps officers take: withdrawal, 当场答复, an appeal against 逾期不答复, 第三十五条, duplicates (flagged,
merged, or answered as 重复申请), correcting a mistaken entry with a reason, and what registration refuses."""

from __future__ import annotations

from datetime import date

import pytest
from desk_support import PROVIDED, Office, application, desk_fixture, office_fixture  # noqa: F401 (fixtures)
from hypothesis import given
from hypothesis import strategies as st

from zfxxgk.desk import Channel, Desk, DeskError, PermissionDenied, Status
from zfxxgk.desk.validate import credit_code_ok, id_card_ok, phone_ok


def test_withdrawal_closes_the_case_under_other_processing(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    desk.notify_fee(office.clerk, case, "按量计收", 45, "银行转账", date(2025, 3, 5))
    closed = desk.withdraw(office.clerk, case, date(2025, 3, 7), "申请人电话撤回")
    assert (closed.outcome, closed.closed_on, closed.status) == ("other.other", date(2025, 3, 7), Status.CLOSED)
    assert desk.letter_kinds(office.clerk, case)[-1] == "withdrawal"
    values = desk.annual_report(office.clerk, 2025).values()
    assert values["requests.other.other.natural"] == 1
    assert "本年度未收取信息处理费" in desk.annual_report(office.clerk, 2025).narrative["other"]


def test_fees_paid_fill_section_six(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    desk.notify_fee(office.clerk, case, "按量计收", 45, "银行转账", date(2025, 3, 5))
    desk.fee_paid(office.clerk, case, date(2025, 3, 10))
    other = desk.annual_report(office.clerk, 2025).narrative["other"]
    assert other.startswith("本年度依申请公开收取信息处理费1件，共计150.00元。")


def test_an_answer_on_the_spot(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 3, 3), channel=Channel.VISIT)).case_id
    with pytest.raises(DeskError, match="当场答复"):
        desk.answer(office.clerk, case, "granted", on=date(2025, 3, 4), detail={**PROVIDED, "on_the_spot": True})
    done = desk.answer(office.clerk, case, "granted", on=date(2025, 3, 3), detail={**PROVIDED, "on_the_spot": True})
    assert done.detail["on_the_spot"] is True


def test_an_appeal_against_no_answer(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 9, 26))).case_id
    with pytest.raises(DeskError, match="未逾期"):
        desk.record_appeal(office.clerk, case, "review", date(2025, 10, 30))
    appeal = desk.record_appeal(office.clerk, case, "review", date(2025, 11, 3), "某市人民政府")
    assert appeal.against_no_answer
    assert desk.annual_report(office.clerk, 2025).values()["appeals.review.pending"] == 1


def test_article_35_reasons_then_a_later_limit(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 9, 26))).case_id
    with pytest.raises(DeskError, match="说明理由"):
        desk.take_step(office.approver, case, "defer", date(2025, 9, 29), days=30)
    desk.take_step(office.clerk, case, "reason", date(2025, 9, 29), note="请说明理由")
    deferred = desk.take_step(office.approver, case, "defer", date(2025, 10, 13), days=30)
    assert deferred.clock.answer_due == date(2025, 12, 11)  # 20 + 30 working days


def test_duplicates_are_flagged_merged_or_answered_as_such(desk: Desk, office: Office) -> None:
    first = desk.register(office.clerk, application(date(2025, 3, 3)))
    second = desk.register(office.clerk, application(date(2025, 3, 5)))
    assert first.duplicates == () and second.duplicates == (first.number,)
    desk.merge(office.clerk, second.case_id, first.case_id)
    with pytest.raises(DeskError, match="合并办理"):
        desk.answer(office.clerk, second.case_id, "granted", on=date(2025, 3, 10), detail=PROVIDED)
    desk.answer(office.clerk, first.case_id, "granted", on=date(2025, 3, 10), detail=PROVIDED)
    merged = desk.case(office.clerk, second.case_id)
    assert (merged.outcome, merged.closed_on, merged.flags) == ("granted", date(2025, 3, 10), ("已合并办理",))
    third = desk.register(office.clerk, application(date(2025, 4, 1)))
    assert set(third.duplicates) == {first.number, second.number}
    with pytest.raises(DeskError, match="前次申请"):
        desk.answer(office.clerk, third.case_id, "not_processed.duplicate", on=date(2025, 4, 2), detail={"earlier": third.number})
    done = desk.answer(office.clerk, third.case_id, "not_processed.duplicate", on=date(2025, 4, 2), detail={"earlier": first.number})
    assert done.detail["earlier"] == first.number


def test_a_mistaken_entry_is_corrected_with_a_reason_in_the_log(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(date(2025, 9, 25))).case_id
    with pytest.raises(DeskError, match="理由"):
        desk.correct(office.clerk, case, "received_on", "2025-09-26", " ")
    with pytest.raises(PermissionDenied):
        desk.correct(office.registrar, case, "received_on", "2025-09-26", "登记时误录")
    fixed = desk.correct(office.clerk, case, "received_on", "2025-09-26", "登记时误录")
    assert fixed.received_on == date(2025, 9, 26) and fixed.clock.answer_due == date(2025, 10, 30)
    desk.answer(office.clerk, case, "denied.state_secret", on=date(2025, 10, 9))
    assert desk.correct(office.clerk, case, "outcome", "denied.process_info", "定性有误").outcome == "denied.process_info"
    entries = [e.detail for e in desk.audit_log(office.clerk, case_id=case) if e.action == "entry.corrected"]
    assert entries == [
        {"field": "received_on", "old": "2025-09-25", "new": "2025-09-26", "reason": "登记时误录"},
        {"field": "outcome", "old": "denied.state_secret", "new": "denied.process_info", "reason": "定性有误"},
    ]


def test_registration_refuses_a_future_date_and_bad_numbers(desk: Desk, office: Office) -> None:
    with pytest.raises(DeskError, match="晚于今天"):
        desk.register(office.clerk, application(date(2025, 3, 4)), today=date(2025, 3, 3))
    wrong = application(date(2025, 3, 3))
    wrong.id_number, wrong.phone = "110101199003071234", "1381234567"
    with pytest.raises(DeskError, match="身份证号码 110101199003071234 无效.*联系电话 1381234567 无效"):
        desk.register(office.clerk, wrong)
    company = application(date(2025, 3, 3), kind="business")
    company.id_number = "91110000600037341M"
    with pytest.raises(DeskError, match="统一社会信用代码"):
        desk.register(office.clerk, company)
    passport = application(date(2025, 3, 3))
    passport.id_number = "E12345678"  # other papers are taken as typed
    assert desk.register(office.clerk, passport).number == "2025-0001"


_BASE = st.from_regex(r"\A[1-6][0-9]{5}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z")


@given(_BASE, st.integers(0, 16), st.integers(1, 9))
def test_an_id_card_number_with_one_digit_changed_is_refused(base: str, place: int, shift: int) -> None:
    valid = next(base + c for c in "0123456789X" if id_card_ok(base + c))
    changed = valid[:place] + str((int(valid[place]) + shift) % 10) + valid[place + 1:]
    assert not id_card_ok(changed) or changed[6:14] != valid[6:14]


def test_the_shared_validators() -> None:
    assert id_card_ok("11010519491231002X") and id_card_ok("11010519491231002x") and not id_card_ok("11010519491231002Y")
    assert credit_code_ok("91110000600037341L") and not credit_code_ok("91110000600037341M")
    assert phone_ok("13812345678") and phone_ok("010-62345678") and phone_ok("+86 138 1234 5678")
    assert not phone_ok("12345") and not phone_ok("021-1234567") and not phone_ok("电话")
