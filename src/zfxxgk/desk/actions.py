"""The steps a case offers, by name: what the CLI's `desk step` and the web desk's buttons both take.

Each action says who may take it (a permission of `roles.PERMISSIONS`), in which states of the case it
makes sense — so an interface shows only the buttons that can work — and which function of `steps`
takes it; the law's own refusals (a second 补正, an extension past 20 days, a step after the limit) stay
in `steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from . import steps
from .cases import CaseView
from .clock import Status, Step
from .roles import Actor
from .steps import StepInput

Run = Callable[[Session, Actor, int, StepInput], object]


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    label: str
    permission: str
    statuses: frozenset[Status]
    run: Run
    needs: str | None = None  # what the action asks for besides date and note: "days", "fee", "party"


_OPEN = frozenset({Status.PROCESSING})
_WAITING = frozenset({Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_FEE})
_ANY_OPEN = _OPEN | _WAITING
ACTIONS = (
    Action("correction-request", "告知补正", "correction.request", _OPEN, steps.request_correction),
    Action("correction-received", "收到补正", "correction.receive", frozenset({Status.AWAITING_CORRECTION}), steps.receive_correction),
    Action("correction-lapse", "逾期未补正，不再处理", "correction.lapse", frozenset({Status.AWAITING_CORRECTION}), steps.lapse_correction),
    Action("consult", "征求第三方意见", "consult", _OPEN, steps.start_consultation, needs="party"),
    Action("consulted", "第三方意见已收到", "consult", frozenset({Status.CONSULTING}), steps.end_consultation),
    Action("delivered", "告知已送达（邮寄）", "view", _WAITING, steps.deliver),
    Action("extend", "批准延期答复", "extend", frozenset({Status.PROCESSING, Status.CONSULTING}), steps.extend, needs="days"),
    Action("fee", "发出收费通知", "fee", _OPEN, steps.notify_fee, needs="fee"),
    Action("fee-paid", "已缴纳信息处理费", "fee", frozenset({Status.AWAITING_FEE}), steps.fee_paid),
    Action("fee-lapse", "逾期未缴费，不再处理", "fee", frozenset({Status.AWAITING_FEE}), steps.lapse_fee),
    Action("reason", "要求说明理由（第三十五条）", "answer", _OPEN, steps.ask_reason),
    Action("defer", "确定延迟答复期限（第三十五条）", "extend", _OPEN, steps.defer, needs="days"),
    Action("withdraw", "申请人撤回申请", "correction.receive", _ANY_OPEN, steps.withdraw),
)
BY_ID = {a.id: a for a in ACTIONS}


def available(case: CaseView, actor: Actor) -> list[Action]:
    """The actions this actor can take on the case as it stands (a 补正 only if none was sent, 延迟答复
    only after reasons were asked)."""
    taken = {s.kind for s in case.steps}
    return [
        a
        for a in ACTIONS
        if case.status in a.statuses
        and actor.may(a.permission, case.agency_id)
        and not (a.id == "correction-request" and Step.CORRECTION in taken)
        and not (a.id == "defer" and Step.REASON not in taken)
    ]
