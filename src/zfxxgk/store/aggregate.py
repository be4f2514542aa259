"""A jurisdiction's figures: the sum of its agencies' current reports for a year, checked like a report.

The sums are built into a `Report` and go through `run_checks`, so the 勾稽 rules (balance, row and
column sums) hold or fail on the totals exactly as on a single report; the other rules (missing cells,
sections) say nothing about a sum and are switched off.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..check import CheckConfig, run_checks
from ..model import CellKind, CellValue, Meta, Report, Source
from ..templates import for_year, load
from ..templates.rules import ARITHMETIC_KINDS
from .agencies import find, normalize_name
from .reports import ReportSummary, current_row, latest_corrections_of, summaries
from .schema import Agency, AgencyAlias, CellRow, ReportRow

Number = int | float


@dataclass(slots=True)
class Aggregate:
    """The totals (as a Report whose findings are the 勾稽 checks on the sums) and what went into them."""

    year: int
    template: str
    totals: Report
    included: list[ReportSummary] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # expected agencies with no current report that year
    other_template: list[ReportSummary] = field(default_factory=list)  # only their shared cells are summed


def _plain(number: float) -> Number:
    return int(number) if float(number).is_integer() else round(number, 6)


def _sum_cells(session: Session, template_id: str, ids: Select[tuple[int]]) -> dict[str, CellValue]:
    """Each template cell's total over the reports whose ids `ids` selects, summed by the database in one
    query (a province's thousands of reports never leave it), with reviewers' corrections applied on top:
    blank where every report printed it blank, missing where none has the cell."""
    sums: dict[str, float] = defaultdict(float)
    numbers: dict[str, int] = defaultdict(int)  # reports with a number in the cell
    present: dict[str, int] = defaultdict(int)  # reports with the cell at all
    query = (
        select(CellRow.cell, func.sum(CellRow.value), func.count(CellRow.value), func.count())
        .where(CellRow.report_id.in_(ids.scalar_subquery()))
        .group_by(CellRow.cell)
    )
    for cid, total, counted, rows in session.execute(query):
        sums[cid], numbers[cid], present[cid] = total or 0.0, counted, rows
    for rid, fixes in latest_corrections_of(session, ids.scalar_subquery()).items():
        originals = session.execute(select(CellRow.cell, CellRow.value).where(CellRow.report_id == rid, CellRow.cell.in_(fixes)))
        printed = {cid: value for cid, value in originals}
        for cid, fix in fixes.items():
            before = printed.get(cid)
            sums[cid] += (fix.value or 0.0) - (before or 0.0)
            numbers[cid] += (fix.value is not None) - (before is not None)
    cells: dict[str, CellValue] = {}
    for cid in load(template_id).cells:
        if numbers[cid]:
            total = _plain(round(sums[cid], 6))  # the database adds in its own order: no float noise
            cells[cid] = CellValue(total, CellKind.ZERO if total == 0 else CellKind.NUMBER)
        else:
            cells[cid] = CellValue(None, CellKind.EMPTY if present[cid] else CellKind.MISSING)
    return cells


def _arithmetic_only(template_id: str) -> CheckConfig:
    return CheckConfig({r.id: "off" for r in load(template_id).rules if r.kind not in ARITHMETIC_KINDS})


def _by_prefix(year: int, prefix: str | None) -> Select[tuple[int]]:
    """The ids of the year's current reports of agencies whose name starts with `prefix`."""
    query = select(ReportRow.id).where(ReportRow.year == year, ReportRow.is_current)
    if prefix:
        key = normalize_name(prefix)
        matching = select(AgencyAlias.agency_id).where(AgencyAlias.alias.startswith(key, autoescape=True))
        query = query.where(ReportRow.agency_id.in_(matching))
    return query


def _summaries(session: Session, ids: Select[tuple[int]]) -> list[ReportSummary]:
    return summaries(session, select(ReportRow).join(Agency).where(ReportRow.id.in_(ids.scalar_subquery())).order_by(Agency.name))


def _rows_by_list(session: Session, year: int, names: list[str]) -> tuple[list[ReportRow], list[str]]:
    rows: dict[int, ReportRow] = {}
    missing: list[str] = []
    for name in names:
        agency = find(session, name)
        row = current_row(session, agency.id, year) if agency is not None else None
        if row is None:
            missing.append(name)
        else:
            rows[row.id] = row
    return list(rows.values()), missing


def aggregate(session: Session, year: int, agency_prefix: str | None = None, agencies: list[str] | None = None) -> Aggregate:
    """Sum the current reports of `year`: of agencies whose name starts with the prefix, of the listed
    agencies (naming those without a report as missing), or of every stored agency."""
    if agencies is not None:
        rows, missing = _rows_by_list(session, year, agencies)
        ids = select(ReportRow.id).where(ReportRow.id.in_([r.id for r in rows]))
    else:
        ids, missing = _by_prefix(year, agency_prefix), []
    template_id = for_year(year).id
    label = agency_prefix or ("、".join(agencies[:3]) + ("等" if len(agencies) > 3 else "") if agencies else "全部机关")
    totals = Report(
        source=Source(path=f"aggregate:{year}", sha256="", format="aggregate"),
        meta=Meta(title=f"{label}{year}年度汇总", agency=label, year=year, template=template_id),
        cells=_sum_cells(session, template_id, ids),
    )
    totals.findings = run_checks(totals, _arithmetic_only(template_id))
    summaries = _summaries(session, ids)
    return Aggregate(
        year=year,
        template=template_id,
        totals=totals,
        included=summaries,
        missing=missing,
        other_template=[s for s in summaries if s.template != template_id],
    )
