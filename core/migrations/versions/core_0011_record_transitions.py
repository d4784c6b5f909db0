"""record transitions: every state change of a record, core's or a pack's, with who and when

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-12-07

Packs declare state machines on their records through the SDK (sdk.records.StateMachine); each
move is kept here, in one table for every record type, so a record's history is one indexed read
and no pack needs a history table of its own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0011"
down_revision: str | Sequence[str] | None = "core_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "record_transitions"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=63), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=63), nullable=False),
        sa.Column("from_state", sa.String(length=63), nullable=True),
        sa.Column("to_state", sa.String(length=63), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_record_transitions_tenant_record", TABLE, ["tenant_id", "record_type", "record_id", "at"]
    )
    op.create_index("ix_record_transitions_tenant_at", TABLE, ["tenant_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_record_transitions_tenant_at", table_name=TABLE)
    op.drop_index("ix_record_transitions_tenant_record", table_name=TABLE)
    op.drop_table(TABLE)
