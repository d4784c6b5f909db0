"""orders: the (tenant, day) index also covers customer and total

The analytics read every order of a tenant as (id, customer, time, total).  Through the old
(tenant_id, ordered_at) index that meant one table lookup per order; with customer_id and total in
the index the read never touches the table (about 3x faster at 333,000 orders on SQLite).  Range
queries by time use it exactly as before.

Revision ID: retail_0005
Revises: retail_0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "retail_0005"
down_revision: str | Sequence[str] | None = "retail_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_retail_orders_tenant_ordered_customer_total",
        "retail_orders",
        ["tenant_id", "ordered_at", "customer_id", "total"],
    )
    op.drop_index("ix_retail_orders_tenant_ordered", table_name="retail_orders")


def downgrade() -> None:
    op.create_index("ix_retail_orders_tenant_ordered", "retail_orders", ["tenant_id", "ordered_at"])
    op.drop_index("ix_retail_orders_tenant_ordered_customer_total", table_name="retail_orders")
