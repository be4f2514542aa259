"""The one writer: every change to stored reports happens here.

Callers open the transaction (`with session.begin()`) and call one function — for one report, or for a
batch of them (`save_batch`, what ingest uses: one transaction per batch); a crash at any point leaves
either the whole transaction or nothing, so a re-run of the same files completes it. Parallel parsing
never writes: results come back to the parent process and pass through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session, joinedload

from ..check import CheckConfig, reading_rules, run_checks
from ..check.cross_year import cross_year
from ..model import Finding, Report, Severity
from . import agencies
from .bulk import insert_rows
from .reports import CELL_COLUMNS, FINDING_COLUMNS, cell_rows, chunks, current_row, finding_rows, load_report, load_reports
from .schema import Agency, CellRow, Failure, FindingRow, HistoryRow, Original, ReportRow, utcnow

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
    insert_rows(session, CellRow.__table__, CELL_COLUMNS, cell_rows(row.id, report))
    insert_rows(session, FindingRow.__table__, FINDING_COLUMNS, finding_rows(row.id, report.findings, "report"))


def _reading(report: Report, stamp: str) -> dict[str, Any]:
    """The report row's columns that come from a reading (the others say where it is filed)."""
    return {
        "template": report.meta.template or "",
        "format": report.source.format,
        "encoding": report.source.encoding,
        "pages": report.source.pages,
        "agency_printed": report.meta.agency or "",
        "title": report.meta.title,
        "published": report.meta.published,
        "narrative": report.narrative,
        "sections": report.sections,
        "notes": report.notes,
        "extractor_version": stamp,
        "extracted_at": utcnow(),
    }


