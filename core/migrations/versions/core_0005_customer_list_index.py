"""customer list index: live customers of a tenant in id order

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-24

The customers list (API and web) asks for a tenant's customers that are not deleted, in id order,
one page at a time.  With only (tenant_id, ...) indexes SQLite read every customer of the tenant and
sorted them; (tenant_id, deleted_at, id) answers a page straight from the index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "core_0005"
down_revision: str | Sequence[str] | None = "core_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_customers_tenant_live", "customers", ["tenant_id", "deleted_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_customers_tenant_live", table_name="customers")
