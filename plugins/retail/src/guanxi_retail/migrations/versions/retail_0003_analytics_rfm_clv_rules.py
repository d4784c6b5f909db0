"""analytics rfm clv rules

Revision ID: retail_0003
Revises: retail_0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

revision: str = "retail_0003"
down_revision: str | Sequence[str] | None = "retail_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
