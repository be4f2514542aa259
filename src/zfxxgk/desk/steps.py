"""The statutory steps of a request, each refusing what the law or the case's state does not allow.

补正 is one-time (第三十条) and stops the clock until the correction arrives, which restarts it; a correction
not made in time closes the case as 其他处理·1. 征求第三方意见 (第三十二条) and the wait for a fee pause the
clock; a fee not paid in time closes the case as 其他处理·2. 延期 needs an approver and adds at most 20
working days (第三十三条). The answer puts the case in exactly one outcome row of 表三. Every step is
written to the audit log with the case.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from . import audit
from .calendar import add_working_days, working_days_between
from .cases import get
from .clock import PERIODS, Periods, Step, answer_due, extension_days, open_step
from .errors import DeskError
from .roles import Actor
from .schema import CaseRow, StepRow
from .vocab import outcomes, term

# Outcomes that only a lapse produces: the answer cannot pick them.
LAPSE_OUTCOMES = {Step.CORRECTION: "other.no_correction", Step.FEE: "other.no_fee"}


def _open_case(session: Session, actor: Actor, case_id: int, action: str, on: date) -> CaseRow:
    case = get(session, actor, case_id, action)
    if case.outcome is not None:
        raise DeskError(f"案件 {case.number} 已于 {case.closed_on} 办结")
    if on < case.received_on:
        raise DeskError(f"{on} 早于收到申请之日 {case.received_on}")
    return case


def _waiting(case: CaseRow, kind: Step) -> StepRow:
    step = open_step(case)
    if step is None or step.kind != kind:
        raise DeskError(f"案件 {case.number} 没有待办的{kind.label}")
    return step


def _idle(case: CaseRow) -> None:
    step = open_step(case)
    if step is not None:
        raise DeskError(f"案件 {case.number} 正在等待{Step(step.kind).label}（{step.started_on} 起）")


def _add(
    session: Session, actor: Actor, case: CaseRow, kind: Step, on: date, flags: dict[str, object] | None = None, **fields: object
) -> StepRow:
    """A new step on the case, logged with its fields and any `flags` worth a reviewer's notice."""
    step = StepRow(kind=kind.value, started_on=on, actor=actor.name, **fields)
    case.steps.append(step)
    session.flush()
    audit.record(session, actor, kind.value, case.agency_id, case.id, on=on, **fields, **(flags or {}))
    return step


def _close(session: Session, actor: Actor, case: CaseRow, outcome: str, on: date, answer: str | None) -> None:
    if on < case.clock_start:
        raise DeskError(f"办结日期 {on} 早于计算期限的起点 {case.clock_start}")
    case.outcome, case.closed_on, case.answer = outcome, on, answer
    audit.record(session, actor, "close", case.agency_id, case.id, outcome=outcome, on=on)


def request_correction(
    session: Session, actor: Actor, case_id: int, on: date, note: str | None = None, periods: Periods = PERIODS
) -> StepRow:
    """The one-time 补正 notice; the applicant has `periods.correction` working days to answer it.

    A notice later than 7 working days after receipt (第三十条) is still recorded, flagged `late` in the log.
    """
    case = _open_case(session, actor, case_id, "correction.request", on)
    if any(s.kind == Step.CORRECTION for s in case.steps):
        raise DeskError("补正只能一次性告知（条例第三十条）")
    _idle(case)
    late = working_days_between(case.received_on, on) > periods.correction_notice
    due = add_working_days(on, periods.correction)
    return _add(session, actor, case, Step.CORRECTION, on, {"late": True} if late else None, due_on=due, note=note)


def receive_correction(session: Session, actor: Actor, case_id: int, on: date, note: str | None = None) -> None:
    """The correction arrived: the answer period starts again from this day."""
    case = _open_case(session, actor, case_id, "correction.receive", on)
    step = _waiting(case, Step.CORRECTION)
    if on < step.started_on:
        raise DeskError(f"补正日期 {on} 早于补正告知日期 {step.started_on}")
    step.ended_on, case.clock_start = on, on
    if note:
        step.note = note
    audit.record(session, actor, "correction.received", case.agency_id, case.id, on=on)


def _lapse(session: Session, actor: Actor, case_id: int, kind: Step, action: str, on: date) -> None:
    case = _open_case(session, actor, case_id, action, on)
    step = _waiting(case, kind)
    if step.due_on is not None and on <= step.due_on:
        raise DeskError(f"{kind.label}期限到 {step.due_on} 才届满")
    _close(session, actor, case, LAPSE_OUTCOMES[kind], on, None)


