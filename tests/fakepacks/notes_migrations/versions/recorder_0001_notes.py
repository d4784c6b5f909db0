"""recorder notes

Revision ID: recorder_0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "recorder_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("recorder",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table(
        "recorder_notes",
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "customer_id", sa.Integer(), sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("text", sa.String(), nullable=False),
    )
    op.create_index("ix_recorder_notes_tenant_customer", "recorder_notes", ["tenant_id", "customer_id"])


def downgrade() -> None:
    op.drop_index("ix_recorder_notes_tenant_customer", table_name="recorder_notes")
    op.drop_table("recorder_notes")
