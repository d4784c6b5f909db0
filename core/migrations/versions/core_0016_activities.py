"""activities: follow-ups get a type, an author, a completion and a snooze

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-08

Follow-ups become activities (call, visit, e-mail, meeting, to-do) that users create, complete,
snooze and reassign.  Existing rows become to-dos.  The new user references are tenant-led like
every other, and two indexes serve "my activities" (by assignee) and the customer page.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0016"
down_revision: str | Sequence[str] | None = "core_0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
USER_REFERENCES = ("created_by_id", "done_by_id")


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="todo"))
        batch.add_column(sa.Column("first_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=2000), nullable=False, server_default=""))
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("done_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("updated_at", TS, nullable=True))
    op.execute("UPDATE follow_ups SET updated_at = created_at")
    with op.batch_alter_table("follow_ups") as batch:
        batch.alter_column("kind", server_default=None)
        batch.alter_column("outcome", server_default=None)
        batch.alter_column("updated_at", existing_type=TS, nullable=False)
        for column in USER_REFERENCES:
            batch.create_foreign_key(
                f"fk_follow_ups_{column}_tenant", "users", ["tenant_id", column], ["tenant_id", "id"]
            )
    op.create_index("ix_follow_ups_tenant_assignee_due", "follow_ups", ["tenant_id", "user_id", "due_on"])
    op.create_index("ix_follow_ups_tenant_customer_due", "follow_ups", ["tenant_id", "customer_id", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_follow_ups_tenant_customer_due", table_name="follow_ups")
    op.drop_index("ix_follow_ups_tenant_assignee_due", table_name="follow_ups")
    with op.batch_alter_table("follow_ups") as batch:
        for column in USER_REFERENCES:
            batch.drop_constraint(f"fk_follow_ups_{column}_tenant", type_="foreignkey")
        for column in ("updated_at", *reversed(USER_REFERENCES), "outcome", "first_due_on", "kind"):
            batch.drop_column(column)
