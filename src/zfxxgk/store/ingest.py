"""Batches: ingest files into the store, and re-read stale readings from their stored originals.

The parent reads each file and skips bytes it has already stored or already failed on with the same
extractor (so a re-run after a crash only parses what is missing), hands the rest to the parsers, and
stores each result in its own transaction as it arrives.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..check import CheckConfig
from .jobs import ExecutorKind, Job, Parsed, Parsers, default_workers
from .schema import Agency, Failure, HistoryRow, Original, ReportRow
from .stamp import extractor_version
from .writer import IngestOutcome, reread, save_failure, save_report

OnOutcome = Callable[[IngestOutcome], None]
TRANSIENT = "transient"  # the stamp of a failure that says nothing about the file: retried by every run


@dataclass(slots=True)
class IngestSummary:
    """Every file's outcome, in the order they were stored, and how long the batch took."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("new", "updated", "unchanged", "failed")}

    @property
    def failures(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def rate(self) -> float:
        """Files per second."""
        return len(self.outcomes) / self.seconds if self.seconds else 0.0


def guarded(engine: Engine, name: str, write: Callable[[Session], IngestOutcome]) -> IngestOutcome:
    """Run one write in its own transaction; a database error fails this file, not the batch."""
    try:
        with Session(engine) as session, session.begin():
            return write(session)
    except SQLAlchemyError as exc:
        return IngestOutcome(name, "failed", reason=f"could not be stored ({exc.__class__.__name__}: {exc})")


def _store(engine: Engine, parsed: Parsed, stamp: str, config: CheckConfig | None) -> IngestOutcome:
    job = parsed.job
    if parsed.report is None:
        failure_stamp = TRANSIENT if parsed.transient else stamp
        reason = parsed.reason or "unknown error"
        return guarded(engine, job.name, partial(save_failure, path=job.name, sha256=str(job.key), data=job.data, reason=reason, stamp=failure_stamp))
    return guarded(engine, job.name, partial(save_report, report=parsed.report, data=job.data, stamp=stamp, config=config))


class _Batch:
    """Collects outcomes, reports each to the caller's callback, and times the batch."""

    def __init__(self, on_outcome: OnOutcome | None) -> None:
        self.summary = IngestSummary()
        self.on_outcome = on_outcome
        self.started = time.perf_counter()

    def add(self, outcome: IngestOutcome) -> None:
        self.summary.outcomes.append(outcome)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def done(self) -> IngestSummary:
        self.summary.seconds = time.perf_counter() - self.started
        return self.summary


def ingest_files(
    engine: Engine,
    files: Iterable[Path],
    workers: int | None = None,
    executor: ExecutorKind = "process",
    scheduler: str | None = None,
    config: CheckConfig | None = None,
    on_outcome: OnOutcome | None = None,
) -> IngestSummary:
    """Store every file; each gets exactly one outcome, and no file's failure stops the others."""
    files = list(files)
    workers = min(workers or default_workers(), max(1, len(files)))  # no pool to start for one file
    stamp = extractor_version()
    batch = _Batch(on_outcome)
    with Session(engine) as session:
        rows = session.execute(select(ReportRow.sha256, ReportRow.id, Agency.name, ReportRow.year).join(Agency))
        known = {sha: (rid, name, year) for sha, rid, name, year in rows}
        failed = dict(session.execute(select(Failure.sha256, Failure.reason).where(Failure.extractor_version == stamp, Failure.sha256.is_not(None))).all())

    def jobs() -> Iterator[Job]:
        for path in files:
            name = str(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                unreadable = partial(save_failure, path=name, sha256=None, data=None, reason=exc.strerror or str(exc), stamp=stamp)
                batch.add(guarded(engine, name, unreadable))
                continue
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 in known:
                rid, agency, year = known[sha256]
                batch.add(IngestOutcome(name, "unchanged", rid, agency=agency, year=year))
            elif sha256 in failed:
                again = partial(save_failure, path=name, sha256=sha256, data=data, reason=failed[sha256], stamp=stamp)
                batch.add(guarded(engine, name, again))
            else:
                yield Job(sha256, name, data)

    with Parsers(workers, executor, scheduler, config) as parsers:
        for parsed in parsers.map(jobs()):
            batch.add(_store(engine, parsed, stamp, config))
    return batch.done()


def _stale_jobs(engine: Engine, stamp: str) -> Iterator[Job]:
    """Stored readings and failures made by another extractor version, with their originals."""
    with Session(engine) as session:
        reports = session.execute(select(ReportRow.id, ReportRow.path, ReportRow.sha256).where(ReportRow.extractor_version != stamp)).all()
        failures = session.execute(
            select(Failure.path, Failure.sha256).where(Failure.extractor_version != stamp, Failure.sha256.is_not(None))
        ).all()
    items = [(("report", rid), path, sha) for rid, path, sha in reports] + [(("failure", sha), path, sha) for path, sha in failures]
    for key, path, sha256 in items:
        with Session(engine) as session:
            original = session.get(Original, sha256)
            data = original.data if original is not None else b""
        yield Job(key, path, data)


def _restore(session: Session, parsed: Parsed, stamp: str, config: CheckConfig | None) -> IngestOutcome:
    kind, ident = parsed.job.key  # type: ignore[misc]
    name = parsed.job.name
    if kind == "failure":
        if parsed.report is None:
            return save_failure(session, name, ident, parsed.job.data, parsed.reason or "unknown error", stamp)
        return save_report(session, parsed.report, parsed.job.data, stamp, config)
    row = session.get(ReportRow, ident)
    if row is None:
        return IngestOutcome(name, "failed", reason="the report was deleted while it was being re-read")
    if parsed.report is None:
        session.add(HistoryRow(report_id=row.id, event="reprocess_failed", detail={"reason": parsed.reason}))
        return IngestOutcome(name, "failed", row.id, reason=parsed.reason)
    return reread(session, row, parsed.report, stamp, config)


def reprocess(
    engine: Engine,
    workers: int | None = None,
    executor: ExecutorKind = "process",
    scheduler: str | None = None,
    config: CheckConfig | None = None,
    on_outcome: OnOutcome | None = None,
) -> IngestSummary:
    """Re-read every stale reading and failure from its stored original; corrections are kept.

    A reading that fails now keeps its old cells (and the failure is recorded in its history).
    """
    stamp = extractor_version()
    batch = _Batch(on_outcome)
    with Parsers(workers, executor, scheduler, config) as parsers:
        for parsed in parsers.map(_stale_jobs(engine, stamp)):
            batch.add(guarded(engine, parsed.job.name, partial(_restore, parsed=parsed, stamp=stamp, config=config)))
    return batch.done()
