"""The one writer: every change to stored reports happens here, one transaction per report.

Callers open the transaction (`with session.begin()`) and call one function; a crash at any point leaves
either the whole report or nothing, so a re-run of the same batch completes it. Parallel parsing never
writes: results come back to the parent process and pass through these functions one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ..check import CheckConfig, reading_rules, run_checks
from ..check.cross_year import cross_year
from ..model import Finding, Report, Severity
from . import agencies
from .reports import cell_rows, current_row, finding_rows, load_report
from .schema import CellRow, Failure, FindingRow, HistoryRow, Original, ReportRow, utcnow

Status = Literal["new", "updated", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one file: `new`, `updated` (a new version of its agency-year), `unchanged`
    (these bytes are already stored) or `failed` (with the reason)."""

    path: str
    status: Status
    report_id: int | None = None
    reason: str | None = None
    agency: str | None = None
    year: int | None = None


def _keep_original(session: Session, sha256: str, data: bytes) -> None:
    if session.get(Original, sha256) is None:
        session.add(Original(sha256=sha256, data=data, size=len(data)))
        session.flush()


def save_failure(session: Session, path: str, sha256: str | None, data: bytes | None, reason: str, stamp: str) -> IngestOutcome:
    """Record (or update) the failure of the file at `path`; `data` is None when it could not be opened."""
    if sha256 is not None and data is not None:
        _keep_original(session, sha256, data)
    failure = session.scalar(select(Failure).where(Failure.path == path))
    if failure is None:
        failure = Failure(sha256=sha256, path=path, reason=reason, extractor_version=stamp)
        session.add(failure)
    else:
        failure.sha256, failure.reason, failure.extractor_version, failure.failed_at = sha256, reason, stamp, utcnow()
    session.flush()
    return IngestOutcome(path, "failed", reason=reason)


def identity_problem(report: Report) -> str | None:
    """Why a read report cannot be filed under an agency-year, or None."""
    missing = [what for what, value in (("agency", report.meta.agency), ("year", report.meta.year)) if not value]
    if missing:
        return f"the report's {' and '.join(missing)} could not be read, so it cannot be filed"
    return None


def _write_reading(session: Session, row: ReportRow, report: Report, replace: bool) -> None:
    """Cells and report-level findings of a reading, replacing the row's earlier reading if `replace`."""
    if replace:
        session.execute(delete(CellRow).where(CellRow.report_id == row.id))
        session.execute(delete(FindingRow).where(FindingRow.report_id == row.id))
    session.execute(CellRow.__table__.insert(), cell_rows(row.id, report))
    if report.findings:
        session.execute(FindingRow.__table__.insert(), finding_rows(row.id, report.findings, "report"))


def _fill(row: ReportRow, report: Report, stamp: str) -> None:
    row.template = report.meta.template or ""
    row.format = report.source.format
    row.encoding = report.source.encoding
    row.pages = report.source.pages
    row.agency_printed = report.meta.agency or ""
    row.title = report.meta.title
    row.published = report.meta.published
    row.narrative = report.narrative
    row.sections = report.sections
    row.notes = report.notes
    row.extractor_version = stamp
    row.extracted_at = utcnow()


def unchanged(session: Session, path: str, sha256: str) -> IngestOutcome | None:
    """The `unchanged` outcome when these bytes are already stored as a report."""
    known = session.scalar(select(ReportRow).where(ReportRow.sha256 == sha256))
    if known is None:
        return None
    return IngestOutcome(path, "unchanged", known.id, agency=known.agency.name, year=known.year)


