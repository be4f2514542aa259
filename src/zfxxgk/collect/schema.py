"""The crawl's tables, beside the report store's: the site list, the frontier with each URL's HTTP facts,
every fetch made, and where each report was published.

The frontier lives here, not in memory, so a crawl killed at any point resumes where it stopped: a URL
is due in a run until that run has fetched it (`run_id`), and a new run makes every known URL due
again, with its validators (ETag, Last-Modified) for a conditional request.

Any change here needs a new migration in `zfxxgk/store/migrations/versions/`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import Base, utcnow


class CrawlSite(Base):
    """One row of a site list: an agency, its 年报 column (or 政府信息公开 page), its level and parent."""

    __tablename__ = "crawl_sites"
    __table_args__ = (UniqueConstraint("agency", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(20))
    parent: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CrawlRun(Base):
    """One `zfxxgk fetch` or `watch`; a run without `finished_at` was interrupted and is resumed."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class HttpFacts:
    """What a server said about a document: kept for each URL (the last answer) and each fetch."""

    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    etag: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))


class CrawlUrl(HttpFacts, Base):
    """A URL of the frontier: what it is (`role`), where it was found, and its last fetch's HTTP facts.

    Roles: `entry` (given by the user, not yet known), `column` (a list page), `page` (a report's page),
    `file` (an attachment or a report file). `annual` marks pages of an agency's 年报 column: a report
    linked only from elsewhere is published outside its column.
    """

    __tablename__ = "crawl_urls"
    __table_args__ = (Index("ix_crawl_urls_site_run", "site_id", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_sites.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    annual: Mapped[bool] = mapped_column(Boolean, default=False)
    referrer: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    listed: Mapped[str | None] = mapped_column(String(10))  # the date beside the link in the list
    run_id: Mapped[int | None] = mapped_column(Integer)  # the run that fetched it last
    state: Mapped[str] = mapped_column(String(10), default="todo")  # todo, done, failed
    reason: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CrawlFetch(HttpFacts, Base):
    """One request's outcome, kept for the fetch history a reviewer reads on the 发布监测 page."""

    __tablename__ = "crawl_fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    url_id: Mapped[int] = mapped_column(ForeignKey("crawl_urls.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    conditional: Mapped[bool] = mapped_column(Boolean, default=False)
    size: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)


class Publication(Base):
    """A report as published at one URL: the reading first seen there, the current one, and its state."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    url_id: Mapped[int] = mapped_column(ForeignKey("crawl_urls.id", ondelete="CASCADE"), unique=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_sites.id", ondelete="SET NULL"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))  # None: a scan nothing could read
    first_report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    published: Mapped[str | None] = mapped_column(String(10))  # the date the page prints, else the list's
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    in_column: Mapped[bool] = mapped_column(Boolean, default=True)
    machine_readable: Mapped[bool] = mapped_column(Boolean, default=True)
    removed: Mapped[str | None] = mapped_column(Text)  # why it is gone: 404, 410, another document
