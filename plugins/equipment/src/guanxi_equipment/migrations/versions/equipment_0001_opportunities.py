"""equipment opportunities

Revision ID: equipment_0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "equipment_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("equipment",)
depends_on: str | Sequence[str] | None = "core_0001"

TABLE = "equipment_opportunities"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("expected_close", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_equipment_opportunities_tenant_stage", TABLE, ["tenant_id", "stage", "expected_close"]
    )
    op.create_index("ix_equipment_opportunities_tenant_customer", TABLE, ["tenant_id", "customer_id"])
    op.create_index("ix_equipment_opportunities_tenant_owner", TABLE, ["tenant_id", "owner_id", "closed_at"])
    op.create_index("ix_equipment_opportunities_tenant_close", TABLE, ["tenant_id", "expected_close"])


def downgrade() -> None:
    for index in ("close", "owner", "customer", "stage"):
        op.drop_index(f"ix_equipment_opportunities_tenant_{index}", table_name=TABLE)
    op.drop_table(TABLE)
