"""tenant-led foreign keys: opportunities reference only their own tenant's records

Revision ID: equipment_0002
Revises: equipment_0001
Create Date: 2026-11-26

Each reference to a customer, a user or another record becomes FOREIGN KEY (tenant_id, x_id)
REFERENCES parent (tenant_id, id), so the database refuses a row of one tenant that points at
another tenant's record, whichever code path wrote it.  Core's parents got theirs in core_0010.
"""

from collections.abc import Sequence

from sdk.migrations import Reference, downgrade_tenant_keys, upgrade_tenant_keys

revision: str = "equipment_0002"
down_revision: str | Sequence[str] | None = "equipment_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0010"

PARENTS: tuple[str, ...] = ()
CHILDREN: dict[str, tuple[Reference, ...]] = {
    "equipment_opportunities": (
        Reference("customer_id", "customers", "CASCADE"),
        Reference("owner_id", "users", "SET NULL"),
    ),
}


def upgrade() -> None:
    upgrade_tenant_keys(parents=PARENTS, children=CHILDREN)


def downgrade() -> None:
    downgrade_tenant_keys(parents=PARENTS, children=CHILDREN)
