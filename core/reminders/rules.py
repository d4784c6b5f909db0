"""Core's reminder rules: birthdays, promotions, receivables and follow-ups (activities).

Each rule is one SELECT over the tenant's rows for the run date ``on`` (the tenant's local date).
Rules that look back (``<= on``) catch up after a day the run did not happen; the delivery key
(rule, subject, due date, channel) keeps them from repeating.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from core.activities.models import Activity
from core.models import Customer, Tenant
from core.records import DueReminder, ReminderRule, Translatable
from core.reminders.birthdays import birthday_on
from core.reminders.models import Promotion, Receivable

#: Days after the due date when an unpaid receivable is reminded again, as overdue.
OVERDUE_AFTER_DAYS = 14


def _to(user_id: int | None) -> tuple[int, ...]:
    return (user_id,) if user_id else ()


def birthdays(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    rows = session.execute(
        select(col(Customer.id), col(Customer.name), col(Customer.owner_id)).where(
            col(Customer.tenant_id) == tenant.id, col(Customer.deleted_at).is_(None), birthday_on(on)
        )
    )
    return [DueReminder(f"customer:{cid}", on, cid, name, _to(owner)) for cid, name, owner in rows]


def promotion_starts(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    rows = session.execute(
        select(col(Promotion.id), col(Promotion.title), col(Promotion.starts_on)).where(
            col(Promotion.tenant_id) == tenant.id,
            col(Promotion.starts_on) <= on,
            col(Promotion.ends_on) >= on,
        )
    )
    return [DueReminder(f"promotion:{pid}", starts, None, title) for pid, title, starts in rows]


def promotion_ends(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    """The day before a promotion ends (and on its last day, if the run missed that)."""
    rows = session.execute(
        select(col(Promotion.id), col(Promotion.title), col(Promotion.ends_on)).where(
            col(Promotion.tenant_id) == tenant.id,
            col(Promotion.ends_on) >= on,
            col(Promotion.ends_on) <= on + timedelta(days=1),
        )
    )
    return [DueReminder(f"promotion:{pid}", ends, None, title) for pid, title, ends in rows]


def _receivables(tenant: Tenant, *, due_by: date) -> Any:
    return (
        select(
            col(Receivable.id),
            col(Receivable.customer_id),
            col(Receivable.due_on),
            col(Receivable.amount) - col(Receivable.paid_amount),
            col(Receivable.currency),
            col(Customer.name),
            col(Customer.owner_id),
        )
        .join(Customer, col(Customer.id) == col(Receivable.customer_id))
        .where(
            col(Receivable.tenant_id) == tenant.id,
            col(Receivable.due_on) <= due_by,
            col(Receivable.paid_amount) < col(Receivable.amount),
            col(Customer.deleted_at).is_(None),
        )
    )


def payments_due(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    return [
        DueReminder(f"receivable:{rid}", due, cid, f"{name}: {owed} {currency}", _to(owner))
        for rid, cid, due, owed, currency, name, owner in session.execute(_receivables(tenant, due_by=on))
    ]


def payments_overdue(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    """Collection: still unpaid two weeks after the due date."""
    late = timedelta(days=OVERDUE_AFTER_DAYS)
    rows = session.execute(_receivables(tenant, due_by=on - late))
    return [
        DueReminder(f"receivable:{rid}", due + late, cid, f"{name}: {owed} {currency}", _to(owner))
        for rid, cid, due, owed, currency, name, owner in rows
    ]


def _(message: str) -> str:
    """Marks a msgid for extraction; each recipient reads it in their own language."""
    return message


#: How a due activity reads, by its type (a to-do is just the customer and the note).
ACTIVITY_TEXTS = {
    "call": _("Call %(customer)s%(note)s"),
    "visit": _("Visit %(customer)s%(note)s"),
    "email": _("E-mail %(customer)s%(note)s"),
    "meeting": _("Meeting with %(customer)s%(note)s"),
}


def follow_ups(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    """Open activities due by today, to their assignee (else the customer's owner).

    One SELECT for the tenant.  The delivery key holds the due date, so an activity is reminded
    once, and once more only when it is snoozed to a new date; completed ones drop out.
    """
    rows = session.execute(
        select(
            col(Activity.id),
            col(Activity.customer_id),
            col(Activity.due_on),
            col(Activity.kind),
            col(Activity.note),
            col(Activity.user_id),
            col(Customer.name),
            col(Customer.owner_id),
        )
        .join(Customer, col(Customer.id) == col(Activity.customer_id))
        .where(
            col(Activity.tenant_id) == tenant.id,
            col(Activity.due_on) <= on,
            col(Activity.done_at).is_(None),
            col(Customer.deleted_at).is_(None),
        )
    )
    reminders = []
    for fid, cid, due, kind, note, user_id, name, owner in rows:
        text: str | Translatable = f"{name}: {note}" if note else name
        if kind in ACTIVITY_TEXTS:
            text = Translatable(ACTIVITY_TEXTS[kind], {"customer": name, "note": f": {note}" if note else ""})
        reminders.append(DueReminder(f"follow_up:{fid}", due, cid, text, _to(user_id or owner)))
    return reminders


CORE_RULES: list[ReminderRule] = [
    ReminderRule("birthday", "Birthday", birthdays, {"zh_Hans": "生日", "zh_Hant": "生日"}),
    ReminderRule(
        "promotion_start",
        "Promotion starts",
        promotion_starts,
        {"zh_Hans": "促销开始", "zh_Hant": "促銷開始"},
    ),
    ReminderRule(
        "promotion_end",
        "Promotion ends",
        promotion_ends,
        {"zh_Hans": "促销即将结束", "zh_Hant": "促銷即將結束"},
    ),
    ReminderRule(
        "payment_due", "Payment due", payments_due, {"zh_Hans": "应收款到期", "zh_Hant": "應收款到期"}
    ),
    ReminderRule(
        "payment_overdue",
        "Payment overdue",
        payments_overdue,
        {"zh_Hans": "应收款逾期催收", "zh_Hant": "應收款逾期催收"},
    ),
    ReminderRule("follow_up", "Follow-up due", follow_ups, {"zh_Hans": "待跟进", "zh_Hant": "待跟進"}),
]
