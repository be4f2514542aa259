"""Alembic environment: runs on the connection the store opened (see `database._upgrade`).

`render_as_batch` lets later migrations alter tables on SQLite, which has no ALTER COLUMN.
"""

from alembic import context

from zfxxgk.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
