"""A crawl: the frontier in the database, fetched site by site, hosts in parallel.

Each site is walked by one task, one URL at a time (its column pages, then the reports they list, then
their attachments), while up to `hosts_in_parallel` sites run at once; the fetcher keeps every host to
one request at a time whatever the sites. Database work and parsing run on one worker thread, so SQLite
sees a single writer and the event loop keeps other sites' requests moving meanwhile; documents are
parsed in a pool of worker processes (`workers`, default one per core), as `zfxxgk ingest` does.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, TypeVar

from aiohttp.abc import AbstractResolver
from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.orm import Session

from ..check import CheckConfig
from ..fetch import Fetched, Fetcher, FetchSettings
from ..fetch.safety import SocketFactory
from ..store.ingest import guarded
from ..store.jobs import default_workers
from ..store.schema import utcnow
from ..store.stamp import extractor_version
from ..store.writer import IngestOutcome
from .documents import Plan, keep_bytes, links_to_add, plan, record_report
from .links import Link
from .schema import CrawlFetch, CrawlRun, CrawlSite, CrawlUrl, Publication
from .sites import Site

T = TypeVar("T")
MAX_LIST_PAGES = 300  # list pages per site: a pager that never ends stops here
EventKind = Literal["fetched", "not_modified", "failed", "report", "site_done"]


@dataclass(frozen=True, slots=True)
class Event:
    """What the crawl just did, for progress displays: `site` is the agency (or the URL given)."""

    kind: EventKind
    site: str
    url: str
    detail: str = ""


@dataclass(slots=True)
class CrawlSummary:
    run_id: int = 0
    requests: int = 0
    not_modified: int = 0
    conditional: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    reports: list[IngestOutcome] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class _Context:
    """What the frontier knows about a URL, read before its document is parsed."""

    role: str
    site: Site | None
    year: int | None
    seen_lists: set[str]


@dataclass(slots=True)
class _Due:
    id: int
    url: str
    etag: str | None
    last_modified: str | None


def _exit_with(parent: int) -> None:
    """In each parsing process: exit when the crawler is gone. A crawler killed with -9 cannot shut its
    pool down, and forked workers wait on a queue whose other end they hold themselves, forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="zfxxgk-exit-with-crawler").start()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, also where an event loop is already running
    (a notebook, a browser driver): then on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


