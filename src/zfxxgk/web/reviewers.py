"""Named reviewer accounts: who signs in to the reports' app, so a correction carries a real name.

The shared `--token` stays for scripts (recorded as `令牌`); people sign in with their own name and
password (`zfxxgk reviewer NAME --password …`), hashed like the desk's (salted scrypt).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..desk.users import hash_password, verify_password
from ..store import StoreError
from .tables import ReviewerRow


def add_reviewer(engine: Engine, name: str, password: str) -> None:
    """A new reviewer, or a new password for an existing one."""
    name = name.strip()
    if not name or not password:
        raise StoreError("a reviewer needs a name and a password")
    with Session(engine) as session, session.begin():
        row = session.scalar(select(ReviewerRow).where(ReviewerRow.name == name))
        if row is None:
            session.add(ReviewerRow(name=name, password_hash=hash_password(password)))
        else:
            row.password_hash = hash_password(password)


def authenticate_reviewer(engine: Engine, name: str, password: str) -> bool:
    """Whether the name and password match; as slow for an unknown name as for a wrong password."""
    with Session(engine) as session:
        stored = session.scalar(select(ReviewerRow.password_hash).where(ReviewerRow.name == name))
    return verify_password(password, stored)