def lapse_correction(session: Session, actor: Actor, case_id: int, on: date) -> None:
    """No correction in time: the request is no longer processed (其他处理·1)."""
    _lapse(session, actor, case_id, Step.CORRECTION, "correction.lapse", on)


def start_consultation(
    session: Session, actor: Actor, case_id: int, on: date, note: str | None = None, periods: Periods = PERIODS
) -> StepRow:
    """征求第三方意见: the third party has 15 working days; the wait does not count."""
    case = _open_case(session, actor, case_id, "consult", on)
    _idle(case)
    return _add(session, actor, case, Step.CONSULTATION, on, due_on=add_working_days(on, periods.third_party), note=note)


def end_consultation(session: Session, actor: Actor, case_id: int, on: date, note: str | None = None) -> None:
    """The opinion arrived (or the agency decides without it once the 15 days are over)."""
    case = _open_case(session, actor, case_id, "consult", on)
    step = _waiting(case, Step.CONSULTATION)
    step.ended_on = on
    if note:
        step.note = note
    audit.record(session, actor, "consultation.ended", case.agency_id, case.id, on=on)


def extend(
    session: Session, actor: Actor, case_id: int, on: date, days: int, note: str | None = None, periods: Periods = PERIODS
) -> StepRow:
    """An approver's 延期: before the limit ends, at most `periods.extension` working days in all."""
    case = _open_case(session, actor, case_id, "extend", on)
    waiting = open_step(case)
    if waiting is not None and waiting.kind == Step.CORRECTION:
        raise DeskError("等待补正期间不计算答复期限，无需延期")
    if days < 1 or extension_days(case) + days > periods.extension:
        raise DeskError(f"延期不得超过{periods.extension}个工作日（已延期{extension_days(case)}个）")
    if on > (due := answer_due(case, periods)):
        raise DeskError(f"答复期限已于 {due} 届满，不能再延期")
    return _add(session, actor, case, Step.EXTENSION, on, days=days, note=note)


def notify_fee(
    session: Session, actor: Actor, case_id: int, on: date, amount: float, note: str | None = None, periods: Periods = PERIODS
) -> StepRow:
    """收费通知: the applicant has 20 working days to pay; the wait does not count."""
    case = _open_case(session, actor, case_id, "fee", on)
    _idle(case)
    if amount <= 0:
        raise DeskError("收费金额应大于 0")
    return _add(session, actor, case, Step.FEE, on, due_on=add_working_days(on, periods.fee), amount=amount, note=note)


def fee_paid(session: Session, actor: Actor, case_id: int, on: date) -> None:
    case = _open_case(session, actor, case_id, "fee", on)
    step = _waiting(case, Step.FEE)
    step.ended_on = on
    audit.record(session, actor, "fee.paid", case.agency_id, case.id, on=on)


def lapse_fee(session: Session, actor: Actor, case_id: int, on: date) -> None:
    """The fee was not paid in time: the request is no longer processed (其他处理·2)."""
    _lapse(session, actor, case_id, Step.FEE, "fee", on)


def answer(session: Session, actor: Actor, case_id: int, on: date, outcome: str, text: str | None = None) -> None:
    """The answer, classified into one outcome row of 表三 (部分公开 for any mix of disclosed and withheld).

    A pending consultation ends with the answer; a case awaiting a correction or a fee cannot be answered
    (close it by the lapse instead), and 补正后申请内容仍不明确 needs a correction that arrived.
    """
    case = _open_case(session, actor, case_id, "answer", on)
    chosen = term(outcomes(), outcome)
    if chosen.id in LAPSE_OUTCOMES.values():
        raise DeskError(f"“{chosen.full_label}”由逾期处理产生，不能直接答复")
    waiting = open_step(case)
    if waiting is not None and waiting.kind != Step.CONSULTATION:
        raise DeskError(f"案件正在等待{Step(waiting.kind).label}")
    if chosen.id == "unavailable.unclear" and not any(
        s.kind == Step.CORRECTION and s.ended_on is not None for s in case.steps
    ):
        raise DeskError("“补正后申请内容仍不明确”须先经补正")
    if waiting is not None:
        waiting.ended_on = on
    _close(session, actor, case, chosen.id, on, text)
