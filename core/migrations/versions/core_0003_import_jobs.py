"""import jobs

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

revision: str = "core_0003"
down_revision: str | Sequence[str] | None = "core_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