class Crawl:
    """One run over the frontier; `run()` resumes an interrupted run or starts a new one."""

    def __init__(
        self,
        engine: Engine,
        settings: FetchSettings | None = None,
        year: int | None = None,
        config: CheckConfig | None = None,
        on_event: Callable[[Event], None] | None = None,
        resolver: AbstractResolver | None = None,
        socket_factory: SocketFactory | None = None,
        workers: int | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or FetchSettings()
        self.year = year
        self.config = config
        self.on_event = on_event
        self.resolver = resolver
        self.socket_factory = socket_factory
        self.summary = CrawlSummary()
        self.stamp = extractor_version()
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zfxxgk-crawl-db")
        workers = workers or default_workers()
        self._parsers = ProcessPoolExecutor(workers, initializer=_exit_with, initargs=(os.getpid(),)) if workers > 1 else None

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._db, partial(fn, *args))

    def run(self, sites: list[Site], urls: list[str], only_known: bool = False) -> CrawlSummary:
        """Seed the frontier with `sites` and `urls` and crawl until nothing is due."""
        started = time.perf_counter()
        try:
            run_async(self._run(sites, urls, only_known))
        finally:
            self._db.shutdown(wait=True)
            if self._parsers is not None:
                self._parsers.shutdown(wait=True, cancel_futures=True)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    async def _run(self, sites: list[Site], urls: list[str], only_known: bool) -> None:
        self.summary.run_id = await self._call(self._start)
        groups = await self._call(self._seed, sites, urls, only_known)
        gate = asyncio.Semaphore(self.settings.hosts_in_parallel)
        async with Fetcher(self.settings, self.resolver, self.socket_factory) as fetcher:
            await asyncio.gather(*(self._site(fetcher, gate, site_id, label) for site_id, label in groups))
        await self._call(self._finish)

    # -- the frontier ----------------------------------------------------------------------------------

    def _start(self) -> int:
        with Session(self.engine) as session, session.begin():
            last = session.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))
            if last is not None and last.finished_at is None:
                return last.id
            run = CrawlRun()
            session.add(run)
            session.flush()
            return run.id

    def _finish(self) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(CrawlRun).where(CrawlRun.id == self.summary.run_id).values(finished_at=utcnow()))

    def _seed(self, sites: list[Site], urls: list[str], only_known: bool) -> list[tuple[int | None, str]]:
        """Add the sites and URLs to the frontier; the groups (site id, label) that have due URLs."""
        with Session(self.engine) as session, session.begin():
            for site in sites:
                row = session.scalar(select(CrawlSite).where(CrawlSite.agency == site.agency, CrawlSite.url == site.url))
                if row is None:
                    row = CrawlSite(agency=site.agency, url=site.url, level=site.level, parent=site.parent)
                    session.add(row)
                    session.flush()
                else:
                    row.level, row.parent = site.level or row.level, site.parent or row.parent
                _add_url(session, site.url, row.id, "column", True, None, None)
            for url in urls:
                _add_url(session, url, None, "entry", True, None, None)
            wanted = [s.agency for s in sites]
            query = select(CrawlSite.id, CrawlSite.agency)
            if sites or not only_known:  # the sites given; `watch` without a site list: every known site
                query = query.where(CrawlSite.agency.in_(wanted))
            groups: list[tuple[int | None, str]] = [(sid, agency) for sid, agency in session.execute(query)]
            if urls or only_known:
                groups.append((None, "（单独地址）"))
            return groups

    def _next(self, site_id: int | None) -> _Due | None:
        with Session(self.engine) as session:
            where = CrawlUrl.site_id == site_id if site_id is not None else CrawlUrl.site_id.is_(None)
            due = or_(CrawlUrl.run_id.is_(None), CrawlUrl.run_id != self.summary.run_id)
            row = session.scalar(select(CrawlUrl).where(where, due).order_by(CrawlUrl.id).limit(1))
            return _Due(row.id, row.url, row.etag, row.last_modified) if row is not None else None

    # -- one site --------------------------------------------------------------------------------------

    async def _site(self, fetcher: Fetcher, gate: asyncio.Semaphore, site_id: int | None, label: str) -> None:
        async with gate:
            while (due := await self._call(self._next, site_id)) is not None:
                got = await fetcher.get(due.url, due.etag, due.last_modified)
                self.summary.requests += 1
                try:
                    context = await self._call(self._prepare, due)
                    the_plan = await self._plan(context, got)
                    event = await self._call(self._process, due, got, context, the_plan, label)
                except Exception as exc:  # a bug on one page must cost that page, not the crawl
                    event = await self._call(self._give_up, due, f"内部错误（{exc.__class__.__name__}: {exc}）", label)
                if self.on_event is not None:
                    self.on_event(event)
            if self.on_event is not None:
                self.on_event(Event("site_done", label, ""))

    def _prepare(self, due: _Due) -> _Context:
        with Session(self.engine) as session:
            row = session.get(CrawlUrl, due.id)
            assert row is not None
            site = session.get(CrawlSite, row.site_id) if row.site_id else None
            seen = _list_hashes(session, row.site_id, row.id) if row.role == "column" else set()
            as_site = Site(site.agency, site.url, site.level, site.parent) if site else None
            return _Context(row.role, as_site, row.year or self.year, seen)

    async def _plan(self, context: _Context, got: Fetched) -> Plan | None:
        """What the document is, parsed in a worker process (parsing is the slow part of a crawl)."""
        if got.data is None or got.status != 200:
            return None
        job = partial(plan, context.role, got.final_url, got.data, context.site, context.year, self.config)
        if self._parsers is not None:
            try:
                return await asyncio.get_running_loop().run_in_executor(self._parsers, job)
            except BrokenProcessPool:
                self._parsers = None  # a worker died (out of memory?): parse here from now on
        return await asyncio.get_running_loop().run_in_executor(self._db, job)

    def _process(self, due: _Due, got: Fetched, context: _Context, the_plan: Plan | None, label: str) -> Event:
        """Record one fetch and everything that follows from it, in one transaction."""
        conditional = bool(due.etag or due.last_modified)
        self.summary.conditional += conditional
        outcome: list[IngestOutcome | None] = [None]

        def write(session: Session) -> IngestOutcome:
            row = session.get(CrawlUrl, due.id)
            assert row is not None
            self._facts(session, row, got, conditional)
            if the_plan is not None and got.data is not None:
                self._apply(session, row, the_plan, got, context.seen_lists)
                outcome[0] = self._report(session, row, the_plan, got)
            elif got.status in (404, 410):
                publication = session.scalar(select(Publication).where(Publication.url_id == row.id))
                if publication is not None:
                    publication.removed = f"HTTP {got.status}"
            return IngestOutcome(row.url, "unchanged")

        stored = guarded(self.engine, due.url, write)
        if stored.status == "failed":
            return self._give_up(due, stored.reason or "", label)
        return self._event(due.url, got, outcome[0], label)

    def _give_up(self, due: _Due, reason: str, label: str) -> Event:
        """Mark a URL that could not be processed as failed in this run, so the crawl moves on."""
        with Session(self.engine) as session, session.begin():
            session.execute(update(CrawlUrl).where(CrawlUrl.id == due.id).values(run_id=self.summary.run_id, state="failed", reason=reason))
        self.summary.failures.append((due.url, reason))
        return Event("failed", label, due.url, reason)

    def _event(self, url: str, got: Fetched, outcome: IngestOutcome | None, label: str) -> Event:
        if got.error is not None or got.status not in (200, 304):
            reason = got.error or f"HTTP {got.status}"
            self.summary.failures.append((url, reason))
            return Event("failed", label, url, reason)
        if got.not_modified:
            self.summary.not_modified += 1
            return Event("not_modified", label, url)
        if outcome is not None:
            self.summary.reports.append(outcome)
            if outcome.status == "failed":
                self.summary.failures.append((url, outcome.reason or ""))
            return Event("report", label, url, f"{outcome.status} {outcome.agency or ''} {outcome.year or ''}".strip())
        return Event("fetched", label, url)

    def _facts(self, session: Session, row: CrawlUrl, got: Fetched, conditional: bool) -> None:
        row.run_id = self.summary.run_id
        row.fetched_at = got.fetched_at
        sha256 = got.sha256
        session.add(
            CrawlFetch(
                url_id=row.id, run_id=self.summary.run_id, at=got.fetched_at, conditional=conditional, status=got.status,
                final_url=got.final_url, content_type=got.content_type, last_modified=got.last_modified, etag=got.etag,
                sha256=sha256, size=len(got.data) if got.data is not None else None, reason=got.error,
            )
        )
        if got.error is not None or got.status not in (200, 304):
            row.state, row.reason = "failed", got.error or f"HTTP {got.status}"
            return
        row.state, row.reason = "done", None
        if got.status == 200:
            row.status, row.final_url, row.content_type = got.status, got.final_url, got.content_type
            row.last_modified, row.etag, row.sha256 = got.last_modified, got.etag, sha256

    def _apply(self, session: Session, row: CrawlUrl, the_plan: Plan, got: Fetched, seen_lists: set[str]) -> None:
        """Add the links the document offers to the frontier."""
        row.role = the_plan.role
        if row.role == "column" and row.referrer is None and the_plan.links.columns:
            row.annual = False  # a 政府信息公开 page linking its 年报 column: reports linked here are outside it
        follow = row.role == "column" and row.sha256 not in seen_lists and _list_pages(session, row.site_id) < MAX_LIST_PAGES
        for url, role, annual, link in links_to_add(the_plan, row, self.year, follow):
            _add_url(session, url, row.site_id, role, annual, row.url, link)

    def _report(self, session: Session, row: CrawlUrl, the_plan: Plan, got: Fetched) -> IngestOutcome | None:
        if the_plan.role == "column" or got.data is None:
            return None
        sha256 = got.sha256
        assert sha256 is not None
        keep_bytes(session, sha256, got.data)
        if the_plan.report is None and the_plan.machine_readable:
            row.reason = the_plan.reason
        published = the_plan.links.published or row.listed
        return record_report(session, row, the_plan, got.data, self.stamp, self.config, published)


