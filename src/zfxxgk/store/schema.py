"""The database tables, as SQLAlchemy 2 declarative models.

A report (one row of `reports`) is one file's reading: the (agency, year) it covers, its cells and
findings, and the extractor version that read it. Originals are kept once per sha256 in `originals`, so
re-extraction never needs the file again. A newer file for the same agency-year leaves the older row in
place with `is_current = false`; `history` records every such event. Reviewers' corrections live beside the
cells they correct, never over them.

Any change here needs a new migration in `migrations/versions/` (the database is upgraded on open).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Agency(Base):
    """A reporting body under its fullest known name; every other spelling is an alias."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    aliases: Mapped[list[AgencyAlias]] = relationship(back_populates="agency", cascade="all, delete-orphan")


class AgencyAlias(Base):
    """One spelling of an agency's name as reports print it (`西园街道`, `晋江市西园街道办事处`)."""

    __tablename__ = "agency_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    agency: Mapped[Agency] = relationship(back_populates="aliases")


class Original(Base):
    """A file's bytes, stored once however many times it is ingested."""

    __tablename__ = "originals"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportRow(Base):
    """One file's reading of one agency-year; at most one row per agency-year is current."""

    __tablename__ = "reports"
    __table_args__ = (
        Index(
            "uq_reports_current_agency_year",
            "agency_id",
            "year",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_reports_year_current", "year", "is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(ForeignKey("originals.sha256"), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(40))
    pages: Mapped[int | None] = mapped_column(Integer)
    agency_printed: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    narrative: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    extractor_version: Mapped[str] = mapped_column(String(80))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency] = relationship()
    cells: Mapped[list[CellRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class CellRow(Base):
    """A template cell as the report prints it; `is_int` keeps 52 apart from 52.0 (the output contract).

    Keyed by (report, cell) and nothing else: each index costs every cell of every report stored."""

    __tablename__ = "cells"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    cell: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    is_int: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str] = mapped_column(String(10))
    raw: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str | None] = mapped_column(String(20))
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class FindingRow(Base):
    """A check result; `scope` is `report` (the report alone) or `year` (against the previous year)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default="report")
    rule: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected: Mapped[Any] = mapped_column(JSON, nullable=True)
    actual: Mapped[Any] = mapped_column(JSON, nullable=True)
    provenance: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Correction(Base):
    """A reviewer's value for a cell: who, when, why, and what the cell held before."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    cell: Mapped[str] = mapped_column(String(80))
    value: Mapped[float | None] = mapped_column(Float)
    is_int: Mapped[bool] = mapped_column(Boolean, default=True)
    original: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Failure(Base):
    """A file that could not be read as a report, with the reason; its bytes are kept for `reprocess`.

    One row per path (ten copies of one broken file are ten files to fix); a file that could not even be
    opened (missing, permission denied) has no bytes. Storing the bytes as a report removes its rows.
    """

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str | None] = mapped_column(ForeignKey("originals.sha256"), index=True)  # None: unreadable
    path: Mapped[str] = mapped_column(Text, unique=True)
    reason: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(80))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HistoryRow(Base):
    """What happened to a report and when: ingested, superseded, reprocessed, corrected."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
