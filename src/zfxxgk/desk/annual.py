"""表二/三/四 of an agency's year, counted from the registers: a `Report` like a parsed one.

表三 counts requests by applicant type: 新收 = received in the year; 上年结转 = received before it and
still open on 1 January; outcomes by the day the case was closed; 结转下年度 = open on 31 December.
Each case has one outcome, so 部分公开 is counted once, and since a case closes no earlier than it was
received, 一+二 = （七）+ 四 in every column and this year's 上年结转 is last year's 结转下年度, by
construction. 表四 counts the appeals filed in the year, with their result as it stood on 31 December
(尚未审结 if undecided then); a result decided in a later year is reported in that year's narrative
(`Facts.decided_later`), so it is never lost. 表二 counts 规章 and 行政规范性文件 issued, repealed and in force at the year's
end, and takes decision counts and fees from the yearly figures.

The template is the one the year must use; cells of a format that the registers do not hold (the 2019
format's 表二 columns) stay MISSING and the checks say so.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import CellKind, CellValue, Meta, Report, Source
from ..store.schema import Agency
from ..templates import Template, for_year
from ..templates.totals import fill_totals
from .clock import Step, answered_late
from .errors import NotFound
from .schema import AppealRow, CaseRow, DocumentRow, FigureRow
from .vocab import outcome_row

Number = int | float
FIGURE_CELLS = {
    "licensing": "active.licensing.decisions",
    "penalty": "active.penalty.decisions",
    "coercion": "active.coercion.decisions",
    "fees": "active.fees.amount",
}
DOCUMENT_KINDS = ("rules", "normative_docs")


def _requests(session: Session, template: Template, agency_id: int, year: int) -> Counter[str]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    counts: Counter[str] = Counter()
    cases = session.scalars(select(CaseRow).where(CaseRow.agency_id == agency_id, CaseRow.received_on <= last))
    for case in cases:
        col = case.applicant_kind
        closed = case.closed_on
        if closed is not None and closed < first:
            continue
        counts[f"requests.{'new' if case.received_on >= first else 'carried_in'}.{col}"] += 1
        if closed is not None and closed <= last:
            counts[f"requests.{outcome_row(template, case.outcome or '')}.{col}"] += 1
        else:
            counts[f"requests.carried_out.{col}"] += 1
    return counts


def _appeals(session: Session, agency_id: int, year: int) -> Counter[str]:
    last = date(year, 12, 31)
    rows = session.scalars(
        select(AppealRow).where(
            AppealRow.agency_id == agency_id, AppealRow.filed_on >= date(year, 1, 1), AppealRow.filed_on <= last
        )
    )
    counts: Counter[str] = Counter()
    for appeal in rows:
        decided = appeal.decided_on is not None and appeal.decided_on <= last
        counts[f"appeals.{appeal.kind}.{appeal.result if decided else 'pending'}"] += 1
    return counts


def _documents(session: Session, agency_id: int, year: int) -> Counter[str]:
    last = date(year, 12, 31)
    rows = session.scalars(
        select(DocumentRow).where(
            DocumentRow.agency_id == agency_id, DocumentRow.kind.in_(DOCUMENT_KINDS), DocumentRow.issued_on <= last
        )
    )
    counts: Counter[str] = Counter()
    for doc in rows:
        if doc.issued_on.year == year:
            counts[f"active.{doc.kind}.issued"] += 1
        if doc.repealed_on is not None and doc.repealed_on.year == year:
            counts[f"active.{doc.kind}.repealed"] += 1
        if doc.repealed_on is None or doc.repealed_on > last:
            counts[f"active.{doc.kind}.in_force"] += 1
    return counts


def _figures(session: Session, agency_id: int, year: int) -> dict[str, Number]:
    rows = session.scalars(select(FigureRow).where(FigureRow.agency_id == agency_id, FigureRow.year == year))
    return {FIGURE_CELLS[r.item]: _number(r.value) for r in rows if r.item in FIGURE_CELLS}


def _number(value: float) -> Number:
    return int(value) if float(value).is_integer() else value


def _cell(value: Number | None) -> CellValue:
    if value is None:
        return CellValue(None, CellKind.MISSING)
    return CellValue(value, CellKind.ZERO if value == 0 else CellKind.NUMBER, raw=str(value))


def _registered(template: Template) -> set[str]:
    """The template's cells the registers fill: 表三 and 表四 entirely, 表二 where the columns match."""
    own = {f"active.{kind}.{col}" for kind in DOCUMENT_KINDS for col in ("issued", "repealed", "in_force")}
    own |= set(FIGURE_CELLS.values())
    return {c for c in template.cells if not c.startswith("active.") or c in own}


def compute(session: Session, agency_id: int, year: int) -> Report:
    """The year's tables for one agency, as a Report on the format the year must use (not yet checked)."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"没有编号为 {agency_id} 的机关")
    template = for_year(year)
    counts: dict[str, Number] = {}
    for part in (_requests(session, template, agency_id, year), _appeals(session, agency_id, year),
                 _documents(session, agency_id, year)):
        counts.update(part)
    counts.update(_figures(session, agency_id, year))
    filled = _registered(template)
    values: dict[str, Number | None] = {c: counts.get(c, 0) if c in filled else None for c in template.cells}
    values.update(fill_totals(template, values))
    cells = {cid: _cell(values[cid]) for cid in template.cells}
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    meta = Meta(
        title=f"{agency.name}{year}年度政府信息公开工作年度报告",
        agency=agency.name,
        year=year,
        template=template.id,
    )
    source = Source(path=f"desk:{agency.name}/{year}", sha256=digest, format="desk")
    return Report(source=source, meta=meta, cells=cells, sections=[s.id for s in template.sections])


@dataclass(frozen=True, slots=True)
class Facts:
    """What the narrative states beside the tables, counted from the same registers.

    `late`: answers given in the year after their limit. `fees`: 信息处理费 paid in the year (cases, 元).
    `decided_later`: appeals filed in an earlier year and decided in this one, by 表四 kind and result.
    """

    late: int = 0
    fee_cases: int = 0
    fee_total: float = 0.0
    decided_later: dict[str, int] = field(default_factory=dict)


def facts(session: Session, agency_id: int, year: int) -> Facts:
    first, last = date(year, 1, 1), date(year, 12, 31)
    closed = list(
        session.scalars(
            select(CaseRow).where(CaseRow.agency_id == agency_id, CaseRow.closed_on >= first, CaseRow.closed_on <= last)
        )
    )
    paid = [
        s for case in session.scalars(select(CaseRow).where(CaseRow.agency_id == agency_id, CaseRow.received_on <= last))
        for s in case.steps
        if s.kind == Step.FEE and s.ended_on is not None and first <= s.ended_on <= last and s.amount
        and not (s.detail or {}).get("ended_by")
    ]
    later = session.scalars(
        select(AppealRow).where(
            AppealRow.agency_id == agency_id, AppealRow.filed_on < first, AppealRow.decided_on >= first, AppealRow.decided_on <= last
        )
    )
    return Facts(
        late=sum(1 for c in closed if answered_late(c)),
        fee_cases=len(paid),
        fee_total=round(sum(s.amount or 0 for s in paid), 2),
        decided_later=dict(Counter(f"{a.kind}.{a.result}" for a in later)),
    )