def unchanged(session: Session, path: str, sha256: str) -> IngestOutcome | None:
    """The `unchanged` outcome when these bytes are already stored as a report."""
    known = session.scalar(select(ReportRow).where(ReportRow.sha256 == sha256))
    if known is None:
        return None
    return IngestOutcome(path, "unchanged", known.id, agency=known.agency.name, year=known.year)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that did not read as a report: recorded among the failures, in its batch."""

    path: str
    sha256: str | None  # None: the file could not even be opened
    data: bytes | None
    reason: str
    stamp: str


Pending = tuple[Report, bytes] | Unreadable


def pending_name(item: Pending) -> str:
    return item.path if isinstance(item, Unreadable) else item[0].source.path


def save_report(session: Session, report: Report, data: bytes, stamp: str, config: CheckConfig | None = None) -> IngestOutcome:
    """Store one checked report: unchanged if its bytes are known, else new or a new version."""
    return save_batch(session, [(report, data)], stamp, config)[0]


def save_batch(session: Session, items: Sequence[Pending], stamp: str, config: CheckConfig | None = None) -> list[IngestOutcome]:
    """Store reports and failures in the caller's transaction; each gets the outcome it would have had
    stored alone, in order.

    A few queries find what the whole batch needs (which bytes are known, the agencies, the stored
    reports of the neighbouring years); the reports are then filed in order in memory — a new version
    supersedes the current one, each is checked against the year before and re-checks the year after —
    and every table gets its rows in one statement. When the transaction fails, the caller retries each
    item alone, so one bad report fails only itself.
    """
    return _Batch(session, stamp, config).write(items)


@dataclass(slots=True, eq=False)
class _Current:
    """The current report of an agency-year while a batch is filed: stored before (`id` known) or new
    in this batch (`row` to insert, `id` known once inserted). `year_findings`: computed in this batch."""

    id: int | None
    version: int
    report: Report | None  # a stored one: loaded only when a neighbouring year in the batch needs it
    row: dict[str, Any] | None = None
    year_findings: list[Finding] | None = None
    replaces: _Current | None = None


Placed = IngestOutcome | tuple[_Current, str, str, int]  # an outcome, or what it will be once ids are known


class _Batch:
    def __init__(self, session: Session, stamp: str, config: CheckConfig | None) -> None:
        self.session, self.stamp, self.config = session, stamp, config
        self.known: dict[str, tuple[_Current | int, str, int]] = {}  # sha256 → (row, agency name, year)
        self.kept: set[str] = set()  # originals already stored
        self.agencies: dict[str, Agency] = {}  # normalised printed name → agency
        self.current: dict[tuple[int, int], _Current] = {}
        self.new: list[_Current] = []
        self.rechecked: dict[int, _Current] = {}  # stored rows whose cross-year findings changed
        self.originals: list[dict[str, Any]] = []

    def write(self, items: Sequence[Pending]) -> list[IngestOutcome]:
        reports = [i for i in items if not isinstance(i, Unreadable)]
        self._prefetch([r for r, _ in reports], [i.sha256 for i in items if isinstance(i, Unreadable) and i.sha256])
        placed: list[Placed] = [self._failure(i) if isinstance(i, Unreadable) else self._file(*i) for i in items]
        self._flush()
        return [p if isinstance(p, IngestOutcome) else self._outcome(*p) for p in placed]

    # -- what the batch needs, in a few queries -------------------------------------------------------

    def _prefetch(self, reports: list[Report], failed_shas: list[str]) -> None:
        session = self.session
        shas = list({r.source.sha256 for r in reports})
        for chunk in chunks(shas):
            query = select(ReportRow.sha256, ReportRow.id, Agency.name, ReportRow.year).join(Agency).where(ReportRow.sha256.in_(chunk))
            self.known.update((sha, (rid, name, year)) for sha, rid, name, year in session.execute(query))
        for chunk in chunks([*shas, *failed_shas]):
            self.kept.update(session.scalars(select(Original.sha256).where(Original.sha256.in_(chunk))))
        filed = [r for r in reports if r.source.sha256 not in self.known and identity_problem(r) is None]
        self.agencies = agencies.resolve_many(session, [r.meta.agency or "" for r in filed])
        self._load_neighbours(filed)

    def _load_neighbours(self, filed: list[Report]) -> None:
        """The current stored rows of the filed reports' agencies; the reports of those the batch checks
        against (the year before, the year after) are loaded unless the batch itself supplies them first."""
        keys = [(self._agency(r).id, r.meta.year or 0) for r in filed]
        stored: dict[tuple[int, int], ReportRow] = {}
        for chunk in chunks(list({aid for aid, _ in keys})):
            query = select(ReportRow).options(joinedload(ReportRow.agency)).where(ReportRow.is_current, ReportRow.agency_id.in_(chunk))
            stored.update(((row.agency_id, row.year), row) for row in self.session.scalars(query))
        needed: dict[int, ReportRow] = {}
        supplied: set[tuple[int, int]] = set()
        for aid, year in keys:
            for key in ((aid, year - 1), (aid, year + 1)):
                if key in stored and key not in supplied:
                    needed[stored[key].id] = stored[key]
            supplied.add((aid, year))
        loaded = load_reports(self.session, list(needed.values()), scope="report")
        for key, row in stored.items():
            self.current[key] = _Current(row.id, row.version, loaded.get(row.id))

    def _agency(self, report: Report) -> Agency:
        return self.agencies[agencies.normalize_name(report.meta.agency or "")]

    # -- each item filed in order, in memory ------------------------------------------------------------

    def _failure(self, item: Unreadable) -> IngestOutcome:
        if item.sha256 is not None:
            self.kept.add(item.sha256)
        return save_failure(self.session, item.path, item.sha256, item.data, item.reason, item.stamp)

    def _file(self, report: Report, data: bytes) -> Placed:
        path, sha256 = report.source.path, report.source.sha256
        if sha256 in self.known:
            row, name, year = self.known[sha256]
            return IngestOutcome(path, "unchanged", row, agency=name, year=year) if isinstance(row, int) else (row, path, name, year)
        problem = identity_problem(report)
        if problem is not None:
            return self._failure(Unreadable(path, sha256, data, problem, self.stamp))
        if sha256 not in self.kept:
            self.originals.append({"sha256": sha256, "data": data, "size": len(data), "created_at": utcnow()})
            self.kept.add(sha256)
        agency = self._agency(report)
        year = report.meta.year or 0
        previous = self.current.get((agency.id, year))
        row = {"agency_id": agency.id, "year": year, "sha256": sha256, "path": path, "is_current": True, **_reading(report, self.stamp)}
        before = self.current.get((agency.id, year - 1))
        entry = _Current(None, previous.version + 1 if previous else 1, report, row, self._against(report, before), previous)
        if previous is not None and previous.row is not None:
            previous.row["is_current"] = False
        self.current[(agency.id, year)] = entry
        self.new.append(entry)
        after = self.current.get((agency.id, year + 1))
        if after is not None and after.report is not None:
            after.year_findings = self._against(after.report, entry)
            if after.id is not None:
                self.rechecked[after.id] = after
        self.known[sha256] = (entry, agency.name, year)
        return entry, path, agency.name, year

    def _against(self, report: Report, before: _Current | None) -> list[Finding]:
        if before is None:
            return []
        assert before.report is not None, "the report of the year before was not loaded"
        return cross_year(report, before.report, self.config)

    @staticmethod
    def _outcome(entry: _Current, path: str, agency: str, year: int) -> IngestOutcome:
        assert entry.row is not None
        if entry.row["path"] != path:  # the same bytes as a report filed earlier in the batch
            return IngestOutcome(path, "unchanged", entry.id, agency=agency, year=year)
        return IngestOutcome(path, "updated" if entry.replaces else "new", entry.id, agency=agency, year=year)

    # -- every table's rows at once --------------------------------------------------------------------

    def _flush(self) -> None:
        session = self.session
        if self.originals:
            session.execute(insert(Original.__table__), self.originals)
        superseded = [e.replaces.id for e in self.new if e.replaces is not None and e.replaces.id is not None]
        for chunk in chunks(superseded):
            session.execute(update(ReportRow).where(ReportRow.id.in_(chunk)).values(is_current=False))
        self._insert_reports()
        cells: list[tuple[Any, ...]] = []
        findings: list[tuple[Any, ...]] = []
        history: list[dict[str, Any]] = []
        for entry in self.new:
            assert entry.id is not None and entry.report is not None and entry.row is not None
            cells += cell_rows(entry.id, entry.report)
            findings += finding_rows(entry.id, entry.report.findings, "report")
            findings += finding_rows(entry.id, entry.year_findings or [], "year")
            previous, path = entry.replaces, entry.row["path"]
            history.append({"report_id": entry.id, "event": "ingested", "detail": {"path": path, "replaces": previous.id if previous else None}})
            if previous is not None:
                history.append({"report_id": previous.id, "event": "superseded", "detail": {"by": entry.id, "path": path}})
        findings += self._recheck_stored()
        insert_rows(session, CellRow.__table__, CELL_COLUMNS, cells)
        insert_rows(session, FindingRow.__table__, FINDING_COLUMNS, findings)
        if history:
            session.execute(insert(HistoryRow.__table__), history)
        for chunk in chunks([e.row for e in self.new if e.row is not None]):
            shas, paths = [r["sha256"] for r in chunk], [r["path"] for r in chunk]
            session.execute(delete(Failure).where(or_(Failure.sha256.in_(shas), Failure.path.in_(paths))))

    def _insert_reports(self) -> None:
        """The new rows in one statement; their ids found by their unique sha256 (RETURNING in
        parameter order would cost SQLite one statement per row)."""
        if not self.new:
            return
        rows = []
        for entry in self.new:
            assert entry.report is not None and entry.row is not None
            errors, warnings = _counts(entry.report.findings + (entry.year_findings or []))
            rows.append({**entry.row, "version": entry.version, "errors": errors, "warnings": warnings})
        self.session.execute(insert(ReportRow.__table__), rows)
        ids: dict[str, int] = {}
        for chunk in chunks([r["sha256"] for r in rows]):
            ids.update((sha, rid) for sha, rid in self.session.execute(select(ReportRow.sha256, ReportRow.id).where(ReportRow.sha256.in_(chunk))))
        for entry in self.new:
            assert entry.row is not None
            entry.id = ids[entry.row["sha256"]]

    def _recheck_stored(self) -> list[tuple[Any, ...]]:
        """Stored reports of the year after a filed one: their cross-year findings replaced, their
        error and warning counts updated; returns the new findings' rows."""
        findings: list[tuple[Any, ...]] = []
        counts = []
        for chunk in chunks(list(self.rechecked)):
            self.session.execute(delete(FindingRow).where(FindingRow.report_id.in_(chunk), FindingRow.scope == "year"))
        for rid, entry in self.rechecked.items():
            assert entry.report is not None
            findings += finding_rows(rid, entry.year_findings or [], "year")
            errors, warnings = _counts(entry.report.findings + (entry.year_findings or []))
            counts.append({"id": rid, "errors": errors, "warnings": warnings})
        if counts:
            self.session.execute(update(ReportRow), counts)
        return findings


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
    for column, value in _reading(report, stamp).items():
        setattr(row, column, value)
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
    insert_rows(session, FindingRow.__table__, FINDING_COLUMNS, finding_rows(row.id, findings, "year"))
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
    insert_rows(session, FindingRow.__table__, FINDING_COLUMNS, finding_rows(row.id, findings, "report"))
    refresh_neighbours(session, row, config)
