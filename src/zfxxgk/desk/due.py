"""The desk's work lists: open cases whose next time limit has passed or ends within a few working days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .calendar import add_working_days
from .cases import CaseView, view
from .roles import Actor
from .schema import CaseRow


@dataclass(slots=True)
class DueLists:
    overdue: list[CaseView] = field(default_factory=list)
    soon: list[CaseView] = field(default_factory=list)
    later: list[CaseView] = field(default_factory=list)


def open_cases(session: Session, actor: Actor, agency_id: int) -> list[CaseView]:
    """Every open case of the agency, masked, soonest limit first."""
    actor.require("view", agency_id)
    rows = session.scalars(select(CaseRow).where(CaseRow.agency_id == agency_id, CaseRow.outcome.is_(None)))
    views = [view(r) for r in rows]
    return sorted(views, key=lambda v: (v.clock.next_due or date.max, v.number))


def due_lists(session: Session, actor: Actor, agency_id: int, today: date, within: int = 5) -> DueLists:
    """Open cases split into overdue, due within `within` working days, and later. A case whose answer limit
    passed stays overdue while a step taken late waits (a late step never moves the limit)."""
    horizon = add_working_days(today, within)
    lists = DueLists()
    for case in open_cases(session, actor, agency_id):
        due = case.clock.next_due
        if case.clock.overdue(today):
            lists.overdue.append(case)
        elif due is not None and due <= horizon:
            lists.soon.append(case)
        else:
            lists.later.append(case)
    return lists
