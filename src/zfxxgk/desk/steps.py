"""The statutory steps of a request, each refusing what the law or the case's state does not allow.

补正 is one-time (第三十条) and stops the clock until the correction arrives, which restarts it; a correction
not made in time closes the case as 其他处理·1. 征求第三方意见 (第三十二条) and the wait for a fee pause the
clock; a fee not paid in time closes the case as 其他处理·2. 延期 needs an approver and adds at most 20
working days (第三十三条). 第三十五条 lets the agency ask for the reasons of an excessive request and fix a
later limit. The applicant may withdraw. The answer puts the case in exactly one outcome row of 表三.

Periods that run from the other side's receipt of a notice (补正, 征求意见, 收费) run from the delivery day
when the notice was mailed, recorded with the step or later (`deliver`). Once the answer limit has passed,
a fee notice, a consultation or an extension is refused: the applicant is owed an answer, not a new wait.
With `force` (the reason) it is recorded, flagged, and it does not move the limit. Every step is written
to the audit log with the case; the reply to a notice is kept apart from the notice's own note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from . import audit, fees, letters
from .calendar import add_working_days
from .cases import get
from .clock import PERIODS, Periods, Step, answer_due, extension_days, open_step
from .errors import DeskError
from .roles import Actor
from .schema import CaseRow, StepRow
from .vocab import outcomes, term

# Outcomes that only a lapse produces: the answer cannot pick them.
LAPSE_OUTCOMES = {Step.CORRECTION: "other.no_correction", Step.FEE: "other.no_fee"}
WITHDRAWN = "other.other"  # 表三 counts a withdrawn request under 其他处理·其他


@dataclass(frozen=True, slots=True)
class StepInput:
    """What a step may take besides the case: its date, and what some steps need.

    `delivered` is the day the other side received a mailed notice; `force` the reason for a step taken
    after the answer limit; `detail` step-specific facts (`party`, `basis`, `quantity`, `pay_how`).
    """

    on: date
    days: int | None = None
    amount: float | None = None
    note: str | None = None
    delivered: date | None = None
    force: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


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


def _in_time(case: CaseRow, kind: Step, step: StepInput, periods: Periods) -> dict[str, Any]:
    """Nothing when the answer limit has not passed; else the flags of a forced step, or a refusal."""
    due = answer_due(case, periods)
    if step.on <= due:
        return {}
    if not (step.force or "").strip():
        what = "发出收费通知" if kind == Step.FEE else kind.label
        raise DeskError(f"答复期限已于 {due} 届满，不能再{what}；确需办理的，请用 --force 写明理由")
    return {"late": True, "reason": step.force.strip(), "limit": due.isoformat()}


def _add(
    session: Session, actor: Actor, case: CaseRow, kind: Step, on: date, detail: Mapping[str, Any] | None = None, **fields: Any
) -> StepRow:
    """A new step on the case, logged with its fields and details (a late step's flag among them)."""
    step = StepRow(kind=kind.value, started_on=on, actor=actor.name, detail=dict(detail) if detail else None, **fields)
    case.steps.append(step)
    session.flush()
    audit.record(session, actor, kind.value, case.agency_id, case.id, on=on, **fields, **(detail or {}))
    return step


def _close(
    session: Session, actor: Actor, case: CaseRow, outcome: str, on: date, answer: str | None, detail: Mapping[str, Any] | None = None
) -> None:
    if on < case.clock_start:
        raise DeskError(f"办结日期 {on} 早于计算期限的起点 {case.clock_start}")
    case.outcome, case.closed_on, case.answer = outcome, on, answer
    case.detail = dict(detail) if detail else None
    audit.record(session, actor, "close", case.agency_id, case.id, outcome=outcome, on=on, **(detail or {}))


def _notice_due(step: StepInput, period: int) -> date:
    """The other side's period runs from the day after it received the notice (the notice day if handed over)."""
    if step.delivered is not None and step.delivered < step.on:
        raise DeskError(f"送达日期 {step.delivered} 早于发出日期 {step.on}")
    return add_working_days(step.delivered or step.on, period)


def request_correction(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """The one-time 补正 notice; the applicant has `periods.correction` working days from receiving it.

    A notice later than 7 working days after receipt (第三十条) is still recorded; the case shows the warning.
    """
    case = _open_case(session, actor, case_id, "correction.request", step.on)
    if any(s.kind == Step.CORRECTION for s in case.steps):
        raise DeskError("补正只能一次性告知（条例第三十条）")
    _idle(case)
    late = letters.correction_late(case.received_on, step.on, periods)
    return _add(
        session, actor, case, Step.CORRECTION, step.on, {"late_notice": True} if late else None,
        due_on=_notice_due(step, periods.correction), delivered_on=step.delivered, note=step.note,
    )


def receive_correction(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    """The correction arrived: the answer period starts again from this day."""
    case = _open_case(session, actor, case_id, "correction.receive", step.on)
    waiting = _waiting(case, Step.CORRECTION)
    if step.on < waiting.started_on:
        raise DeskError(f"补正日期 {step.on} 早于补正告知日期 {waiting.started_on}")
    waiting.ended_on, case.clock_start = step.on, step.on
    waiting.reply = step.note or waiting.reply
    audit.record(session, actor, "correction.received", case.agency_id, case.id, on=step.on, reply=step.note)


_PERIOD = {Step.CORRECTION: "correction", Step.CONSULTATION: "third_party", Step.FEE: "fee"}


def deliver(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> None:
    """A mailed notice reached the applicant or third party on `step.on`: its period runs from then."""
    case = get(session, actor, case_id, "view")
    waiting = open_step(case)
    if case.outcome is not None or waiting is None:
        raise DeskError(f"案件 {case.number} 没有待送达的告知")
    kind = Step(waiting.kind)
    actor.require({Step.CORRECTION: "correction.request", Step.CONSULTATION: "consult", Step.FEE: "fee"}[kind], case.agency_id)
    if step.on < waiting.started_on:
        raise DeskError(f"送达日期 {step.on} 早于发出日期 {waiting.started_on}")
    waiting.delivered_on = step.on
    waiting.due_on = add_working_days(step.on, getattr(periods, _PERIOD[kind]))
    audit.record(session, actor, "delivered", case.agency_id, case.id, step=kind.value, on=step.on, due_on=waiting.due_on)


def _lapse(session: Session, actor: Actor, case_id: int, kind: Step, action: str, on: date) -> None:
    case = _open_case(session, actor, case_id, action, on)
    waiting = _waiting(case, kind)
    if waiting.due_on is not None and on <= waiting.due_on:
        raise DeskError(f"{kind.label}期限到 {waiting.due_on} 才届满，不能提前按逾期处理")
    _close(session, actor, case, LAPSE_OUTCOMES[kind], on, None)


def lapse_correction(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    """No correction in time: the request is no longer processed (其他处理·1)."""
    _lapse(session, actor, case_id, Step.CORRECTION, "correction.lapse", step.on)


def start_consultation(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """征求第三方意见: the third party has 15 working days from receiving the letter; the wait does not count."""
    case = _open_case(session, actor, case_id, "consult", step.on)
    _idle(case)
    flags = _in_time(case, Step.CONSULTATION, step, periods)
    party = str(step.detail.get("party") or "").strip()
    detail = {**flags, **({"party": party} if party else {})}
    return _add(
        session, actor, case, Step.CONSULTATION, step.on, detail,
        due_on=_notice_due(step, periods.third_party), delivered_on=step.delivered, note=step.note,
    )


def end_consultation(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    """The opinion arrived (or the agency decides without it once the 15 days are over)."""
    case = _open_case(session, actor, case_id, "consult", step.on)
    waiting = _waiting(case, Step.CONSULTATION)
    waiting.ended_on = step.on
    waiting.reply = step.note or waiting.reply
    audit.record(session, actor, "consultation.ended", case.agency_id, case.id, on=step.on, reply=step.note)


def extend(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """An approver's 延期: before the limit ends, at most `periods.extension` working days in all."""
    case = _open_case(session, actor, case_id, "extend", step.on)
    waiting = open_step(case)
    if waiting is not None and waiting.kind == Step.CORRECTION:
        raise DeskError("等待补正期间不计算答复期限，无需延期")
    days = step.days or 0
    if days < 1 or extension_days(case) + days > periods.extension:
        raise DeskError(f"延期不得超过{periods.extension}个工作日（已延期{extension_days(case)}个）")
    flags = _in_time(case, Step.EXTENSION, step, periods)
    return _add(session, actor, case, Step.EXTENSION, step.on, flags, days=days, note=step.note)


def notify_fee(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """收费通知: the amount follows from the standard and quantity; 20 working days to pay, not counted."""
    case = _open_case(session, actor, case_id, "fee", step.on)
    _idle(case)
    basis, quantity = step.detail.get("basis"), step.detail.get("quantity")
    pay_how = str(step.detail.get("pay_how") or "").strip()
    if not basis or not quantity or not pay_how:
        raise DeskError("收费通知须写明收费标准（按件或按量）、数量和缴费方式")
    fee = fees.compute(str(basis), int(quantity))
    if fee.amount <= 0:
        raise DeskError(f"按{fee.calculation}，不应收费")
    if step.amount is not None and abs(step.amount - fee.amount) > 0.005:
        raise DeskError(f"金额 {step.amount:.2f} 元与收费标准计算的 {fee.amount:.2f} 元不符")
    flags = _in_time(case, Step.FEE, step, periods)
    detail = {**flags, "basis": fee.basis, "quantity": fee.quantity, "pay_how": pay_how}
    return _add(
        session, actor, case, Step.FEE, step.on, detail, due_on=_notice_due(step, periods.fee),
        delivered_on=step.delivered, amount=fee.amount, note=step.note,
    )


def fee_paid(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    case = _open_case(session, actor, case_id, "fee", step.on)
    waiting = _waiting(case, Step.FEE)
    waiting.ended_on = step.on
    audit.record(session, actor, "fee.paid", case.agency_id, case.id, on=step.on)


def lapse_fee(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    """The fee was not paid in time: the request is no longer processed (其他处理·2)."""
    _lapse(session, actor, case_id, Step.FEE, "fee", step.on)


def ask_reason(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """第三十五条: the request's number or frequency clearly exceeds a reasonable range; ask for the reasons."""
    case = _open_case(session, actor, case_id, "answer", step.on)
    return _add(session, actor, case, Step.REASON, step.on, _in_time(case, Step.REASON, step, periods), note=step.note)


def defer(session: Session, actor: Actor, case_id: int, step: StepInput, periods: Periods = PERIODS) -> StepRow:
    """第三十五条: the reasons are sound but the limit cannot be kept; a reasonable later limit is fixed."""
    case = _open_case(session, actor, case_id, "extend", step.on)
    if not any(s.kind == Step.REASON for s in case.steps):
        raise DeskError("延迟答复须先要求申请人说明理由（条例第三十五条）")
    if not step.days or step.days < 1:
        raise DeskError("请写明延迟答复的工作日数")
    flags = _in_time(case, Step.DEFERRAL, step, periods)
    return _add(session, actor, case, Step.DEFERRAL, step.on, flags, days=step.days, note=step.note)


def withdraw(session: Session, actor: Actor, case_id: int, step: StepInput) -> None:
    """The applicant withdrew the request: the case closes (表三 其他处理·其他), any wait ends."""
    case = _open_case(session, actor, case_id, "correction.receive", step.on)
    waiting = open_step(case)
    if waiting is not None:  # the wait ends, but nothing arrived: no correction, no opinion, no payment
        waiting.ended_on = step.on
        waiting.detail = {**(waiting.detail or {}), "ended_by": "withdrawal"}
    _add(session, actor, case, Step.WITHDRAWAL, step.on, note=step.note)
    _close(session, actor, case, WITHDRAWN, max(step.on, case.clock_start), step.note or "申请人撤回申请")


def answer(
    session: Session,
    actor: Actor,
    case_id: int,
    on: date,
    outcome: str,
    text: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """The answer, classified into one outcome row of 表三 (部分公开 for any mix of disclosed and withheld).

    A pending consultation ends with the answer; a case awaiting a correction or a fee cannot be answered
    (close it by the lapse instead), and 补正后申请内容仍不明确 needs a correction that arrived. The facts
    the outcome's letter states (how, where and when information is provided, …) must be given. Requests
    merged into this one (合并办理) close with it.
    """
    case = _open_case(session, actor, case_id, "answer", on)
    chosen = term(outcomes(), outcome)
    if chosen.id in LAPSE_OUTCOMES.values():
        raise DeskError(f"“{chosen.full_label}”由逾期处理产生，不能直接答复")
    if case.merged_into_id is not None:
        raise DeskError(f"案件 {case.number} 已合并办理，随所并入的申请一并答复")
    waiting = open_step(case)
    if waiting is not None and waiting.kind != Step.CONSULTATION:
        raise DeskError(f"案件正在等待{Step(waiting.kind).label}")
    if chosen.id == "unavailable.unclear" and not any(
        s.kind == Step.CORRECTION and s.ended_on is not None for s in case.steps
    ):
        raise DeskError("“补正后申请内容仍不明确”须先经补正")
    facts = {k: v for k, v in (detail or {}).items() if v not in (None, "")}
    if facts.get("on_the_spot") and on != case.received_on:
        raise DeskError("当场答复须在收到申请之日作出")
    if missing := letters.missing_facts(case, chosen.id, facts):
        raise DeskError(f"“{chosen.full_label}”的答复须写明：{'、'.join(missing)}")
    if chosen.id == "not_processed.duplicate":
        _check_earlier(session, case, str(facts["earlier"]))
    if waiting is not None:
        waiting.ended_on = on
    _close(session, actor, case, chosen.id, on, text, facts)
    for merged in session.query(CaseRow).filter(CaseRow.merged_into_id == case.id, CaseRow.outcome.is_(None)):
        _close(session, actor, merged, chosen.id, max(on, merged.clock_start), text, {**facts, "merged_into": case.number})


def _check_earlier(session: Session, case: CaseRow, number: str) -> None:
    earlier = session.query(CaseRow).filter(CaseRow.agency_id == case.agency_id, CaseRow.number == number).one_or_none()
    if earlier is None or earlier.id == case.id or earlier.outcome is None:
        raise DeskError(f"重复申请须指明本机关已答复的前次申请（{number} 不是）")
