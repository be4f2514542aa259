"""The appeals register for 表四: each 行政复议 or 行政诉讼 linked to the request it is about.

A suit after review (复议后起诉) names the review it follows, which must concern the same request and be
decided before the suit is filed; a result is one of 表四's columns and stays 尚未审结 until decided.
An applicant who got no answer in time may appeal against the 逾期不答复 itself: an open case past its
limit takes an appeal too, marked as such.

表四 across years: an appeal is counted in the year it was filed, with its result as it stood on
31 December of that year (尚未审结 if undecided then). A result decided in a later year is not lost: that
year's narrative reports it (`decided_later`), as 2021-format practice does for cases carried over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .cases import get
from .clock import clock
from .errors import DeskError, NotFound
from .roles import Actor
from .schema import AppealRow
from .vocab import appeal_kinds, appeal_results, term

NO_ANSWER = "逾期不答复"


@dataclass(frozen=True, slots=True)
class AppealView:
    id: int
    case_id: int
    case_number: str
    kind: str
    kind_label: str
    body: str | None
    filed_on: date
    result: str
    result_label: str
    decided_on: date | None
    review_id: int | None
    against_no_answer: bool = False


def view(row: AppealRow) -> AppealView:
    return AppealView(
        row.id, row.case_id, row.case.number, row.kind, term(appeal_kinds(), row.kind).full_label, row.body,
        row.filed_on, row.result, term(appeal_results(), row.result).label, row.decided_on, row.review_id,
        row.note == NO_ANSWER,
    )


def record(
    session: Session,
    actor: Actor,
    case_id: int,
    kind: str,
    filed_on: date,
    body: str | None = None,
    review_id: int | None = None,
    note: str | None = None,
) -> AppealView:
    case = get(session, actor, case_id, "appeal")
    term(appeal_kinds(), kind)
    if case.closed_on is None:
        state = clock(case)
        if state.answer_due is None or filed_on <= state.answer_due:
            raise DeskError(f"案件 {case.number} 尚未答复且未逾期，不能就逾期不答复申请复议或起诉")
        note = NO_ANSWER
    elif filed_on < case.closed_on:
        raise DeskError(f"案件 {case.number} 的复议、诉讼日期早于答复日期")
    if (kind == "suit_after_review") != (review_id is not None):
        raise DeskError("复议后起诉须且仅须指明所经的行政复议")
    if review_id is not None:
        review = session.get(AppealRow, review_id)
        if review is None or review.case_id != case.id or review.kind != "review":
            raise DeskError("所指行政复议不属于该申请")
        if review.decided_on is None or review.decided_on > filed_on:
            raise DeskError("行政复议尚未作出决定，不能复议后起诉")
    row = AppealRow(
        agency_id=case.agency_id, case_id=case.id, kind=kind, body=body, filed_on=filed_on, review_id=review_id, note=note
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "appeal", case.agency_id, case.id, appeal=row.id, kind=kind, filed_on=filed_on)
    return view(row)


def decide(session: Session, actor: Actor, appeal_id: int, result: str, decided_on: date) -> AppealView:
    row = session.get(AppealRow, appeal_id)
    if row is None or not actor.may("view", row.agency_id):
        raise NotFound(f"没有编号为 {appeal_id} 的复议或诉讼")
    actor.require("appeal", row.agency_id)
    if term(appeal_results(), result).id == "pending" or decided_on < row.filed_on:
        raise DeskError("结果应为维持、纠正或其他，且决定日期不早于立案日期")
    row.result, row.decided_on = result, decided_on
    audit.record(session, actor, "appeal.decided", row.agency_id, row.case_id, appeal=row.id, result=result, on=decided_on)
    return view(row)


def listing(session: Session, actor: Actor, agency_id: int) -> list[AppealView]:
    actor.require("view", agency_id)
    rows = session.scalars(select(AppealRow).where(AppealRow.agency_id == agency_id).order_by(AppealRow.filed_on))
    return [view(r) for r in rows]
