"""web sessions: one row per signed-in browser, checked on every page

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-11-26

The web session cookie used to be the whole session: signing out only cleared the browser's copy,
and a copied cookie kept working until it expired.  Each sign-in now records a session row that
every page checks and that signing out, deactivation and a new password revoke.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0007"
down_revision: str | Sequence[str] | None = "core_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_web_sessions_tenant_user", "web_sessions", ["tenant_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_tenant_user", table_name="web_sessions")
    op.drop_table("web_sessions")