def save_report(session: Session, report: Report, data: bytes, stamp: str, config: CheckConfig | None = None) -> IngestOutcome:
    """Store one checked report: unchanged if its bytes are known, else new or a new version.

    The cross-year findings are computed before the row is written, so a new report costs one insert
    per table; the next year's report, if stored, is re-checked against it.
    """
    path, sha256 = report.source.path, report.source.sha256
    known = unchanged(session, path, sha256)
    if known is not None:
        return known
    problem = identity_problem(report)
    if problem is not None:
        return save_failure(session, path, sha256, data, problem, stamp)
    _keep_original(session, sha256, data)
    agency = agencies.resolve(session, report.meta.agency or "")
    year = report.meta.year or 0
    previous = current_row(session, agency.id, year)
    if previous is not None:
        previous.is_current = False
        session.flush()
    year_findings = _against_year_before(session, agency.id, year, report, config)
    errors, warnings = _counts(report.findings + year_findings)
    version = previous.version + 1 if previous else 1
    row = ReportRow(agency_id=agency.id, year=year, sha256=sha256, path=path, version=version, is_current=True, errors=errors, warnings=warnings)
    _fill(row, report, stamp)
    session.add(row)
    session.flush()
    _write_reading(session, row, report, replace=False)
    if year_findings:
        session.execute(FindingRow.__table__.insert(), finding_rows(row.id, year_findings, "year"))
    session.add(HistoryRow(report_id=row.id, event="ingested", detail={"path": path, "replaces": previous.id if previous else None}))
    if previous is not None:
        session.add(HistoryRow(report_id=previous.id, event="superseded", detail={"by": row.id, "path": path}))
    session.execute(delete(Failure).where(or_(Failure.sha256 == sha256, Failure.path == path)))
    after = current_row(session, agency.id, year + 1)
    if after is not None:
        _year_findings(session, after, config)
    return IngestOutcome(path, "updated" if previous else "new", row.id, agency=agency.name, year=year)


def reread(session: Session, row: ReportRow, report: Report, stamp: str, config: CheckConfig | None = None) -> IngestOutcome:
    """Replace a stored reading by a fresh one of the same original (after the extractor changed)."""
    problem = identity_problem(report)
    if problem is not None:
        session.add(HistoryRow(report_id=row.id, event="reprocess_failed", detail={"reason": problem}))
        return IngestOutcome(row.path, "failed", row.id, reason=problem)
    old = {"extractor_version": row.extractor_version, "agency_id": row.agency_id, "year": row.year}
    agency = agencies.resolve(session, report.meta.agency or "")
    year = report.meta.year or 0
    if (agency.id, year) != (row.agency_id, row.year):
        occupant = current_row(session, agency.id, year)
        row.is_current = row.is_current and occupant is None
        row.agency_id, row.year = agency.id, year
        session.flush()
    _fill(row, report, stamp)
    _write_reading(session, row, report, replace=True)
    session.add(HistoryRow(report_id=row.id, event="reprocessed", detail=old))
    recheck(session, row, config)
    return IngestOutcome(row.path, "updated", row.id, agency=agency.name, year=year)


def _counts(findings: list[Finding]) -> tuple[int, int]:
    severities = [f.severity for f in findings]
    return severities.count(Severity.ERROR), severities.count(Severity.WARNING)


def _against_year_before(session: Session, agency_id: int, year: int, report: Report, config: CheckConfig | None) -> list[Finding]:
    """The cross-year findings of `report` against the agency's current report of the year before."""
    before = current_row(session, agency_id, year - 1)
    return cross_year(report, load_report(session, before), config) if before is not None else []


def _year_findings(session: Session, row: ReportRow, config: CheckConfig | None) -> None:
    """Replace a stored row's cross-year findings, and its error and warning counts."""
    session.execute(delete(FindingRow).where(FindingRow.report_id == row.id, FindingRow.scope == "year"))
    report = load_report(session, row)
    findings = _against_year_before(session, row.agency_id, row.year, report, config)
    if findings:
        session.execute(FindingRow.__table__.insert(), finding_rows(row.id, findings, "year"))
    row.errors, row.warnings = _counts(report.findings + findings)  # report.findings: the report-scope ones left


def refresh_neighbours(session: Session, row: ReportRow, config: CheckConfig | None = None) -> None:
    """Re-run the cross-year checks of this report and of the next year's, which depends on it."""
    _year_findings(session, row, config)
    after = current_row(session, row.agency_id, row.year + 1)
    if after is not None and row.is_current:
        _year_findings(session, after, config)


def recheck(session: Session, row: ReportRow, config: CheckConfig | None = None) -> None:
    """Re-run every check on the stored report as corrected (after a correction or a re-reading)."""
    report = load_report(session, row)
    kept = reading_rules(row.template)
    session.execute(
        delete(FindingRow).where(
            FindingRow.report_id == row.id, FindingRow.scope == "report", FindingRow.rule.not_in(kept)
        )
    )
    findings = [f for f in run_checks(report, config) if f.rule not in kept]
    if findings:
        session.execute(FindingRow.__table__.insert(), finding_rows(row.id, findings, "report"))
    refresh_neighbours(session, row, config)
