"""retail orders

Revision ID: retail_0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "retail_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("retail",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table(
        "retail_orders",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("store", sa.String(length=100), nullable=True),
        sa.Column("source_interaction_id", sa.Integer(), nullable=True),
        sa.Column("external_ref", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_interaction_id"], ["interactions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "external_ref", name="uq_retail_orders_tenant_external_ref"),
        sa.UniqueConstraint(
            "tenant_id", "source_interaction_id", name="uq_retail_orders_tenant_source_interaction"
        ),
    )
    op.create_index(
        "ix_retail_orders_tenant_customer", "retail_orders", ["tenant_id", "customer_id", "ordered_at"]
    )
    op.create_index("ix_retail_orders_tenant_ordered", "retail_orders", ["tenant_id", "ordered_at"])
    op.create_index("ix_retail_orders_tenant_store", "retail_orders", ["tenant_id", "store", "ordered_at"])


def downgrade() -> None:
    op.drop_index("ix_retail_orders_tenant_store", table_name="retail_orders")
    op.drop_index("ix_retail_orders_tenant_ordered", table_name="retail_orders")
    op.drop_index("ix_retail_orders_tenant_customer", table_name="retail_orders")
    op.drop_table("retail_orders")
