"""tenant-led foreign keys: market reports reference only their own tenant's records

Revision ID: pharma_sales_0002
Revises: pharma_sales_0001
Create Date: 2026-11-26

Each reference to a customer, a user or another record becomes FOREIGN KEY (tenant_id, x_id)
REFERENCES parent (tenant_id, id), so the database refuses a row of one tenant that points at
another tenant's record, whichever code path wrote it.  Core's parents got theirs in core_0010.
"""

from collections.abc import Sequence

from sdk.migrations import (
    Reference,
    add_tenant_key,
    drop_tenant_key,
    use_single_foreign_keys,
    use_tenant_foreign_keys,
)

revision: str = "pharma_sales_0002"
down_revision: str | Sequence[str] | None = "pharma_sales_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0010"

PARENTS: tuple[str, ...] = ()
CHILDREN: dict[str, tuple[Reference, ...]] = {
    "pharma_sales_market_reports": (
        Reference("customer_id", "customers", "SET NULL"),
        Reference("reported_by", "users", "SET NULL"),
    ),
}


def upgrade() -> None:
    for parent in PARENTS:
        add_tenant_key(parent)
    for table, references in CHILDREN.items():
        use_tenant_foreign_keys(table, references)


def downgrade() -> None:
    for table, references in reversed(CHILDREN.items()):
        use_single_foreign_keys(table, references)
    for parent in reversed(PARENTS):
        drop_tenant_key(parent)
