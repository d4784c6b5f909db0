"""opportunities carry a version, so edits and stage moves cannot overwrite each other

Revision ID: equipment_0003
Revises: equipment_0002
Create Date: 2026-12-07

Existing deals start at version 1.  Stage moves are kept in core's ``record_transitions``
(core_0011), which this revision therefore depends on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "equipment_0003"
down_revision: str | Sequence[str] | None = "equipment_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0011"


def upgrade() -> None:
    with op.batch_alter_table("equipment_opportunities") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("equipment_opportunities") as batch:
        batch.drop_column("version")
