"""Opening a database: which URL, engine settings per backend, and the schema upgraded to the latest.

Migrations run on every open, so `zfxxgk ingest` on a fresh machine creates the database and an older
database is upgraded in place; Alembic's version table tells which migrations are already applied.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ..errors import ZfxxgkError

DEFAULT_FILE = "zfxxgk.db"
ENV_VAR = "ZFXXGK_DB"


class StoreError(ZfxxgkError):
    """A database problem a user can act on: bad URL, server unreachable, unknown report or agency."""


def resolve_url(url: str | None = None) -> str:
    """The URL given, else $ZFXXGK_DB, else `zfxxgk.db` in the current folder; a bare path means SQLite."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL keeps readers working during a batch and survives kill -9; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files(__package__).joinpath("migrations")))
    return config


def _upgrade(engine: Engine) -> None:
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_engine(url: str | None = None) -> Engine:
    """An engine on the database at `url`, its schema at the latest migration; StoreError if unreachable."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
        engine = create_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database {resolved!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {parsed.render_as_string(hide_password=True)}: {exc.orig}") from exc
    return engine
