"""Putting a mistaken entry right, and merging a duplicate request into the one it repeats.

An officer who typed a wrong date or chose the wrong outcome needs a way back that leaves a trace: the
entry is changed with a reason, and the audit log keeps the old value, the new one and the reason. The
time limits and the annual tables follow from the corrected entry, as they follow from every entry.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from . import audit
from .calendar import add_working_days
from .cases import get
from .clock import PERIODS, Step
from .errors import DeskError
from .roles import Actor
from .schema import CaseRow, StepRow
from .vocab import outcomes, term

# field → what it is called; step fields need the step's place in the case (1 = first step).
FIELDS = {
    "received_on": "收到申请之日",
    "closed_on": "答复日期",
    "outcome": "办理结果",
    "started_on": "步骤日期",
    "ended_on": "步骤完成日期",
    "delivered_on": "送达日期",
}
_STEP_FIELDS = ("started_on", "ended_on", "delivered_on")
_PERIOD = {Step.CORRECTION: PERIODS.correction, Step.CONSULTATION: PERIODS.third_party, Step.FEE: PERIODS.fee}


def _step(case: CaseRow, place: int | None) -> StepRow:
    if place is None or not 1 <= place <= len(case.steps):
        raise DeskError(f"请用 --step 指明案件 {case.number} 的第几个步骤（共 {len(case.steps)} 个）")
    return case.steps[place - 1]


def _set_step(step: StepRow, field: str, value: date) -> None:
    setattr(step, field, value)
    if field != "ended_on" and step.kind in _PERIOD:
        step.due_on = add_working_days(step.delivered_on or step.started_on, _PERIOD[Step(step.kind)])


def _set_case(case: CaseRow, field: str, text: str) -> object:
    if field == "outcome":
        if case.outcome is None:
            raise DeskError(f"案件 {case.number} 尚未办结，没有办理结果可更正")
        case.outcome = term(outcomes(), text).id
        return case.outcome
    value = date.fromisoformat(text)
    if field == "closed_on":
        if case.closed_on is None or value < case.clock_start:
            raise DeskError(f"答复日期 {value} 不可用（案件未办结，或早于计算期限的起点 {case.clock_start}）")
        case.closed_on = value
    else:
        restarted = case.clock_start != case.received_on
        case.received_on = value
        if not restarted:
            case.clock_start = value
    return value


def correct(session: Session, actor: Actor, case_id: int, field: str, text: str, reason: str, place: int | None = None) -> CaseRow:
    """Change one entry of a case (or of its `place`-th step) to `text`, recording why."""
    case = get(session, actor, case_id, "correct")
    if field not in FIELDS:
        raise DeskError(f"不能更正“{field}”（可更正：{'、'.join(FIELDS)}）")
    if not reason.strip():
        raise DeskError("更正须说明理由")
    try:
        if field in _STEP_FIELDS:
            step = _step(case, place)
            old: object = getattr(step, field)
            new: object = date.fromisoformat(text)
            _set_step(step, field, new)  # type: ignore[arg-type]
        else:
            old = getattr(case, field)
            new = _set_case(case, field, text)
    except ValueError as exc:
        raise DeskError(f"{FIELDS[field]}：{text} 无效（{exc}）") from exc
    audit.record(
        session, actor, "entry.corrected", case.agency_id, case.id,
        field=field, step=place, old=old.isoformat() if isinstance(old, date) else old,
        new=new.isoformat() if isinstance(new, date) else new, reason=reason.strip(),
    )
    return case


def merge(session: Session, actor: Actor, case_id: int, into: int) -> CaseRow:
    """合并办理: the duplicate (`case_id`) is answered with `into` — both open, same agency."""
    case = get(session, actor, case_id, "answer")
    target = get(session, actor, into, "answer")
    if case.id == target.id or case.agency_id != target.agency_id:
        raise DeskError("只能合并本机关的另一件申请")
    if case.outcome is not None or target.outcome is not None:
        raise DeskError("合并办理的两件申请都须尚未办结")
    if target.merged_into_id is not None:
        raise DeskError(f"案件 {target.number} 本身已合并至其他申请")
    case.merged_into_id = target.id
    audit.record(session, actor, "merged", case.agency_id, case.id, into=target.number)
    return case
