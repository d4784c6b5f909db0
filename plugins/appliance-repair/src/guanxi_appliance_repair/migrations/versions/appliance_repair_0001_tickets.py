"""appliance repair tickets

Revision ID: appliance_repair_0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "appliance_repair_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("appliance-repair",)
depends_on: str | Sequence[str] | None = "core_0001"

TABLE = "appliance_repair_tickets"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("appliance", sa.String(length=100), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=True),
        sa.Column("purchased_on", sa.Date(), nullable=True),
        sa.Column("symptom", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("warranty_until", sa.Date(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technician_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_appliance_repair_tickets_tenant_status", TABLE, ["tenant_id", "status", "opened_at"])
    op.create_index("ix_appliance_repair_tickets_tenant_customer", TABLE, ["tenant_id", "customer_id"])
    op.create_index(
        "ix_appliance_repair_tickets_tenant_technician", TABLE, ["tenant_id", "technician_id", "status"]
    )
    op.create_index("ix_appliance_repair_tickets_tenant_serial", TABLE, ["tenant_id", "serial"])


def downgrade() -> None:
    for index in ("serial", "technician", "customer", "status"):
        op.drop_index(f"ix_appliance_repair_tickets_tenant_{index}", table_name=TABLE)
    op.drop_table(TABLE)
