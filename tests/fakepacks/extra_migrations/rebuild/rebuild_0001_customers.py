"""A core-style migration that rebuilds the customers table (SQLite batch copy-and-rename).

Revision ID: rebuild_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "rebuild_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("rebuild",)
depends_on: str | Sequence[str] | None = ("core_0001", "recorder_0001")


def _recreate() -> str:
    # SQLite rebuilds the table (the case under test); PostgreSQL alters it in place.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("customers", recreate=_recreate()) as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers", recreate=_recreate()) as batch:
        batch.drop_column("nickname")
