"""Parsing many files at once: in this process, in a process pool, or on a Dask cluster.

Workers only parse; they never touch the database. Each result returns to the parent, where the one
writer stores it, so SQLite sees a single writer and a crash loses at most the reports in flight. At most
a few jobs per worker are in flight, which bounds the parent's memory on batches of any size.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Literal

from ..check import CheckConfig
from ..errors import ZfxxgkError
from ..model import Report
from ..pipeline import parse_bytes
from .database import StoreError

ExecutorKind = Literal["process", "dask"]
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Job:
    """One file to parse; `key` lets the caller match the result to what it keeps (bytes, row id)."""

    key: object
    name: str
    data: bytes


@dataclass(slots=True)
class Parsed:
    job: Job
    report: Report | None
    reason: str | None
    transient: bool = False  # the worker died or the cluster failed: the file itself may be fine


def parse_job(name: str, data: bytes, config: CheckConfig | None) -> tuple[Report | None, str | None]:
    """Runs in a worker: the checked report, or the reason it could not be read. Never raises."""
    try:
        return parse_bytes(data, name, config), None
    except ZfxxgkError as exc:
        return None, getattr(exc, "reason", str(exc))
    except Exception as exc:  # a bug in a reader must fail this file, not the batch
        return None, f"internal error while reading ({exc.__class__.__name__}: {exc})"


def default_workers() -> int:
    return os.cpu_count() or 1


class Parsers(AbstractContextManager["Parsers"]):
    """Where parsing runs: `workers=1` in this process, else a process pool or a Dask cluster."""

    def __init__(self, workers: int | None = None, executor: ExecutorKind = "process", scheduler: str | None = None, config: CheckConfig | None = None) -> None:
        self.workers = workers or default_workers()
        self.kind = executor
        self.scheduler = scheduler
        self.config = config
        self._executor: Executor | None = None
        self._client: object = None
        if executor == "dask":
            self._start_dask()
        elif executor != "process":
            raise StoreError(f"unknown executor {executor!r}; use process or dask")

    def _start_dask(self) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise StoreError("the dask executor needs the `dask` extra: pip install 'zfxxgk[dask]'") from exc
        if not self.scheduler:
            raise StoreError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        try:
            self._client = Client(self.scheduler, timeout=10)
        except OSError as exc:
            raise StoreError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        self._executor = self._client.get_executor()  # type: ignore[attr-defined]
        self.workers = max(1, sum(self._client.nthreads().values()))  # type: ignore[attr-defined]

    def _pool(self) -> Executor | None:
        if self._executor is None and self.kind == "process" and self.workers > 1:
            self._executor = ProcessPoolExecutor(self.workers)
        return self._executor

    def map(self, jobs: Iterable[Job]) -> Iterator[Parsed]:
        """Parse every job, yielding results as they complete (not in job order)."""
        pool = self._pool()
        if pool is None:
            for job in jobs:
                yield Parsed(job, *parse_job(job.name, job.data, self.config))
            return
        yield from self._bounded(jobs, pool)

    def _bounded(self, jobs: Iterable[Job], pool: Executor) -> Iterator[Parsed]:
        pending: dict[Future, tuple[Job, Executor]] = {}
        source = iter(jobs)
        window = self.workers * IN_FLIGHT_PER_WORKER
        while True:
            for job in source:
                pending[pool.submit(parse_job, job.name, job.data, self.config)] = (job, pool)
                if len(pending) >= window:
                    break
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job, ran_on = pending.pop(future)
                try:
                    yield Parsed(job, *future.result())
                except BrokenProcessPool:
                    yield Parsed(job, None, "the parsing process crashed on this file or one parsed beside it; ingest it again", True)
                    if ran_on is pool:
                        pool = self._restart()
                except Exception as exc:
                    yield Parsed(job, None, f"parsing failed in the worker ({exc.__class__.__name__}: {exc})", True)

    def _restart(self) -> Executor:
        """A fresh pool after a worker died (a crash in a native reader kills the whole pool)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = None
        pool = self._pool()
        assert pool is not None
        return pool

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        if self._client is not None:
            self._client.close()  # type: ignore[attr-defined]
            self._client = None

    def __exit__(self, *exc: object) -> None:
        self.close()
