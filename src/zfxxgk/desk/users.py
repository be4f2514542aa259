"""The desk's users: who they are, what roles they hold, for which agency, and how they sign in.

Passwords are stored as salted scrypt hashes (hashlib), compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .errors import DeskError, NotFound
from .roles import Actor, Role
from .schema import DeskUser

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_DUMMY_HASH = f"scrypt${'00' * 16}${'00' * 64}"


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` is the one `stored` was made from. With nothing stored (no such user, or no
    password) a dummy hash is computed all the same, so the answer takes as long either way and the
    time of a failed sign-in does not tell which names exist."""
    _, salt, _digest = (stored or _DUMMY_HASH).split("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored or _DUMMY_HASH) and stored is not None


def actor_of(user: DeskUser) -> Actor:
    return Actor(user.name, frozenset(Role(r) for r in user.roles), user.agency_id)


def add(
    session: Session, by: str, name: str, roles: list[Role], agency_id: int | None, password: str | None = None
) -> Actor:
    """A new user; supervisors work above the agencies, everyone else for exactly one."""
    if not roles:
        raise DeskError("至少需要一个角色")
    if (Role.SUPERVISOR in roles) != (agency_id is None):
        raise DeskError("监督员不属于任何机关，其他角色须属于一个机关")
    if session.scalar(select(DeskUser.id).where(DeskUser.name == name)):
        raise DeskError(f"用户 {name} 已存在")
    user = DeskUser(
        name=name, roles=[r.value for r in roles], agency_id=agency_id, password_hash=hash_password(password) if password else None
    )
    session.add(user)
    session.flush()
    audit.record(session, by, "user", agency_id, user=name, roles=user.roles)
    return actor_of(user)


def actor(session: Session, name: str) -> Actor:
    user = session.scalar(select(DeskUser).where(DeskUser.name == name))
    if user is None:
        raise NotFound(f"没有用户 {name}")
    return actor_of(user)


def authenticate(session: Session, name: str, password: str) -> Actor | None:
    """The user's actor if the password is right, else None (the same for an unknown name)."""
    user = session.scalar(select(DeskUser).where(DeskUser.name == name))
    if not verify_password(password, user.password_hash if user else None) or user is None:
        return None
    return actor_of(user)
