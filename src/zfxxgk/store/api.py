"""`Store`, the object the CLI, notebooks and the web app use, and one function per command.

Every method opens its own short transaction, so a Store can be shared by a web server's threads and a
long batch never holds a lock between reports. Functions (`ingest`, `export`, …) open a Store on the
URL given (or $ZFXXGK_DB, or `zfxxgk.db`), run one method and close it: the library twin of each command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..check import CheckConfig
from ..model import Report
from . import agencies as agency_names
from .aggregate import Aggregate
from .aggregate import aggregate as aggregate_reports
from .compare import Comparison
from .compare import compare as compare_reports
from .corrections import correct as correct_cell
from .database import open_engine
from .export import Format, Shape
from .export import export as export_reports
from ..paths import expand
from .ingest import IngestSummary, OnOutcome, guarded, ingest_files
from .ingest import reprocess as reprocess_stale
from .jobs import ExecutorKind, parse_job
from .reports import ReportSummary, Sort, StoredReport, count_reports, list_reports, stored_report
from .schema import Failure
from .stamp import extractor_version
from .writer import IngestOutcome, save_failure, save_report, unchanged


class Store:
    """A database of reports. Open with `Store.open(url)`; close with `close()` or a `with` block."""

    def __init__(self, engine: Engine, config: CheckConfig | None = None) -> None:
        self.engine = engine
        self.config = config

    @classmethod
    def open(cls, url: str | None = None, config: CheckConfig | None = None) -> Store:
        """Open (creating or upgrading) the database at `url`, $ZFXXGK_DB, or ./zfxxgk.db."""
        return cls(open_engine(url), config)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _session(self) -> Session:
        return Session(self.engine)

    # -- writing ---------------------------------------------------------------------------------------

    def ingest_bytes(self, data: bytes, name: str, write_lock: AbstractContextManager[Any] | None = None) -> IngestOutcome:
        """Parse and store one upload in this process: new, updated, unchanged or failed (with reason).

        Threads that ingest at once share a `write_lock`: they parse side by side, and write one at a time
        (a SQLite database takes one writer; a version read and then replaced must not race another)."""
        stamp = extractor_version()
        sha256 = hashlib.sha256(data).hexdigest()
        with self._session() as session:
            known = unchanged(session, name, sha256)
        if known is not None:
            return known
        report, reason = parse_job(name, data, self.config)
        if report is None:
            write = partial(save_failure, path=name, sha256=sha256, data=data, reason=reason or "unknown error", stamp=stamp)
        else:
            write = partial(save_report, report=report, data=data, stamp=stamp, config=self.config)
        with write_lock or nullcontext():
            return guarded(self.engine, name, write)

    def ingest(
        self,
        paths: Iterable[str | Path],
        workers: int | None = None,
        executor: ExecutorKind = "process",
        scheduler: str | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> IngestSummary:
        """Ingest files, folders (recursively) and globs; `workers` defaults to the number of cores."""
        return self.ingest_files(expand(paths), workers, executor, scheduler, on_outcome)

    def ingest_files(
        self,
        files: Iterable[Path],
        workers: int | None = None,
        executor: ExecutorKind = "process",
        scheduler: str | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> IngestSummary:
        """Ingest these files (no folder or glob expansion); each gets one outcome, in completion order."""
        return ingest_files(self.engine, files, workers, executor, scheduler, self.config, on_outcome)

    def reprocess(
        self,
        workers: int | None = None,
        executor: ExecutorKind = "process",
        scheduler: str | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> IngestSummary:
        """Re-read every report and failure stored by another extractor or rules version."""
        return reprocess_stale(self.engine, workers, executor, scheduler, self.config, on_outcome)

    def correct(self, report_id: int, cell: str, value: str | int | float | None, reason: str, author: str | None = None) -> Report:
        """Correct one cell (the printed value is kept), re-run the checks, return the corrected report."""
        with self._session() as session, session.begin():
            return correct_cell(session, report_id, cell, value, reason, author, self.config)

    def add_alias(self, agency: str, alias: str) -> None:
        """Declare that `alias` names the stored agency `agency` (for names the matcher cannot join)."""
        with self._session() as session, session.begin():
            agency_names.add_alias(session, agency, alias)

    # -- reading ---------------------------------------------------------------------------------------

    def list_reports(
        self,
        year: int | None = None,
        agency: str | None = None,
        template: str | None = None,
        has_errors: bool | None = None,
        sort: Sort = "agency",
        include_history: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ReportSummary]:
        """Current reports (every version with `include_history`); sort by agency, year, errors, ingested;
        `limit` and `offset` for one page."""
        with self._session() as session:
            return list_reports(session, year, agency, template, has_errors, sort, include_history, limit, offset)

    def count_reports(
        self,
        year: int | None = None,
        agency: str | None = None,
        template: str | None = None,
        has_errors: bool | None = None,
        include_history: bool = False,
    ) -> int:
        """How many reports `list_reports` lists with these filters."""
        with self._session() as session:
            return count_reports(session, year, agency, template, has_errors, include_history)

    def get_report(self, report_id: int) -> StoredReport:
        """The Report with corrections applied, its original bytes, its record, corrections and history."""
        with self._session() as session:
            return stored_report(session, report_id)

    def compare(self, agency: str, year_a: int, year_b: int) -> Comparison:
        with self._session() as session:
            return compare_reports(session, agency, year_a, year_b)

    def aggregate(self, year: int, agency_prefix: str | None = None, agencies: list[str] | None = None) -> Aggregate:
        with self._session() as session:
            return aggregate_reports(session, year, agency_prefix, agencies)

    def agencies(self) -> list[agency_names.AgencyInfo]:
        with self._session() as session:
            return agency_names.listing(session)

    def failures(self) -> list[IngestOutcome]:
        """Files that could not be read, with the reason, most recent first."""
        with self._session() as session:
            rows = session.scalars(select(Failure).order_by(Failure.failed_at.desc(), Failure.id.desc()))
            return [IngestOutcome(f.path, "failed", reason=f.reason) for f in rows]

    def export(self, path: str | Path, format: Format | None = None, shape: Shape = "wide", year: int | None = None) -> int:
        with self._session() as session:
            return export_reports(session, path, format, shape, year)


def ingest(
    paths: Iterable[str | Path] | str | Path,
    db: str | None = None,
    workers: int | None = None,
    executor: ExecutorKind = "process",
    scheduler: str | None = None,
    config: CheckConfig | None = None,
    on_outcome: OnOutcome | None = None,
) -> IngestSummary:
    """`zfxxgk ingest`: store every report under the paths (files, folders, globs)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    with Store.open(db, config) as store:
        return store.ingest(paths, workers, executor, scheduler, on_outcome)


