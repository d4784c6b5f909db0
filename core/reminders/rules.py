"""Core's reminder rules: birthdays, promotions, collection instalments and activities.

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
from core.reminders.models import Promotion

#: Days before an instalment's due date when its customer's owner is reminded.
DUE_SOON_DAYS = 3
#: An overdue instalment is reminded the day after its due date, then every this many days.
OVERDUE_REPEAT_DAYS = 30


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


def _instalments(tenant: Tenant, *, due_from: date | None, due_by: date) -> Any:
    """Open instalments (not paid, not written off) of live customers due in the window."""
    from core.collections.models import CollectionInstalment
    from core.collections.status import open_condition

    query = (
        select(
            col(CollectionInstalment.id),
            col(CollectionInstalment.customer_id),
            col(CollectionInstalment.due_on),
            col(CollectionInstalment.amount) - col(CollectionInstalment.paid_amount),
            col(CollectionInstalment.currency),
            col(Customer.name),
            col(Customer.owner_id),
        )
        .join(Customer, col(Customer.id) == col(CollectionInstalment.customer_id))
        .where(
            col(CollectionInstalment.tenant_id) == tenant.id,
            col(CollectionInstalment.due_on) <= due_by,
            open_condition(),
            col(Customer.deleted_at).is_(None),
        )
    )
    if due_from is not None:
        query = query.where(col(CollectionInstalment.due_on) >= due_from)
    return query


def payments_due(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    """To the customer's owner, DUE_SOON_DAYS before an instalment falls due (or later, if the run
    missed that day, until the due date itself)."""
    ahead = timedelta(days=DUE_SOON_DAYS)
    rows = session.execute(_instalments(tenant, due_from=on, due_by=on + ahead))
    return [
        DueReminder(f"instalment:{iid}", due - ahead, cid, f"{name}: {owed} {currency} ({due})", _to(owner))
        for iid, cid, due, owed, currency, name, owner in rows
    ]


def payments_overdue(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    """To the customer's owner, the day after an instalment fell due unpaid, and again every
    OVERDUE_REPEAT_DAYS while it stays open (each reminder keyed by its own date)."""
    rows = session.execute(_instalments(tenant, due_from=None, due_by=on - timedelta(days=1)))
    reminders = []
    for iid, cid, due, owed, currency, name, owner in rows:
        late = (on - due).days
        step = due + timedelta(days=1 + ((late - 1) // OVERDUE_REPEAT_DAYS) * OVERDUE_REPEAT_DAYS)
        text = f"{name}: {owed} {currency} ({due})"
        reminders.append(DueReminder(f"instalment:{iid}", step, cid, text, _to(owner)))
    return reminders


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
        "payment_due",
        "Payment due soon",
        payments_due,
        {"zh_Hans": "回款即将到期", "zh_Hant": "回款即將到期"},
    ),
    ReminderRule(
        "payment_overdue",
        "Payment overdue",
        payments_overdue,
        {"zh_Hans": "回款逾期催收", "zh_Hant": "回款逾期催收"},
    ),
    ReminderRule("follow_up", "Follow-up due", follow_ups, {"zh_Hans": "待跟进", "zh_Hant": "待跟進"}),
]
