"""import uploads: a web upload kept in the database until the job runner has imported it

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-12-07

Imports started from the web run as jobs (``core.import_upload``), possibly in another process or
on another host than the one that received the file, and again after a crash.  The file waits
in ``import_uploads`` (one row per import job, its bytes and name) and is deleted when the import
finishes.  The job reference is tenant-led like every other.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0014"
down_revision: str | Sequence[str] | None = "core_0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(
            ["tenant_id", "job_id"],
            ["import_jobs.tenant_id", "import_jobs.id"],
            name="fk_import_uploads_job_id_tenant",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "job_id", name="uq_import_uploads_tenant_job"),
    )


def downgrade() -> None:
    op.drop_table("import_uploads")
