"""Find and repoint every foreign key that references ``customers.id``.

Merges must keep every interaction and pack record.  The referencing columns are read from the
database itself (not only from loaded models), so tables of packs that are installed but not
imported, or no longer installed, are repointed too.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from core.errors import Conflict


def _references(connection: Connection) -> list[tuple[str, str, bool]]:
    """(table, column, tenant-owned) for every column referencing a customer, once each: by
    ``customers(id)`` or tenant-led by ``customers(tenant_id, id)`` (on SQLite a column may have both)."""
    inspector = inspect(connection)
    found: dict[tuple[str, str], bool] = {}
    for table in inspector.get_table_names():
        columns = {c["name"] for c in inspector.get_columns(table)}
        for fk in inspector.get_foreign_keys(table):
            referred = fk["referred_columns"]
            if fk["referred_table"] == "customers" and referred in (["id"], ["tenant_id", "id"]):
                column = fk["constrained_columns"][referred.index("id")]
                found[(table, column)] = "tenant_id" in columns
    return [(table, column, owned) for (table, column), owned in found.items()]


def repoint_customer_references(
    *, session: Session, tenant_id: int, from_id: int, to_id: int
) -> dict[str, int]:
    """Point every row referencing customer ``from_id`` at ``to_id``; return rows moved per table."""
    session.flush()
    moved: dict[str, int] = {}
    for table, column, tenant_owned in _references(session.connection()):
        tenant_clause = " AND tenant_id = :tenant" if tenant_owned else ""
        statement = text(
            f'UPDATE "{table}" SET "{column}" = :to_id WHERE "{column}" = :from_id{tenant_clause}'
        )
        try:
            with session.begin_nested():
                result = session.execute(statement, {"to_id": to_id, "from_id": from_id, "tenant": tenant_id})
        except IntegrityError as exc:
            raise Conflict(
                f"both customers have a row in '{table}' that allows only one; resolve it first"
            ) from exc
        moved[table] = result.rowcount  # type: ignore[attr-defined]  # DML executes to a CursorResult
    session.expire_all()
    return moved
