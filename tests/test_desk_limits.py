"""Time limits that stay honest, around 春节 and 国庆 2025: a late answer is flagged everywhere and counted;
a fee notice, a consultation or an extension after the limit is refused (or, forced with a reason, recorded,
flagged, and the case stays overdue); a late 补正 notice warns at the step; periods that run from the other
side's receipt of a mailed notice run from the delivery day, and a lapse before then is refused.

春节 2025: 28 January – 4 February off, Sunday 26 January and Saturday 8 February worked.
国庆 2025: 1 – 8 October off, Sunday 28 September and Saturday 11 October worked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from desk_support import PROVIDED, Office, application, desk_fixture, office_fixture  # noqa: F401 (fixtures)

from zfxxgk.desk import Desk, DeskError, Status

SPRING = date(2025, 1, 20)  # limit 21 February: 春节 skipped, 26 January and 8 February counted
AUTUMN = date(2025, 9, 26)  # limit 30 October: 国庆 skipped, 28 September and 11 October counted
FORCED = "领导批示须征求意见"


def test_limits_around_the_holidays(desk: Desk, office: Office) -> None:
    spring = desk.register(office.clerk, application(SPRING))
    autumn = desk.register(office.clerk, application(AUTUMN))
    assert (spring.answer_due, autumn.answer_due) == (date(2025, 2, 21), date(2025, 10, 30))


def test_a_late_answer_is_flagged_everywhere_and_counted(desk: Desk, office: Office, tmp_path: Path) -> None:
    case = desk.register(office.clerk, application(SPRING)).case_id
    on_time = desk.register(office.clerk, application(AUTUMN)).case_id
    late = desk.answer(office.clerk, case, "granted", on=date(2025, 2, 24), detail=PROVIDED)
    desk.answer(office.clerk, on_time, "granted", on=date(2025, 10, 30), detail=PROVIDED)
    assert late.late and late.flags == ("逾期答复：期限 2025-02-21，答复于 2025-02-24",)
    assert [c.late for c in desk.cases(office.clerk)] == [False, True]
    desk.export_cases(office.clerk, tmp_path / "cases.csv")
    rows = (tmp_path / "cases.csv").read_text("utf-8-sig").splitlines()
    assert rows[0].split(",")[-2:] == ["逾期答复", "注意"] and rows[2].split(",")[-2] == "是"
    report = desk.annual_report(office.clerk, 2025)
    assert "本年度作出的答复中，其中1件未在法定期限内答复。" in report.narrative["requests"]


@pytest.mark.parametrize("step", ["fee", "consult", "extend"])
def test_steps_after_the_limit_are_refused_unless_forced_and_never_move_it(desk: Desk, office: Office, step: str) -> None:
    case = desk.register(office.clerk, application(AUTUMN)).case_id
    after = date(2025, 10, 31)
    take = {
        "fee": lambda force: desk.notify_fee(office.clerk, case, "按量计收", 45, "银行转账", after, force=force),
        "consult": lambda force: desk.start_consultation(office.clerk, case, after, party="某公司", force=force),
        "extend": lambda force: desk.extend(office.approver, case, 10, after, "需调取档案", force=force),
    }[step]
    with pytest.raises(DeskError, match="答复期限已于 2025-10-30 届满.*--force"):
        take(None)
    forced = take(FORCED)
    assert forced.clock.answer_due == date(2025, 10, 30)
    assert any("期限届满后办理" in f and FORCED in f for f in forced.flags)
    assert [c.id for c in desk.due(office.clerk, today=date(2025, 11, 3)).overdue] == [case]
    audit = [e for e in desk.audit_log(office.clerk, case_id=case) if e.action in ("fee", "consultation", "extension")]
    assert audit[0].detail["late"] is True and audit[0].detail["reason"] == FORCED


def test_a_late_correction_notice_warns_at_the_step(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(SPRING)).case_id
    in_time = desk.request_correction(office.clerk, case, date(2025, 2, 5))  # the 7th working day, 春节 skipped
    assert in_time.flags == ()
    other = desk.register(office.clerk, application(SPRING)).case_id
    late = desk.request_correction(office.clerk, other, date(2025, 2, 6))
    assert late.flags == ("补正告知晚于收到申请后7个工作日（条例第三十条）：2025-02-06",)


def test_periods_run_from_the_delivery_of_a_mailed_notice(desk: Desk, office: Office) -> None:
    case = desk.register(office.clerk, application(AUTUMN)).case_id
    mailed = desk.start_consultation(office.clerk, case, date(2025, 9, 29), party="某公司")
    assert mailed.clock.next_due == date(2025, 10, 27)  # counted from the notice while delivery is unknown
    delivered = desk.take_step(office.clerk, case, "delivered", date(2025, 10, 9))
    assert delivered.clock.next_due == date(2025, 10, 29) and delivered.steps[0].delivered_on == date(2025, 10, 9)
    fee_case = desk.register(office.clerk, application(AUTUMN)).case_id
    fee = desk.notify_fee(office.clerk, fee_case, "按量计收", 45, "银行转账", date(2025, 9, 29), delivered=date(2025, 10, 9))
    assert fee.clock.next_due == date(2025, 11, 5)
    with pytest.raises(DeskError, match="才届满"):
        desk.lapse_fee(office.clerk, fee_case, date(2025, 11, 5))
    assert desk.lapse_fee(office.clerk, fee_case, date(2025, 11, 6)).outcome == "other.no_fee"
    corrected = desk.register(office.clerk, application(SPRING)).case_id
    notice = desk.request_correction(office.clerk, corrected, date(2025, 1, 22), delivered=date(2025, 2, 5))
    assert notice.status is Status.AWAITING_CORRECTION and notice.clock.next_due == date(2025, 2, 25)
    with pytest.raises(DeskError, match="才届满"):
        desk.lapse_correction(office.clerk, corrected, date(2025, 2, 20))
