"""Stored rows ↔ the shared `Report` model, and the queries that list stored reports.

Everything that reads a stored report (compare, aggregate, export, the web app) goes through
`load_report`, so reviewers' corrections are applied in exactly one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from datetime import datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import Row, ScalarSelect, Select, func, select
from sqlalchemy.orm import Session

from ..model import CellKind, CellValue, Finding, Report
from ..templates import load as load_template
from .agencies import find as find_agency
from .bulk import as_json
from .database import StoreError
from .schema import Agency, CellRow, Correction, FindingRow, HistoryRow, Original, ReportRow

Sort = Literal["agency", "year", "errors", "ingested"]
T = TypeVar("T")


def to_number(value: float | None, is_int: bool) -> int | float | None:
    if value is None:
        return None
    return int(value) if is_int else float(value)


def kind_of(value: int | float | None) -> CellKind:
    """The kind a reviewer's value gets: blank when None, else zero or a number."""
    if value is None:
        return CellKind.EMPTY
    return CellKind.ZERO if value == 0 else CellKind.NUMBER


CELL_COLUMNS = ("report_id", "cell", "value", "is_int", "kind", "raw", "unit", "provenance")
FINDING_COLUMNS = ("report_id", "scope", "rule", "severity", "message", "cells", "expected", "actual", "provenance")


def cell_rows(report_id: int, report: Report) -> list[tuple[Any, ...]]:
    """Every cell of a report as a row of `CELL_COLUMNS`, ready for `bulk.insert_rows`."""
    return [
        (
            report_id,
            cid,
            None if c.value is None else float(c.value),
            not isinstance(c.value, float),
            c.kind.value,
            c.raw,
            c.unit,
            as_json(c.provenance.to_json() if c.provenance is not None else None),
        )
        for cid, c in report.cells.items()
    ]


def finding_rows(report_id: int, findings: list[Finding], scope: str) -> list[tuple[Any, ...]]:
    """Findings as rows of `FINDING_COLUMNS`, ready for `bulk.insert_rows`."""
    return [
        (
            report_id,
            scope,
            f.rule,
            f.severity.value,
            f.message,
            as_json(f.cells),
            as_json(f.expected),
            as_json(f.actual),
            as_json([p.to_json() for p in f.provenance]),
        )
        for f in findings
    ]


def latest_corrections(session: Session, report_id: int) -> dict[str, Correction]:
    """The reviewer's last word on each corrected cell."""
    return latest_corrections_of(session, [report_id]).get(report_id, {})


def latest_corrections_of(session: Session, report_ids: Sequence[int] | ScalarSelect[int]) -> dict[int, dict[str, Correction]]:
    """`latest_corrections` of many reports (at most `chunks`' size, or a subquery), by report; reports
    without any left out."""
    fixes: dict[int, dict[str, Correction]] = defaultdict(dict)
    for fix in session.scalars(select(Correction).where(Correction.report_id.in_(report_ids)).order_by(Correction.id)):
        fixes[fix.report_id][fix.cell] = fix
    return dict(fixes)


def load_report(session: Session, row: ReportRow, corrected: bool = True) -> Report:
    """The stored report as a `Report`, with reviewers' corrections applied unless `corrected` is False."""
    return load_reports(session, [row], corrected)[row.id]


