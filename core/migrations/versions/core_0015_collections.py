"""collections: plans of instalments and the payments received, replacing receivables

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-12-08

A receivable was one amount with a running ``paid_amount``: no instalments, no record of who paid
what when, no write-off.  Collection plans hold instalments (amount, currency, due date) and the
payments received against each.  Every receivable becomes a one-instalment plan with the same id
(its paid amount one payment on the due date, the only date known), and the reminders already
delivered about it are renamed to the instalment, so nobody is reminded twice.  All references are
tenant-led from the start.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "core_0015"
down_revision: str | Sequence[str] | None = "core_0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(14, 2)
TS = sa.DateTime(timezone=True)


def _tenant() -> list[Any]:
    return [
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    ]


def _ref(table: str, column: str, parent: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{parent}.tenant_id", f"{parent}.id"],
        name=f"fk_{table}_{column}_tenant",
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "collection_plans",
        *_tenant(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=True),
        sa.Column("reference_pack", sa.String(length=64), nullable=True),
        sa.Column("reference_type", sa.String(length=32), nullable=True),
        sa.Column("reference_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("remind_customer", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        _ref("collection_plans", "customer_id", "customers", "CASCADE"),
        _ref("collection_plans", "created_by", "users"),
        sa.UniqueConstraint("tenant_id", "external_ref", name="uq_collection_plans_tenant_external_ref"),
    )
    op.create_index("uq_collection_plans_tenant_id", "collection_plans", ["tenant_id", "id"], unique=True)
    op.create_index("ix_collection_plans_tenant_customer", "collection_plans", ["tenant_id", "customer_id"])
    op.create_table(
        "collection_instalments",
        *_tenant(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("paid_amount", MONEY, nullable=False),
        sa.Column("written_off_at", TS, nullable=True),
        sa.Column("written_off_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_collection_instalments_amount_positive"),
        sa.CheckConstraint(
            "paid_amount >= 0 AND paid_amount <= amount", name="ck_collection_instalments_paid_in_range"
        ),
        _ref("collection_instalments", "plan_id", "collection_plans", "CASCADE"),
        _ref("collection_instalments", "customer_id", "customers", "CASCADE"),
    )
    op.create_index(
        "uq_collection_instalments_tenant_id", "collection_instalments", ["tenant_id", "id"], unique=True
    )
    op.create_index("ix_collection_instalments_tenant_due", "collection_instalments", ["tenant_id", "due_on"])
    op.create_index(
        "ix_collection_instalments_tenant_customer", "collection_instalments", ["tenant_id", "customer_id"]
    )
    op.create_index(
        "ix_collection_instalments_tenant_plan", "collection_instalments", ["tenant_id", "plan_id", "seq"]
    )
    op.create_table(
        "collection_payments",
        *_tenant(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("instalment_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_collection_payments_amount_positive"),
        _ref("collection_payments", "plan_id", "collection_plans", "CASCADE"),
        _ref("collection_payments", "instalment_id", "collection_instalments", "CASCADE"),
        _ref("collection_payments", "customer_id", "customers", "CASCADE"),
        _ref("collection_payments", "recorded_by", "users"),
    )
    op.create_index(
        "ix_collection_payments_tenant_instalment", "collection_payments", ["tenant_id", "instalment_id"]
    )
    op.create_index("ix_collection_payments_tenant_paid_on", "collection_payments", ["tenant_id", "paid_on"])
    op.create_index("ix_collection_payments_tenant_plan", "collection_payments", ["tenant_id", "plan_id"])
    _move_receivables()
    op.drop_index("ix_receivables_tenant_customer", table_name="receivables")
    op.drop_index("ix_receivables_tenant_due", table_name="receivables")
    op.drop_table("receivables")


def _move_receivables() -> None:
    """Each receivable becomes a plan and an instalment with its id, set-based."""
    op.execute(
        "INSERT INTO collection_plans (tenant_id, id, customer_id, title, currency, note,"
        " remind_customer, created_at)"
        " SELECT tenant_id, id, customer_id, CASE WHEN note = '' THEN 'Receivable' ELSE"
        " substr(note, 1, 200) END, currency, note, false, created_at FROM receivables"
    )
    op.execute(
        "INSERT INTO collection_instalments (tenant_id, id, plan_id, customer_id, seq, amount, currency,"
        " due_on, paid_amount, created_at)"
        " SELECT tenant_id, id, id, customer_id, 1, amount, currency, due_on,"
        " CASE WHEN paid_amount > amount THEN amount WHEN paid_amount < 0 THEN 0 ELSE paid_amount END,"
        " created_at FROM receivables WHERE amount > 0"
    )
    op.execute(
        "INSERT INTO collection_payments (tenant_id, plan_id, instalment_id, customer_id, amount,"
        " currency, paid_on, note, created_at)"
        " SELECT tenant_id, id, id, customer_id, paid_amount, currency, due_on, '', created_at"
        " FROM collection_instalments WHERE paid_amount > 0"
    )
    op.execute(
        "UPDATE reminder_deliveries SET subject = 'instalment:' || substr(subject, 12)"
        " WHERE subject LIKE 'receivable:%'"
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("collection_plans", "collection_instalments"):
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


def downgrade() -> None:
    op.create_table(
        "receivables",
        *_tenant(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("paid_amount", MONEY, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _ref("receivables", "customer_id", "customers", "CASCADE"),
    )
    op.create_index("ix_receivables_tenant_customer", "receivables", ["tenant_id", "customer_id"])
    op.create_index("ix_receivables_tenant_due", "receivables", ["tenant_id", "due_on"])
    op.execute(
        "INSERT INTO receivables (tenant_id, id, customer_id, amount, currency, due_on, paid_amount, note,"
        " created_at)"
        " SELECT i.tenant_id, i.id, i.customer_id, i.amount, i.currency, i.due_on,"
        " CASE WHEN i.written_off_at IS NULL THEN i.paid_amount ELSE i.amount END, substr(p.title, 1, 500),"
        " i.created_at FROM collection_instalments i JOIN collection_plans p ON p.id = i.plan_id"
    )
    op.execute(
        "UPDATE reminder_deliveries SET subject = 'receivable:' || substr(subject, 12)"
        " WHERE subject LIKE 'instalment:%'"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('receivables', 'id'),"
            " (SELECT COALESCE(MAX(id), 0) + 1 FROM receivables), false)"
        )
    for table in ("collection_payments", "collection_instalments", "collection_plans"):
        op.drop_table(table)
