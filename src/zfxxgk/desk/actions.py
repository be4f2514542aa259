"""The steps a case offers, by name: what the CLI's `desk step` and the web desk's buttons both take.

Each action says who may take it (a permission of `roles.PERMISSIONS`), in which states of the case it
makes sense — so an interface shows only the buttons that can work — and which function of `steps`
takes it; the law's own refusals (a second 补正, an extension past 20 days) stay in `steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from . import steps
from .cases import CaseView
from .clock import Status, Step
from .roles import Actor


@dataclass(frozen=True, slots=True)
class StepInput:
    """What a step may take besides the case: its date, and the days, amount or note some need."""

    on: date
    days: int | None = None
    amount: float | None = None
    note: str | None = None


Run = Callable[[Session, Actor, int, StepInput], object]


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    label: str
    permission: str
    statuses: frozenset[Status]
    run: Run
    needs: str | None = None  # an extra field the action takes: "days" or "amount"


_OPEN = frozenset({Status.PROCESSING})
ACTIONS = (
    Action("correction-request", "告知补正", "correction.request", _OPEN,
           lambda s, a, c, i: steps.request_correction(s, a, c, i.on, i.note)),
    Action("correction-received", "收到补正", "correction.receive", frozenset({Status.AWAITING_CORRECTION}),
           lambda s, a, c, i: steps.receive_correction(s, a, c, i.on, i.note)),
    Action("correction-lapse", "逾期未补正，不再处理", "correction.lapse", frozenset({Status.AWAITING_CORRECTION}),
           lambda s, a, c, i: steps.lapse_correction(s, a, c, i.on)),
    Action("consult", "征求第三方意见", "consult", _OPEN,
           lambda s, a, c, i: steps.start_consultation(s, a, c, i.on, i.note)),
    Action("consulted", "第三方意见已收到", "consult", frozenset({Status.CONSULTING}),
           lambda s, a, c, i: steps.end_consultation(s, a, c, i.on, i.note)),
    Action("extend", "批准延期答复", "extend", frozenset({Status.PROCESSING, Status.CONSULTING}),
           lambda s, a, c, i: steps.extend(s, a, c, i.on, i.days or 0, i.note), needs="days"),
    Action("fee", "发出收费通知", "fee", _OPEN,
           lambda s, a, c, i: steps.notify_fee(s, a, c, i.on, i.amount or 0.0, i.note), needs="amount"),
    Action("fee-paid", "已缴纳信息处理费", "fee", frozenset({Status.AWAITING_FEE}),
           lambda s, a, c, i: steps.fee_paid(s, a, c, i.on)),
    Action("fee-lapse", "逾期未缴费，不再处理", "fee", frozenset({Status.AWAITING_FEE}),
           lambda s, a, c, i: steps.lapse_fee(s, a, c, i.on)),
)
BY_ID = {a.id: a for a in ACTIONS}


def available(case: CaseView, actor: Actor) -> list[Action]:
    """The actions this actor can take on the case as it stands (a 补正 only if none was sent)."""
    corrected = any(s.kind == Step.CORRECTION for s in case.steps)
    return [
        a
        for a in ACTIONS
        if case.status in a.statuses
        and actor.may(a.permission, case.agency_id)
        and not (a.id == "correction-request" and corrected)
    ]