def load_reports(session: Session, rows: Sequence[ReportRow], corrected: bool = True, scope: str | None = None) -> dict[int, Report]:
    """Many stored reports at once, by row id: three queries for any number of reports (batched ingest
    checks each new report against the year before). `scope` keeps only the findings of that scope."""
    ids = [row.id for row in rows]
    cells: dict[int, list[Row[Any]]] = defaultdict(list)
    findings: dict[int, list[Row[Any]]] = defaultdict(list)
    fixes: dict[int, dict[str, Correction]] = {}
    scoped = [FindingRow.scope == scope] if scope else []
    for chunk in chunks(ids):
        for c in session.execute(
            select(CellRow.report_id, CellRow.cell, CellRow.value, CellRow.is_int, CellRow.kind, CellRow.raw, CellRow.unit,
                   CellRow.provenance)
            .where(CellRow.report_id.in_(chunk))
        ):
            cells[c.report_id].append(c)
        for f in session.execute(
            select(FindingRow.report_id, FindingRow.rule, FindingRow.severity, FindingRow.message, FindingRow.cells,
                   FindingRow.expected, FindingRow.actual, FindingRow.provenance)
            .where(FindingRow.report_id.in_(chunk), *scoped)
            .order_by(FindingRow.id)
        ):
            findings[f.report_id].append(f)
        if corrected:
            fixes.update(latest_corrections_of(session, chunk))
    return {row.id: _as_report(row, cells[row.id], findings[row.id], fixes.get(row.id, {})) for row in rows}


def chunks(items: Sequence[T], size: int = 900) -> Iterator[Sequence[T]]:
    """`IN` lists short enough for any backend's limit on bound parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@cache
def _template_order(template_id: str) -> dict[str, int]:
    """Cells in the template's order, as the extractor gives them (the database keeps no order)."""
    try:
        return {cid: i for i, cid in enumerate(load_template(template_id).cells)}
    except KeyError:
        return {}


