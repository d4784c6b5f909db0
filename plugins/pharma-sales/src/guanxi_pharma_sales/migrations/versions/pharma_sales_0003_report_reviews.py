"""market reports carry a review status and a version

Revision ID: pharma_sales_0003
Revises: pharma_sales_0002
Create Date: 2026-12-07

Reports filed before this revision are taken as confirmed: they have been the company's data all
along.  Reviews are kept in core's ``record_transitions`` (core_0011), which this revision needs.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pharma_sales_0003"
down_revision: str | Sequence[str] | None = "pharma_sales_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0011"

TABLE = "pharma_sales_market_reports"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(
            sa.Column("status", sa.String(length=20), nullable=False, server_default="confirmed")
        )
    with op.batch_alter_table(TABLE) as batch:  # new reports start as submitted (the model's default)
        batch.alter_column("status", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("status")
        batch.drop_column("version")
