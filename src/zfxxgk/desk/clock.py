"""Where a case stands and when its next time limit ends, computed from its steps.

The answer is due 20 working days after the clock starts (条例 第三十三条): the day the request was
received, or the day a correction arrived (第三十条). An approved extension adds at most 20 more; the days
spent waiting for a third party's opinion (at most its 15 working days, 第三十二条) or for a fee to be paid
do not count. While a step waits for the applicant or a third party, the step's own limit is the one to
watch; the answer limit is then estimated as if the wait lasted its full period.

A step taken after the limit had passed (recorded only with `--force` and a reason) never moves the limit:
a case stays overdue until it is answered, and an answer after the limit is `late` for good.
A 第三十五条 deferral (延迟答复) sets the reasonable period the agency fixed, on top of the 20 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from .calendar import Pause, add_working_days, covered
from .schema import CaseRow, StepRow


@dataclass(frozen=True, slots=True)
class Periods:
    """The statutory periods in working days; `correction` is the agency's own 合理的补正期限."""

    answer: int = 20
    extension: int = 20
    correction_notice: int = 7
    correction: int = 15
    third_party: int = 15
    fee: int = 20


PERIODS = Periods()


class Step(str, Enum):
    CORRECTION = "correction"
    CONSULTATION = "consultation"
    EXTENSION = "extension"
    FEE = "fee"
    REASON = "reason"  # 第三十五条: the applicant is asked to explain the request
    DEFERRAL = "deferral"  # 第三十五条: a reasonable later time limit fixed and notified
    WITHDRAWAL = "withdrawal"  # the applicant withdrew the request

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.CORRECTION: "补正",
    Step.CONSULTATION: "征求第三方意见",
    Step.EXTENSION: "延期答复",
    Step.FEE: "信息处理费",
    Step.REASON: "要求说明理由",
    Step.DEFERRAL: "延迟答复",
    Step.WITHDRAWAL: "撤回申请",
}


class Status(str, Enum):
    PROCESSING = "processing"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.PROCESSING: "办理中",
    Status.AWAITING_CORRECTION: "待申请人补正",
    Status.CONSULTING: "征求第三方意见中",
    Status.AWAITING_FEE: "待缴纳信息处理费",
    Status.CLOSED: "已办结",
}
_WAITING = {Step.CORRECTION: Status.AWAITING_CORRECTION, Step.CONSULTATION: Status.CONSULTING, Step.FEE: Status.AWAITING_FEE}
_DUE_WHAT = {Step.CORRECTION: "补正期限", Step.CONSULTATION: "第三方意见期限", Step.FEE: "缴费期限"}
_PAUSING = (Step.CONSULTATION, Step.FEE)
# Outcomes that end a case without an answer being due: a lapse of the applicant's period.
NOT_ANSWERS = frozenset({"other.no_correction", "other.no_fee"})


@dataclass(frozen=True, slots=True)
class Clock:
    """A case's state at a glance: status, the answer limit, and the next limit with what it is for."""

    status: Status
    answer_due: date | None
    next_due: date | None
    next_what: str | None
    provisional: bool  # a limit falls in a year whose holiday notice is not yet known
    late: bool = False  # answered after the limit

    def overdue(self, today: date) -> bool:
        """Whether an open case's limit has passed: the step's, or the answer's while a late step waits."""
        if self.status is Status.CLOSED:
            return False
        limits = [d for d in (self.next_due, self.answer_due) if d is not None]
        return bool(limits) and min(limits) < today


def open_step(case: CaseRow) -> StepRow | None:
    """The step that waits for someone outside the agency (at most one at a time)."""
    return next((s for s in case.steps if s.kind in _WAITING and s.ended_on is None), None)


def in_time(step: StepRow) -> bool:
    """False for a step recorded after the limit with `--force`: it does not move the limit."""
    return not (step.detail or {}).get("late")


def extension_days(case: CaseRow) -> int:
    return sum(s.days or 0 for s in case.steps if s.kind == Step.EXTENSION and in_time(s))


def _deferral_days(case: CaseRow) -> int:
    return sum(s.days or 0 for s in case.steps if s.kind == Step.DEFERRAL and in_time(s))


def _pause(step: StepRow, due: date) -> Pause:
    """The days a step stopped the clock: until its end, and at most until its own limit."""
    return Pause(step.started_on, min(step.ended_on, due) if step.ended_on else due)


def answer_due(case: CaseRow, periods: Periods = PERIODS) -> date:
    """The last day to answer, with the extension granted and every paused day added back."""
    pauses = [_pause(s, s.due_on) for s in case.steps if s.kind in _PAUSING and s.due_on is not None and in_time(s)]
    return add_working_days(case.clock_start, periods.answer + extension_days(case) + _deferral_days(case), pauses)


def answered_late(case: CaseRow, periods: Periods = PERIODS) -> bool:
    """An answer (not a lapse, not a withdrawal) given after its limit."""
    if case.closed_on is None or case.outcome in NOT_ANSWERS or any(s.kind == Step.WITHDRAWAL for s in case.steps):
        return False
    return case.closed_on > answer_due(case, periods)


def clock(case: CaseRow, periods: Periods = PERIODS) -> Clock:
    if case.outcome is not None:
        return Clock(Status.CLOSED, None, None, None, False, answered_late(case, periods))
    waiting = open_step(case)
    if waiting is not None and waiting.kind == Step.CORRECTION:
        due = waiting.due_on
        return Clock(Status.AWAITING_CORRECTION, None, due, _DUE_WHAT[Step.CORRECTION], not covered(due or case.clock_start))
    answer = answer_due(case, periods)
    if waiting is None:
        return Clock(Status.PROCESSING, answer, answer, "答复期限", not covered(answer))
    kind = Step(waiting.kind)
    return Clock(_WAITING[kind], answer, waiting.due_on, _DUE_WHAT[kind], not covered(answer))
