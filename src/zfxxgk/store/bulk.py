"""Many rows into one table at once: COPY on PostgreSQL, the driver's executemany elsewhere.

A report has some two hundred cells, so storing a thousand reports a second means two hundred thousand
cell rows a second. The ORM's per-row work (parameter processing, JSON encoding through the type system)
cost more than the database's, so these rows bypass it: the caller gives tuples already in the database's
form (JSON encoded by `as_json`, exactly as SQLAlchemy's JSON type encodes it), inside the session's own
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def as_json(value: Any) -> str:
    """A JSON column's value as the JSON type stores it (None becomes JSON null, as SQLAlchemy does)."""
    return json.dumps(value)


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in the order of `columns`) into `table` in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        statement = f"COPY {table.name} ({names}) FROM STDIN"
        driver = connection.connection.driver_connection
        try:
            with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        except connection.dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy would raise it, for the callers
            raise DBAPIError.instance(statement, None, exc, connection.dialect.loaded_dbapi.Error) from exc
        return
    mark = _PLACEHOLDER[connection.dialect.paramstyle]
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({', '.join([mark] * len(columns))})", list(rows))
