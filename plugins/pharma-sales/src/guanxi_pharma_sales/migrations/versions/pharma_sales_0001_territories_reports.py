"""pharma sales territories and market reports

Revision ID: pharma_sales_0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pharma_sales_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("pharma-sales",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table(
        "pharma_sales_territories",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_code"],
            ["pharma_sales_territories.tenant_id", "pharma_sales_territories.code"],
            name="fk_pharma_sales_territories_parent",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_pharma_sales_territories_tenant_code"),
    )
    op.create_index(
        "ix_pharma_sales_territories_tenant_parent", "pharma_sales_territories", ["tenant_id", "parent_code"]
    )
    op.create_table(
        "pharma_sales_market_reports",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("territory_code", sa.String(length=32), nullable=True),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("content", sa.String(length=4000), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reported_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "territory_code"],
            ["pharma_sales_territories.tenant_id", "pharma_sales_territories.code"],
            name="fk_pharma_sales_market_reports_territory",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_pharma_sales_market_reports_tenant_reported",
        "pharma_sales_market_reports",
        ["tenant_id", "reported_at"],
    )
    op.create_index(
        "ix_pharma_sales_market_reports_tenant_territory",
        "pharma_sales_market_reports",
        ["tenant_id", "territory_code", "reported_at"],
    )
    op.create_index(
        "ix_pharma_sales_market_reports_tenant_topic",
        "pharma_sales_market_reports",
        ["tenant_id", "topic", "reported_at"],
    )
    op.create_index(
        "ix_pharma_sales_market_reports_tenant_customer",
        "pharma_sales_market_reports",
        ["tenant_id", "customer_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_pharma_sales_market_reports_tenant_customer", table_name="pharma_sales_market_reports")
    op.drop_index("ix_pharma_sales_market_reports_tenant_topic", table_name="pharma_sales_market_reports")
    op.drop_index("ix_pharma_sales_market_reports_tenant_territory", table_name="pharma_sales_market_reports")
    op.drop_index("ix_pharma_sales_market_reports_tenant_reported", table_name="pharma_sales_market_reports")
    op.drop_table("pharma_sales_market_reports")
    op.drop_index("ix_pharma_sales_territories_tenant_parent", table_name="pharma_sales_territories")
    op.drop_table("pharma_sales_territories")
