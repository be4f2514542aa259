"""Batches: ingest files into the store, and re-read stale readings from their stored originals.

The parent reads each file and skips bytes it has already stored or already failed on with the same
extractor (so a re-run after a crash only parses what is missing), hands the rest to the parsers, and
stores the results in batches, one transaction each: a batch is written when it holds `BATCH_SIZE`
results or its first result has waited `BATCH_SECONDS`. A kill loses at most the batch being collected,
which the re-run parses again. When a batch's transaction fails, each of its results is stored alone,
so a report the database refuses fails by itself, with the reason.
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
from .writer import IngestOutcome, Pending, Unreadable, pending_name, reread, save_batch, save_failure, save_report

OnOutcome = Callable[[IngestOutcome], None]
TRANSIENT = "transient"  # the stamp of a failure that says nothing about the file: retried by every run
BATCH_SIZE = 200
BATCH_SECONDS = 2.0


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


def _pending(parsed: Parsed, stamp: str) -> Pending:
    job = parsed.job
    if parsed.report is None:
        return Unreadable(job.name, str(job.key), job.data, parsed.reason or "unknown error", TRANSIENT if parsed.transient else stamp)
    return parsed.report, job.data


class _Batch:
    """Collects outcomes, reports each to the caller's callback, and times the run; holds the results
    waiting for the next transaction."""

    def __init__(self, engine: Engine, stamp: str, config: CheckConfig | None, on_outcome: OnOutcome | None) -> None:
        self.engine, self.stamp, self.config = engine, stamp, config
        self.summary = IngestSummary()
        self.on_outcome = on_outcome
        self.started = time.perf_counter()
        self.waiting: list[Pending] = []
        self.since = 0.0

    def add(self, outcome: IngestOutcome) -> None:
        self.summary.outcomes.append(outcome)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def hold(self, item: Pending) -> None:
        """Queue a result for the next transaction, which runs once the batch is full or old enough."""
        if not self.waiting:
            self.since = time.perf_counter()
        self.waiting.append(item)
        if len(self.waiting) >= BATCH_SIZE or time.perf_counter() - self.since >= BATCH_SECONDS:
            self.write()

    def write(self) -> None:
        """Store the waiting results in one transaction; if it fails, each alone."""
        items, self.waiting = self.waiting, []
        if not items:
            return
        try:
            with Session(self.engine) as session, session.begin():
                outcomes = save_batch(session, items, self.stamp, self.config)
        except SQLAlchemyError:
            outcomes = [guarded(self.engine, pending_name(item), partial(self._alone, item=item)) for item in items]
        for outcome in outcomes:
            self.add(outcome)

    def _alone(self, session: Session, item: Pending) -> IngestOutcome:
        return save_batch(session, [item], self.stamp, self.config)[0]

    def done(self) -> IngestSummary:
        self.write()
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
    batch = _Batch(engine, stamp, config, on_outcome)
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
                batch.hold(Unreadable(name, None, None, exc.strerror or str(exc), stamp))
                continue
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 in known:
                rid, agency, year = known[sha256]
                batch.add(IngestOutcome(name, "unchanged", rid, agency=agency, year=year))
            elif sha256 in failed:
                batch.hold(Unreadable(name, sha256, data, failed[sha256], stamp))
            else:
                yield Job(sha256, name, data)

    with Parsers(workers, executor, scheduler, config) as parsers:
        for parsed in parsers.map(jobs()):
            batch.hold(_pending(parsed, stamp))
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
    batch = _Batch(engine, stamp, config, on_outcome)
    with Parsers(workers, executor, scheduler, config) as parsers:
        for parsed in parsers.map(_stale_jobs(engine, stamp)):
            batch.add(guarded(engine, parsed.job.name, partial(_restore, parsed=parsed, stamp=stamp, config=config)))
    return batch.done()
