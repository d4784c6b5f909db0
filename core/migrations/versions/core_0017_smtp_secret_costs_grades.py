"""SMTP passwords sealed at rest; recorded costs; customer grades

Revision ID: core_0017
Revises: core_0016
Create Date: 2026-12-08

**SMTP passwords.** ``smtp_settings.password`` held the mail server's password in plain text.  It
now holds a Fernet token sealed with a key derived from the installation secret
(core.secretbox), which is longer than 255 characters for long passwords, hence ``Text``.

The passwords already stored are sealed *here*, not on first read, because:

- a plain-text password would otherwise stay in the database, and in every backup taken since,
  until some reminder run happened to read it; a tenant whose mail is disabled might never;
- a read (a GET page, the reminder run's read-only step) would have to write, and the code would
  need to tell a token from a password that merely looks like one for ever;
- the migration runs once, in one transaction: if sealing fails nothing changes.

Sealing needs the installation secret only when there are passwords to seal; without one the
migration stops with the line that says how to create it (``guanxi secret init``).  Downgrading
reveals them again for the older code, which needs the same secret.

**Costs.** ``costs`` gains what a person records about a cost: its kind (marketing, promotion,
service, gift, other), an optional campaign label and segment, and who recorded it.  The segment
reference is tenant-led like every other (core.tenantkeys).

**Grade rules.** ``grade_rules`` keeps each tenant's grade thresholds (minimum purchase spend per
grade), applied by a daily job and on demand, and when and how the last run changed grades.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.tenantkeys import Reference, use_single_foreign_keys, use_tenant_foreign_keys

revision: str = "core_0017"
down_revision: str | Sequence[str] | None = "core_0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The purpose label core.secretbox.SMTP_PASSWORD had when this migration was written.
_SMTP_PURPOSE = "guanxi smtp password v1"
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_COST_SEGMENT = (Reference("segment_id", "segments", "SET NULL"),)


def _rewrite_passwords(transform: str) -> None:
    from core.secretbox import reveal, seal

    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT tenant_id, password FROM smtp_settings WHERE password IS NOT NULL AND password <> ''")
    ).all()
    for tenant_id, password in rows:
        value = (
            seal(password, purpose=_SMTP_PURPOSE)
            if transform == "seal"
            else reveal(password, purpose=_SMTP_PURPOSE)
        )
        bind.execute(
            sa.text("UPDATE smtp_settings SET password = :value WHERE tenant_id = :tenant"),
            {"value": value, "tenant": tenant_id},
        )


def upgrade() -> None:
    with op.batch_alter_table("smtp_settings") as batch:
        batch.alter_column(
            "password", existing_type=sa.String(length=255), type_=sa.Text(), existing_nullable=True
        )
    _rewrite_passwords("seal")
    with op.batch_alter_table("costs") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="other"))
        batch.add_column(sa.Column("campaign", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("segment_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("created_by", sa.String(length=300), nullable=True))
        batch.create_foreign_key(
            "fk_costs_segment_id_segments", "segments", ["segment_id"], ["id"], ondelete="SET NULL"
        )
    use_tenant_foreign_keys("costs", _COST_SEGMENT)
    op.create_table(
        "grade_rules",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("thresholds", _JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=300), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_changes", _JSON, nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("tenant_id"),
    )


def downgrade() -> None:
    op.drop_table("grade_rules")
    use_single_foreign_keys("costs", _COST_SEGMENT)
    with op.batch_alter_table("costs") as batch:
        batch.drop_constraint("fk_costs_segment_id_segments", type_="foreignkey")
        for column in ("created_by", "segment_id", "campaign", "kind"):
            batch.drop_column(column)
    _rewrite_passwords("reveal")
    with op.batch_alter_table("smtp_settings") as batch:
        batch.alter_column(
            "password", existing_type=sa.Text(), type_=sa.String(length=255), existing_nullable=True
        )
