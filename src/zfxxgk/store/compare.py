"""One agency, two years: every cell side by side, the change and the ratio, and the `year.*` checks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..check.cross_year import cross_year
from ..model import Finding, Report
from ..templates import load
from .agencies import find
from .database import StoreError
from .reports import ReportSummary, current_row, load_report, summary_of

Number = int | float


@dataclass(frozen=True, slots=True)
class CellChange:
    cell: str
    label: str
    a: Number | None
    b: Number | None
    change: Number | None  # b − a
    ratio: float | None  # b / a


@dataclass(frozen=True, slots=True)
class Comparison:
    agency: str
    year_a: int
    year_b: int
    report_a: ReportSummary
    report_b: ReportSummary
    cells: list[CellChange]
    findings: list[Finding]  # year.* findings of the later report against the earlier, when adjacent


def _plain(number: float) -> Number:
    return int(number) if float(number).is_integer() else round(number, 6)


def _change(cell: str, label: str, a: Number | None, b: Number | None) -> CellChange:
    change = _plain(b - a) if a is not None and b is not None else None
    ratio = round(b / a, 6) if a and b is not None else None
    return CellChange(cell, label, a, b, change, ratio)


def _labels(*reports: Report) -> dict[str, str]:
    labels: dict[str, str] = {}
    for report in reports:
        if report.meta.template:
            for cid, spec in load(report.meta.template).cells.items():
                labels.setdefault(cid, spec.label)
    return labels


def _report(session: Session, agency_id: int, name: str, year: int) -> tuple[Report, ReportSummary]:
    row = current_row(session, agency_id, year)
    if row is None:
        raise StoreError(f"no stored report of {name} for {year}")
    return load_report(session, row), summary_of(session, row)


def compare(session: Session, agency: str, year_a: int, year_b: int) -> Comparison:
    """Compare the current (corrected) reports of one agency for two years; StoreError if either is absent."""
    found = find(session, agency)
    if found is None:
        raise StoreError(f"no stored agency matches {agency!r}")
    report_a, info_a = _report(session, found.id, found.name, year_a)
    report_b, info_b = _report(session, found.id, found.name, year_b)
    labels = _labels(report_b, report_a)
    cells = [_change(cid, label, report_a.cells[cid].value if cid in report_a.cells else None,
                     report_b.cells[cid].value if cid in report_b.cells else None) for cid, label in labels.items()]
    later, earlier = (report_b, report_a) if year_b > year_a else (report_a, report_b)
    return Comparison(found.name, year_a, year_b, info_a, info_b, cells, cross_year(later, earlier))
