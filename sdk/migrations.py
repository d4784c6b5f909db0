"""Migration operations for a pack's own Alembic branch.

``use_tenant_foreign_keys`` turns a pack table's references to customers, users or its own records
into tenant-led keys, so the database refuses a row that points at another tenant's record::

    from sdk.migrations import Reference, add_tenant_key, use_tenant_foreign_keys

    def upgrade() -> None:
        add_tenant_key("stays_rooms")              # rooms are referenced by bookings
        use_tenant_foreign_keys("stays_bookings", [
            Reference("customer_id", "customers", "CASCADE"),
            Reference("room_id", "stays_rooms", "SET NULL"),
        ])

A revision that only adds tenant keys can say so in two lines, parents first::

    def upgrade() -> None:
        upgrade_tenant_keys(parents=PARENTS, children=CHILDREN)

    def downgrade() -> None:
        downgrade_tenant_keys(parents=PARENTS, children=CHILDREN)

A revision that references core's tables ``depends_on`` the core revision that gave them their
tenant key (``core_0010``).  See ``core.tenantkeys`` for what each operation does on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from core.tenantkeys import (
    CrossTenantRows,
    Reference,
    add_tenant_key,
    downgrade_tenant_keys,
    drop_tenant_key,
    upgrade_tenant_keys,
    use_single_foreign_keys,
    use_tenant_foreign_keys,
)

__all__ = [
    "CrossTenantRows",
    "Reference",
    "add_tenant_key",
    "downgrade_tenant_keys",
    "drop_tenant_key",
    "upgrade_tenant_keys",
    "use_single_foreign_keys",
    "use_tenant_foreign_keys",
]
