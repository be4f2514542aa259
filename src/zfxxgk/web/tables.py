"""The web app's own tables, beside the store's: sign-in sessions, reviewer accounts, the upload queue.

They are in the database, not in the server's memory, because each must outlive the process: a session
survives a restart (nobody is signed out by an upgrade) yet ends the moment it is revoked; an upload
answered "queued" is stored after a crash or a restart, or listed as failed with the reason.

Any change here needs a new migration in `zfxxgk/store/migrations/versions/`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import Base, utcnow


class SessionRow(Base):
    """One signed-in browser. The cookie holds a random value; only its sha256 is kept here, so reading
    the database does not let anyone take over a session. `kind`: `desk` (a desk user), `reviewer` (a
    named reviewer) or `token` (signed in with the server's shared token)."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    user: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewerRow(Base):
    """A named reviewer of the reports' app: corrections carry this name (never one the client sends)."""

    __tablename__ = "web_reviewers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UploadBatchRow(Base):
    __tablename__ = "upload_batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class UploadFileRow(Base):
    """One uploaded file of a batch: its spooled copy is `spool/sha256` until the worker has stored it."""

    __tablename__ = "upload_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("upload_batches.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    report_id: Mapped[int | None] = mapped_column(Integer)
    agency: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
