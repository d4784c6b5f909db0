"""products categories stores order lines returns

Revision ID: retail_0002
Revises: retail_0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "retail_0002"
down_revision: str | Sequence[str] | None = "retail_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.create_table(
        "retail_categories",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["parent_id"], ["retail_categories.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_retail_categories_tenant_code"),
    )
    op.create_index("ix_retail_categories_tenant_parent", "retail_categories", ["tenant_id", "parent_id"])
    op.create_table(
        "retail_products",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("cost", MONEY, nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["category_id"], ["retail_categories.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "sku", name="uq_retail_products_tenant_sku"),
        sa.CheckConstraint("price >= 0", name="ck_retail_products_price"),
    )
    op.create_index("ix_retail_products_tenant_category", "retail_products", ["tenant_id", "category_id"])
    op.create_table(
        "retail_stores",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_retail_stores_tenant_code"),
    )
    op.create_table(
        "retail_order_lines",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("cost", MONEY, nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["retail_orders.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["retail_products.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("quantity > 0", name="ck_retail_order_lines_quantity"),
    )
    op.create_index("ix_retail_order_lines_tenant_product", "retail_order_lines", ["tenant_id", "product_id"])
    op.create_index("ix_retail_order_lines_tenant_order", "retail_order_lines", ["tenant_id", "order_id"])
    op.create_table(
        "retail_returns",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["retail_orders.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["retail_products.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("amount > 0", name="ck_retail_returns_amount"),
    )
    op.create_index("ix_retail_returns_tenant_order", "retail_returns", ["tenant_id", "order_id"])
    op.create_index("ix_retail_returns_tenant_returned", "retail_returns", ["tenant_id", "returned_at"])


def downgrade() -> None:
    op.drop_index("ix_retail_returns_tenant_returned", table_name="retail_returns")
    op.drop_index("ix_retail_returns_tenant_order", table_name="retail_returns")
    op.drop_table("retail_returns")
    op.drop_index("ix_retail_order_lines_tenant_order", table_name="retail_order_lines")
    op.drop_index("ix_retail_order_lines_tenant_product", table_name="retail_order_lines")
    op.drop_table("retail_order_lines")
    op.drop_table("retail_stores")
    op.drop_index("ix_retail_products_tenant_category", table_name="retail_products")
    op.drop_table("retail_products")
    op.drop_index("ix_retail_categories_tenant_parent", table_name="retail_categories")
    op.drop_table("retail_categories")
