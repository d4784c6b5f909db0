"""A migration that creates a table, changes data, then fails.

Revision ID: failing_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "failing_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("failing",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table("failing_half", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("UPDATE customers SET name = 'overwritten'")
    op.execute("SELECT * FROM no_such_table_here")


def downgrade() -> None:
    op.drop_table("failing_half")
