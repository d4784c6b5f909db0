"""analytics rfm clv rules

Revision ID: retail_0003
Revises: retail_0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "retail_0003"
down_revision: str | Sequence[str] | None = "retail_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=14, scale=2)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _result_keys() -> list[sa.Column | sa.ForeignKeyConstraint]:
    return [
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["retail_analytics_runs.id"], ondelete="CASCADE"),
    ]


def upgrade() -> None:
    op.create_table(
        "retail_analytics_runs",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_unit", sa.String(length=8), nullable=True),
        sa.Column("n_customers", sa.Integer(), nullable=False),
        sa.Column("parameters", JSON, nullable=False),
        sa.Column("results", JSON, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_retail_analytics_runs_tenant_kind", "retail_analytics_runs", ["tenant_id", "kind", "id"]
    )
    op.create_table(
        "retail_rfm_scores",
        *_result_keys(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("recency_days", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.Column("monetary", MONEY, nullable=False),
        sa.Column("r_score", sa.Integer(), nullable=False),
        sa.Column("f_score", sa.Integer(), nullable=False),
        sa.Column("m_score", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "run_id", "customer_id"),
    )
    op.create_index(
        "ix_retail_rfm_scores_tenant_run_segment",
        "retail_rfm_scores",
        ["tenant_id", "run_id", "segment"],
    )
    op.create_table(
        "retail_customer_values",
        *_result_keys(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.Column("recency", sa.Float(), nullable=False),
        sa.Column("age", sa.Float(), nullable=False),
        sa.Column("revenue", MONEY, nullable=False),
        sa.Column("historical_value", MONEY, nullable=False),
        sa.Column("value_percentile", sa.Float(), nullable=False),
        sa.Column("expected_purchases", sa.Float(), nullable=False),
        sa.Column("p_alive", sa.Float(), nullable=False),
        sa.Column("expected_spend", sa.Float(), nullable=False),
        sa.Column("clv", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "run_id", "customer_id"),
    )
    op.create_index(
        "ix_retail_customer_values_tenant_run_clv",
        "retail_customer_values",
        ["tenant_id", "run_id", "clv"],
    )
    op.create_table(
        "retail_association_rules",
        *_result_keys(),
        sa.Column("antecedent_id", sa.Integer(), nullable=False),
        sa.Column("consequent_id", sa.Integer(), nullable=False),
        sa.Column("pair_count", sa.Integer(), nullable=False),
        sa.Column("support", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("lift", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "run_id", "antecedent_id", "consequent_id"),
    )
    op.create_index(
        "ix_retail_association_rules_tenant_run_consequent",
        "retail_association_rules",
        ["tenant_id", "run_id", "consequent_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_retail_association_rules_tenant_run_consequent", table_name="retail_association_rules")
    op.drop_table("retail_association_rules")
    op.drop_index("ix_retail_customer_values_tenant_run_clv", table_name="retail_customer_values")
    op.drop_table("retail_customer_values")
    op.drop_index("ix_retail_rfm_scores_tenant_run_segment", table_name="retail_rfm_scores")
    op.drop_table("retail_rfm_scores")
    op.drop_index("ix_retail_analytics_runs_tenant_kind", table_name="retail_analytics_runs")
    op.drop_table("retail_analytics_runs")