def reprocess(
    db: str | None = None,
    workers: int | None = None,
    executor: ExecutorKind = "process",
    scheduler: str | None = None,
    config: CheckConfig | None = None,
    on_outcome: OnOutcome | None = None,
) -> IngestSummary:
    """`zfxxgk reprocess`: re-read stale readings from their stored originals."""
    with Store.open(db, config) as store:
        return store.reprocess(workers, executor, scheduler, on_outcome)


def export(path: str | Path, format: Format | None = None, shape: Shape = "wide", year: int | None = None, db: str | None = None) -> int:
    """`zfxxgk export`: write current reports to CSV, XLSX, Parquet or JSON Lines; returns rows written."""
    with Store.open(db) as store:
        return store.export(path, format, shape, year)


def compare(agency: str, year_a: int, year_b: int, db: str | None = None) -> Comparison:
    """`zfxxgk compare`: one agency's two years, cell by cell, with the `year.*` checks."""
    with Store.open(db) as store:
        return store.compare(agency, year_a, year_b)


def aggregate(year: int, agency_prefix: str | None = None, agencies: list[str] | None = None, db: str | None = None) -> Aggregate:
    """`zfxxgk aggregate`: a jurisdiction's totals for a year, checked, with missing agencies named."""
    with Store.open(db) as store:
        return store.aggregate(year, agency_prefix, agencies)


def correct(
    report_id: int,
    cell: str,
    value: str | int | float | None,
    reason: str,
    author: str | None = None,
    db: str | None = None,
    config: CheckConfig | None = None,
) -> Report:
    """`zfxxgk correct`: a reviewer's value for one cell; returns the corrected, re-checked report."""
    with Store.open(db, config) as store:
        return store.correct(report_id, cell, value, reason, author)


__all__ = ["Store", "aggregate", "compare", "correct", "export", "ingest", "reprocess"]
