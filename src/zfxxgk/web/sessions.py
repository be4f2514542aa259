"""Sign-in sessions kept in the database: revocable, rotated at every sign-in, ended at sign-out and
after idle time, and still valid after a restart.

The browser's cookie holds only a random value (never the server's token, never a name); the table keeps
its sha256, the kind of sign-in and who it is. A session ends when its user signs out, after `IDLE` without
a request, and in any case `LONGEST` after it began; a new sign-in always makes a new value (a value
planted in the browser before sign-in is worth nothing after it).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..store.schema import utcnow
from .tables import SessionRow

DESK_COOKIE = "zfxxgk_desk"
REVIEWER_COOKIE = "zfxxgk_session"
IDLE = timedelta(minutes=30)
LONGEST = timedelta(hours=12)
# `seen_at` is written at most this often, so reading pages does not turn into one write per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Signed:
    """Who a session belongs to: `kind` is desk, reviewer or token; `user` is None for the token."""

    kind: str
    user: str | None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def start(engine: Engine, kind: str, user: str | None) -> str:
    """A new session; the value to put in the cookie."""
    value = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.add(SessionRow(digest=_digest(value), kind=kind, user=user))
    return value


def resume(engine: Engine, value: str | None, kind: str | tuple[str, ...]) -> Signed | None:
    """The live session of this cookie value (of one of the kinds), its idle clock restarted; else None."""
    if not value:
        return None
    kinds = (kind,) if isinstance(kind, str) else kind
    now = utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalar(select(SessionRow).where(SessionRow.digest == _digest(value)))
        if row is None or row.kind not in kinds or row.ended_at is not None:
            return None
        if now - _aware(row.seen_at) > IDLE or now - _aware(row.created_at) > LONGEST:
            row.ended_at = now
            return None
        if now - _aware(row.seen_at) > TOUCH_EVERY:
            row.seen_at = now
        return Signed(row.kind, row.user)


def end(engine: Engine, value: str | None) -> Signed | None:
    """End this cookie's session (sign-out); who it was, if it was live."""
    if not value:
        return None
    with Session(engine) as session, session.begin():
        row = session.scalar(select(SessionRow).where(SessionRow.digest == _digest(value), SessionRow.ended_at.is_(None)))
        if row is None:
            return None
        row.ended_at = utcnow()
        return Signed(row.kind, row.user)