def _add_url(session: Session, url: str, site_id: int | None, role: str, annual: bool, referrer: str | None, link: Link | None) -> None:
    """A URL enters the frontier once; found again from the 年报 column, it counts as in the column."""
    row = session.scalar(select(CrawlUrl).where(CrawlUrl.url == url))
    if row is not None:
        row.annual = row.annual or annual
        if row.site_id is None and site_id is not None:
            row.site_id = site_id  # fetched by URL before, now an agency's: it is crawled with its site
        return
    session.add(
        CrawlUrl(
            url=url, site_id=site_id, role=role, annual=annual, referrer=referrer,
            title=link.text if link else None, year=link.year if link else None, listed=link.listed if link else None,
        )
    )
    session.flush()


def _list_hashes(session: Session, site_id: int | None, exclude: int) -> set[str]:
    """The contents of the site's other list pages: a page equal to one of them is a pagination loop."""
    rows = session.scalars(select(CrawlUrl.sha256).where(CrawlUrl.site_id == site_id, CrawlUrl.role == "column", CrawlUrl.id != exclude, CrawlUrl.sha256.is_not(None)))
    return set(rows)


def _list_pages(session: Session, site_id: int | None) -> int:
    return session.scalar(select(func.count()).where(CrawlUrl.site_id == site_id, CrawlUrl.role == "column")) or 0
