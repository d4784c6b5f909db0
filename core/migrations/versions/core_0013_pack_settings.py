"""pack settings, reminder texts in the reader's language, surveys sent by e-mail

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-12-07

``pack_settings`` holds each tenant's saved settings of a pack, validated by the schema the pack
declares; the values packs kept in ``tenant_packs.config`` are copied over (same keys).
``reminder_deliveries.text_i18n`` keeps a reminder text as msgid and arguments, so each recipient
reads it in their own language.  ``surveys`` learns which sending asked for it (``send_key``,
one survey per customer and sending) and where its e-mail stands, like the reminder outbox.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "core_0013"
down_revision: str | Sequence[str] | None = "core_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    settings = op.create_table(
        "pack_settings",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("pack", sa.String(length=63), nullable=False),
        sa.Column("values", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "pack"),
    )
    packs = sa.table(
        "tenant_packs",
        sa.column("tenant_id", sa.Integer()),
        sa.column("pack", sa.String()),
        sa.column("config", JSON),
    )
    saved = op.get_bind().execute(sa.select(packs.c.tenant_id, packs.c.pack, packs.c.config))
    now = datetime.now(UTC)
    rows = [
        {"tenant_id": tenant_id, "pack": pack, "values": config, "updated_at": now}
        for tenant_id, pack, config in saved
        if config
    ]
    if rows:
        op.bulk_insert(settings, rows)

    op.add_column("reminder_deliveries", sa.Column("text_i18n", JSON, nullable=True))

    op.add_column("surveys", sa.Column("send_key", sa.String(length=100), nullable=True))
    op.add_column("surveys", sa.Column("mail_status", sa.String(length=16), nullable=True))
    op.add_column("surveys", sa.Column("mail_attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("surveys", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("surveys", sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("uq_surveys_send", "surveys", ["tenant_id", "send_key", "customer_id"], unique=True)
    op.create_index("ix_surveys_tenant_mail", "surveys", ["tenant_id", "send_key", "mail_status"])


def downgrade() -> None:
    op.drop_index("ix_surveys_tenant_mail", table_name="surveys")
    op.drop_index("uq_surveys_send", table_name="surveys")
    with op.batch_alter_table("surveys") as batch:
        for column in ("mailed_at", "claimed_at", "mail_attempts", "mail_status", "send_key"):
            batch.drop_column(column)
    with op.batch_alter_table("reminder_deliveries") as batch:
        batch.drop_column("text_i18n")
    op.drop_table("pack_settings")
