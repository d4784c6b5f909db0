"""Tenant-led foreign keys: migration operations that make the database refuse a row pointing at
another tenant's record, whatever code path wrote it.

A plain ``FOREIGN KEY (customer_id) REFERENCES customers (id)`` only says the customer exists; a
client that names another tenant's customer id (or a code path that forgets a check) still gets
its row in.  ``FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)`` says the
customer exists *in the row's own tenant*.  The parent needs a unique key on ``(tenant_id, id)``
(:func:`add_tenant_key`); each child reference is then swapped for the tenant-led one
(:func:`use_tenant_foreign_keys`), keeping its ``ON DELETE`` rule:

* ``CASCADE`` and no action carry over as they are.
* ``SET NULL`` must not null ``tenant_id`` too.  PostgreSQL (15 and later) names the column to
  null: ``ON DELETE SET NULL (customer_id)``.  SQLite cannot, so there the single-column key keeps
  doing the nulling and the tenant-led key (no action) is added beside it; SQLite checks it at
  the end of the statement, after the nulling, so deletes still work.

Rows that already point across tenants stop the migration with a message naming the table and
how to find them; nothing is changed or deleted behind the administrator's back.  On SQLite the
table is rebuilt (batch mode), which core.migrate runs with foreign keys off and checks after.

Pack authors use these through ``sdk.migrations`` in their own branch's revisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alembic import op
from sqlalchemy import Connection, inspect, text

#: Names SQLite's unnamed single-column keys get when a batch rebuild reflects them.
_NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


class CrossTenantRows(RuntimeError):
    """Existing rows reference another tenant's record; the upgrade must not hide them."""


@dataclass(frozen=True)
class Reference:
    """``column`` of the child table references ``parent.id``; ``ondelete`` as the model says."""

    column: str
    parent: str
    ondelete: str | None = None

    @property
    def sets_null(self) -> bool:
        return (self.ondelete or "").upper() == "SET NULL"


def tenant_key_name(table: str) -> str:
    return f"uq_{table}_tenant_id"


def tenant_foreign_key_name(table: str, column: str) -> str:
    return f"fk_{table}_{column}_tenant"


def add_tenant_key(table: str) -> None:
    """A unique index on ``(tenant_id, id)``: what tenant-led foreign keys point at."""
    op.create_index(tenant_key_name(table), table, ["tenant_id", "id"], unique=True)


def drop_tenant_key(table: str) -> None:
    op.drop_index(tenant_key_name(table), table_name=table)


def cross_tenant_rows(connection: Connection, table: str, reference: Reference) -> int:
    """How many rows of ``table`` point at a ``reference.parent`` row of another tenant (or none)."""
    column, parent = reference.column, reference.parent
    return connection.execute(
        text(
            f'SELECT count(*) FROM "{table}" c WHERE c."{column}" IS NOT NULL AND c.tenant_id IS NOT NULL'
            f' AND NOT EXISTS (SELECT 1 FROM "{parent}" p WHERE p.id = c."{column}"'
            f" AND p.tenant_id = c.tenant_id)"
        )
    ).scalar_one()


def _refuse_cross_tenant_rows(connection: Connection, table: str, references: Sequence[Reference]) -> None:
    for reference in references:
        if found := cross_tenant_rows(connection, table, reference):
            raise CrossTenantRows(
                f"{found} row(s) of {table} point at a {reference.parent} row of another tenant (or at "
                f"none) through {reference.column}; nothing was changed. List them with: SELECT c.* FROM "
                f"{table} c LEFT JOIN {reference.parent} p ON p.id = c.{reference.column} AND "
                f"p.tenant_id = c.tenant_id WHERE c.{reference.column} IS NOT NULL AND p.id IS NULL; "
                "then correct or remove them and upgrade again"
            )


def _single_keys(connection: Connection, table: str) -> dict[str, str | None]:
    """Column -> name of its single-column foreign key (``None``: unnamed, as SQLite reflects it)."""
    return {
        fk["constrained_columns"][0]: fk.get("name")
        for fk in inspect(connection).get_foreign_keys(table)
        if len(fk["constrained_columns"]) == 1
    }


def _check_set_null_support(connection: Connection, references: Sequence[Reference]) -> None:
    version = connection.dialect.server_version_info or (0,)
    if connection.dialect.name == "postgresql" and version < (15,) and any(r.sets_null for r in references):
        raise RuntimeError("PostgreSQL 15 or later is needed (ON DELETE SET NULL of one column)")


def use_tenant_foreign_keys(table: str, references: Sequence[Reference]) -> None:
    """Replace each reference's single-column foreign key of ``table`` with a tenant-led one."""
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    _check_set_null_support(connection, references)
    _refuse_cross_tenant_rows(connection, table, references)
    existing = _single_keys(connection, table)
    with op.batch_alter_table(table, naming_convention=_NAMING) as batch:
        for ref in references:
            if ref.column in existing and not (sqlite and ref.sets_null):
                name = existing[ref.column] or f"fk_{table}_{ref.column}_{ref.parent}"
                batch.drop_constraint(name, type_="foreignkey")
            ondelete = ref.ondelete
            if ref.sets_null:
                ondelete = None if sqlite else f"SET NULL ({ref.column})"
            batch.create_foreign_key(
                tenant_foreign_key_name(table, ref.column),
                ref.parent,
                ["tenant_id", ref.column],
                ["tenant_id", "id"],
                ondelete=ondelete,
            )


def use_single_foreign_keys(table: str, references: Sequence[Reference]) -> None:
    """Undo :func:`use_tenant_foreign_keys` (for downgrades)."""
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    with op.batch_alter_table(table, naming_convention=_NAMING) as batch:
        for ref in references:
            batch.drop_constraint(tenant_foreign_key_name(table, ref.column), type_="foreignkey")
            if not (sqlite and ref.sets_null):
                batch.create_foreign_key(
                    f"fk_{table}_{ref.column}_{ref.parent}",
                    ref.parent,
                    [ref.column],
                    ["id"],
                    ondelete=ref.ondelete,
                )


def upgrade_tenant_keys(*, parents: Sequence[str] = (), children: Mapping[str, Sequence[Reference]]) -> None:
    """A whole revision's upgrade: give ``parents`` their ``(tenant_id, id)`` key, then make each
    child table's references tenant-led.  Parents come first because the children point at them."""
    for parent in parents:
        add_tenant_key(parent)
    for table, references in children.items():
        use_tenant_foreign_keys(table, references)


def downgrade_tenant_keys(
    *, parents: Sequence[str] = (), children: Mapping[str, Sequence[Reference]]
) -> None:
    """Undo :func:`upgrade_tenant_keys` in reverse order (children's keys before their parents')."""
    for table, references in reversed(list(children.items())):
        use_single_foreign_keys(table, references)
    for parent in reversed(parents):
        drop_tenant_key(parent)
