"""Alembic environment: always run through ``core.migrate`` with a connection already in a transaction."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by core.migrate
    raise RuntimeError("run migrations with 'guanxi db upgrade', not the alembic command")

context.configure(
    connection=connection,
    version_table=context.config.attributes["version_table"],  # one per branch: core.versiontables
    target_metadata=context.config.attributes.get("target_metadata"),
    render_as_batch=True,  # SQLite ALTERs become copy-and-rename
    transactional_ddl=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
