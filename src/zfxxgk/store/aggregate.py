"""A jurisdiction's figures: the sum of its agencies' current reports for a year, checked like a report.

The sums are built into a `Report` and go through `run_checks`, so the 勾稽 rules (balance, row and
column sums) hold or fail on the totals exactly as on a single report; the other rules (missing cells,
sections) say nothing about a sum and are switched off.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager

from ..check import CheckConfig, run_checks
from ..model import CellKind, CellValue, Meta, Report, Source
from ..templates import for_year, load
from ..templates.rules import ARITHMETIC_KINDS
from .agencies import find, normalize_name
from .reports import ReportSummary, chunks, current_row, latest_corrections_of, summaries_of
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


def _sum_cells(session: Session, template_id: str, ids: list[int]) -> dict[str, CellValue]:
    """Each template cell's total over the reports, summed by the database (a province's thousands of
    reports never leave it), with reviewers' corrections applied: blank where every report printed it
    blank, missing where none has the cell."""
    sums: dict[str, float] = defaultdict(float)
    numbers: dict[str, int] = defaultdict(int)  # reports with a number in the cell
    present: dict[str, int] = defaultdict(int)  # reports with the cell at all
    printed: dict[tuple[int, str], float | None] = {}
    for chunk in chunks(ids):
        query = (
            select(CellRow.cell, func.sum(CellRow.value), func.count(CellRow.value), func.count())
            .where(CellRow.report_id.in_(chunk))
            .group_by(CellRow.cell)
        )
        for cid, total, counted, rows in session.execute(query):
            sums[cid] += total or 0.0
            numbers[cid] += counted
            present[cid] += rows
        for rid, fixes in latest_corrections_of(session, chunk).items():
            originals = session.execute(select(CellRow.cell, CellRow.value).where(CellRow.report_id == rid, CellRow.cell.in_(fixes)))
            printed.update(((rid, cid), value) for cid, value in originals)
            for cid, fix in fixes.items():
                before = printed.get((rid, cid))
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


def _rows_by_prefix(session: Session, year: int, prefix: str | None) -> list[ReportRow]:
    query = select(ReportRow).where(ReportRow.year == year, ReportRow.is_current)
    if prefix:
        key = normalize_name(prefix)
        matching = select(AgencyAlias.agency_id).where(AgencyAlias.alias.startswith(key, autoescape=True))
        query = query.where(ReportRow.agency_id.in_(matching))
    return list(session.scalars(query.join(Agency).options(contains_eager(ReportRow.agency)).order_by(Agency.name)))


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
    else:
        rows, missing = _rows_by_prefix(session, year, agency_prefix), []
    template_id = for_year(year).id
    label = agency_prefix or ("、".join(agencies[:3]) + ("等" if len(agencies) > 3 else "") if agencies else "全部机关")
    totals = Report(
        source=Source(path=f"aggregate:{year}", sha256="", format="aggregate"),
        meta=Meta(title=f"{label}{year}年度汇总", agency=label, year=year, template=template_id),
        cells=_sum_cells(session, template_id, [r.id for r in rows]),
    )
    totals.findings = run_checks(totals, _arithmetic_only(template_id))
    summaries = summaries_of(session, rows)
    return Aggregate(
        year=year,
        template=template_id,
        totals=totals,
        included=summaries,
        missing=missing,
        other_template=[s for s in summaries if s.template != template_id],
    )
