"""loyalty and campaigns

Revision ID: retail_0004
Revises: retail_0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

revision: str = "retail_0004"
down_revision: str | Sequence[str] | None = "retail_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
