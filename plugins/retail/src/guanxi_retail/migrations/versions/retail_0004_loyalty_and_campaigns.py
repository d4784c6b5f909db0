"""loyalty and campaigns

Revision ID: retail_0004
Revises: retail_0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "retail_0004"
down_revision: str | Sequence[str] | None = "retail_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _tenant() -> list[sa.Column | sa.ForeignKeyConstraint]:
    return [
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
    ]


def upgrade() -> None:
    op.create_table(
        "retail_loyalty_rules",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("rate", sa.Numeric(precision=10, scale=4), nullable=True),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["retail_categories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retail_loyalty_rules_tenant_kind", "retail_loyalty_rules", ["tenant_id", "kind"])
    op.create_table(
        "retail_loyalty_tiers",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("min_points", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_retail_loyalty_tiers_tenant_code"),
        sa.CheckConstraint("min_points >= 0", name="ck_retail_loyalty_tiers_min_points"),
    )
    op.create_table(
        "retail_loyalty_settings",
        *_tenant(),
        sa.Column("expiry_mode", sa.String(length=16), nullable=False),
        sa.Column("expiry_month", sa.Integer(), nullable=True),
        sa.Column("expiry_day", sa.Integer(), nullable=True),
        sa.Column("inactivity_days", sa.Integer(), nullable=True),
        sa.Column("birthday_offer", sa.String(length=200), nullable=False),
        sa.Column("birthday_notice_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "retail_loyalty_accounts",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.Column("qualifying_points", sa.Integer(), nullable=False),
        sa.Column("tier_code", sa.String(length=32), nullable=True),
        sa.Column("last_activity_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "customer_id", name="uq_retail_loyalty_accounts_customer"),
        sa.CheckConstraint("balance >= 0", name="ck_retail_loyalty_accounts_balance"),
    )
    op.create_index(
        "ix_retail_loyalty_accounts_tenant_tier", "retail_loyalty_accounts", ["tenant_id", "tier_code"]
    )
    op.create_table(
        "retail_loyalty_ledger",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("qualifying", sa.Integer(), nullable=False),
        sa.Column("balance_after", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", TS, nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_id"], ["retail_orders.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_retail_loyalty_ledger_key"),
        sa.CheckConstraint("balance_after >= 0", name="ck_retail_loyalty_ledger_balance"),
        sa.CheckConstraint("qualifying >= 0", name="ck_retail_loyalty_ledger_qualifying"),
    )
    op.create_index(
        "ix_retail_loyalty_ledger_tenant_customer",
        "retail_loyalty_ledger",
        ["tenant_id", "customer_id", "created_at"],
    )
    op.create_table(
        "retail_campaigns",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("offer", sa.String(length=500), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("rfm_segments", sa.String(length=200), nullable=True),
        sa.Column("promotion_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("response_days", sa.Integer(), nullable=False),
        sa.Column("audience_size", sa.Integer(), nullable=False),
        sa.Column("launched_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["promotion_id"], ["promotions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_retail_campaigns_tenant_name"),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_retail_campaigns_dates"),
    )
    op.create_index(
        "ix_retail_campaigns_tenant_dates", "retail_campaigns", ["tenant_id", "starts_on", "ends_on"]
    )
    op.create_table(
        "retail_campaign_targets",
        *_tenant(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["retail_campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "tenant_id", "campaign_id", "customer_id", name="uq_retail_campaign_targets_member"
        ),
    )
    op.create_index(
        "ix_retail_campaign_targets_tenant_customer",
        "retail_campaign_targets",
        ["tenant_id", "customer_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_retail_campaign_targets_tenant_customer", table_name="retail_campaign_targets")
    op.drop_table("retail_campaign_targets")
    op.drop_index("ix_retail_campaigns_tenant_dates", table_name="retail_campaigns")
    op.drop_table("retail_campaigns")
    op.drop_index("ix_retail_loyalty_ledger_tenant_customer", table_name="retail_loyalty_ledger")
    op.drop_table("retail_loyalty_ledger")
    op.drop_index("ix_retail_loyalty_accounts_tenant_tier", table_name="retail_loyalty_accounts")
    op.drop_table("retail_loyalty_accounts")
    op.drop_table("retail_loyalty_settings")
    op.drop_table("retail_loyalty_tiers")
    op.drop_index("ix_retail_loyalty_rules_tenant_kind", table_name="retail_loyalty_rules")
    op.drop_table("retail_loyalty_rules")