def _as_report(row: ReportRow, cells: list[Row[Any]], findings: list[Row[Any]], fixes: dict[str, Correction]) -> Report:
    order = _template_order(row.template)
    cells = sorted(cells, key=lambda c: order.get(c.cell, len(order)))
    data = {
        "source": {"path": row.path, "sha256": row.sha256, "format": row.format, "encoding": row.encoding, "pages": row.pages},
        "meta": {
            "title": row.title,
            "agency": row.agency.name,
            "year": row.year,
            "template": row.template,
            "published": row.published,
        },
        "cells": {c.cell: to_number(c.value, c.is_int) for c in cells},
        "kinds": {c.cell: c.kind for c in cells},
        "units": {c.cell: c.unit for c in cells if c.unit},
        "provenance": {c.cell: c.provenance for c in cells if c.provenance is not None},
        "narrative": row.narrative,
        "sections": row.sections,
        "notes": row.notes,
        "findings": [
            {"rule": f.rule, "severity": f.severity, "message": f.message, "cells": f.cells,
             "expected": f.expected, "actual": f.actual, "provenance": f.provenance}
            for f in findings
        ],
    }
    report = Report.from_json(data)
    for c in cells:
        report.cells[c.cell].raw = c.raw
    for cid, fix in fixes.items():
        value = to_number(fix.value, fix.is_int)
        old = report.cells[cid]
        report.cells[cid] = CellValue(value, kind_of(value), old.raw, old.unit, old.provenance)
    return report


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One stored report as a list shows it."""

    id: int
    agency: str
    agency_id: int
    year: int
    template: str
    title: str | None
    published: str | None
    path: str
    format: str
    sha256: str
    version: int
    current: bool
    errors: int
    warnings: int
    corrections: int
    extractor_version: str
    ingested_at: datetime


_SUMMARY_COLUMNS = (
    ReportRow.id, Agency.name.label("agency"), ReportRow.agency_id, ReportRow.year, ReportRow.template, ReportRow.title,
    ReportRow.published, ReportRow.path, ReportRow.format, ReportRow.sha256, ReportRow.version,
    ReportRow.is_current.label("current"), ReportRow.errors, ReportRow.warnings, ReportRow.extractor_version,
    ReportRow.ingested_at,
)


def summaries(session: Session, query: Select[Any]) -> list[ReportSummary]:
    """The list entries of the reports `query` selects (from `reports` joined with `agencies`, in its
    order), read as plain columns — building ORM objects cost more than the query for thousands of rows
    — with the corrected cells counted in one query."""
    rows = session.execute(query.with_only_columns(*_SUMMARY_COLUMNS)).all()
    ids = query.with_only_columns(ReportRow.id).scalar_subquery()
    counted = select(Correction.report_id, func.count(func.distinct(Correction.cell))).where(Correction.report_id.in_(ids))
    counts = {rid: n for rid, n in session.execute(counted.group_by(Correction.report_id))}
    return [ReportSummary(**row._mapping, corrections=counts.get(row.id, 0)) for row in rows]


def summary_of(session: Session, row: ReportRow) -> ReportSummary:
    return summaries(session, select(ReportRow).join(Agency).where(ReportRow.id == row.id))[0]


_ORDER = {
    "agency": (Agency.name, ReportRow.year),
    "year": (ReportRow.year, Agency.name),
    "errors": (ReportRow.errors.desc(), ReportRow.warnings.desc(), Agency.name),
    "ingested": (ReportRow.ingested_at.desc(),),
}


def _listing(
    session: Session, year: int | None, agency: str | None, template: str | None, has_errors: bool | None, include_history: bool
) -> Select[tuple[ReportRow]]:
    query = select(ReportRow).join(Agency)
    if not include_history:
        query = query.where(ReportRow.is_current)
    if year is not None:
        query = query.where(ReportRow.year == year)
    if agency is not None:
        found = find_agency(session, agency)
        query = query.where(ReportRow.agency_id == (found.id if found else -1))
    if template is not None:
        query = query.where(ReportRow.template == template)
    if has_errors is not None:
        query = query.where(ReportRow.errors > 0 if has_errors else ReportRow.errors == 0)
    return query


def list_reports(
    session: Session,
    year: int | None = None,
    agency: str | None = None,
    template: str | None = None,
    has_errors: bool | None = None,
    sort: Sort = "agency",
    include_history: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReportSummary]:
    """Current reports (all versions with `include_history`), filtered and sorted for a listing; `limit`
    and `offset` give one page of it (a national store lists tens of thousands)."""
    if sort not in _ORDER:
        raise StoreError(f"unknown sort {sort!r}; use one of {', '.join(_ORDER)}")
    query = _listing(session, year, agency, template, has_errors, include_history)
    return summaries(session, query.order_by(*_ORDER[sort], ReportRow.id).limit(limit).offset(offset or None))


def count_reports(
    session: Session,
    year: int | None = None,
    agency: str | None = None,
    template: str | None = None,
    has_errors: bool | None = None,
    include_history: bool = False,
) -> int:
    """How many reports `list_reports` lists with these filters (for its pages)."""
    query = _listing(session, year, agency, template, has_errors, include_history)
    return session.scalar(select(func.count()).select_from(query.with_only_columns(ReportRow.id).subquery())) or 0


def get_row(session: Session, report_id: int) -> ReportRow:
    row = session.get(ReportRow, report_id)
    if row is None:
        raise StoreError(f"no stored report with id {report_id}")
    return row


def current_row(session: Session, agency_id: int, year: int) -> ReportRow | None:
    return session.scalar(
        select(ReportRow).where(ReportRow.agency_id == agency_id, ReportRow.year == year, ReportRow.is_current)
    )


@dataclass(slots=True)
class StoredReport:
    """What the web app shows for one report: the Report (corrections applied), the original, the record."""

    report: Report
    original: bytes
    info: ReportSummary
    corrections: list[dict[str, Any]]
    history: list[dict[str, Any]]


def stored_report(session: Session, report_id: int) -> StoredReport:
    row = get_row(session, report_id)
    corrections = session.scalars(select(Correction).where(Correction.report_id == row.id).order_by(Correction.id)).all()
    history = session.scalars(select(HistoryRow).where(HistoryRow.report_id == row.id).order_by(HistoryRow.id)).all()
    original = session.get(Original, row.sha256)
    return StoredReport(
        report=load_report(session, row),
        original=original.data if original else b"",
        info=summary_of(session, row),
        corrections=[
            {"cell": c.cell, "value": to_number(c.value, c.is_int), "original": c.original, "reason": c.reason,
             "author": c.author, "at": c.created_at}
            for c in corrections
        ],
        history=[{"event": h.event, "at": h.at, "detail": h.detail} for h in history],
    )
