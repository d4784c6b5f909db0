"""import rejects: the rejected rows of an import job, for the rejects report

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-11-24

Imports started through the API or the web page answer before anyone asks for the rejects report,
so the rejected rows are kept with their job instead of only in the caller's memory.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0006"
down_revision: str | Sequence[str] | None = "core_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_rejects",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_rejects_job", "import_rejects", ["tenant_id", "job_id", "line"])


def downgrade() -> None:
    op.drop_index("ix_import_rejects_job", table_name="import_rejects")
    op.drop_table("import_rejects")
