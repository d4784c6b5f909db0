"""import jobs: owner and lease, failure reason, mapping, and one running import per tenant

Revision ID: core_0009
Revises: core_0007
Create Date: 2026-11-26

A running job is the tenant's import lock: the partial unique index lets only one job per tenant
be ``running``, and ``owner``/``heartbeat_at`` tell a live import from one whose process died.
Jobs still marked running when this revision is applied have no owner, so nothing could ever tell
that they ended: they are marked interrupted (uploading the same file again resumes them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "core_0009"
down_revision: str | Sequence[str] | None = "core_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
RUNNING_ONLY = sa.text("status = 'running'")


def upgrade() -> None:
    op.execute("UPDATE import_jobs SET status = 'interrupted' WHERE status = 'running'")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("mapping", JSON, nullable=True))
    op.create_index(
        "uq_import_jobs_one_running",
        "import_jobs",
        ["tenant_id"],
        unique=True,
        sqlite_where=RUNNING_ONLY,
        postgresql_where=RUNNING_ONLY,
    )


def downgrade() -> None:
    op.drop_index("uq_import_jobs_one_running", table_name="import_jobs")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_column("mapping")
        batch_op.drop_column("error")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("owner")
