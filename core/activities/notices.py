"""Telling a user that an activity was given to them, through core's notices (inbox and e-mail).

Without it a reassigned activity that was already reminded (its delivery key holds the due date)
would reach its new assignee only when they happen to open "my activities".  The notice is keyed
by activity and assignee per day, so handing it back and forth notifies each person once a day.
"""

from __future__ import annotations

from sqlmodel import Session

from core.activities.models import Activity
from core.i18n.translate import LOCALES, translate
from core.models import Tenant
from core.notices.service import Notice, notify
from core.records import Translatable
from core.reminders.rules import ACTIVITY_TEXTS


def _(message: str) -> str:
    """Marks a msgid for extraction; each recipient reads it in their own language."""
    return message


TITLE = _("Activity assigned to you")


def tell_new_assignee(*, session: Session, tenant: Tenant, activity: Activity, customer_name: str) -> int:
    """Notify the activity's (new) assignee; returns how many users were told now."""
    if activity.user_id is None:
        return 0
    note = f": {activity.note}" if activity.note else ""
    text = Translatable(
        ACTIVITY_TEXTS.get(activity.kind, "%(customer)s%(note)s"), {"customer": customer_name, "note": note}
    )
    texts = {locale: translate(text, locale) for locale in LOCALES}
    titles = {locale: translate(Translatable(TITLE), locale) for locale in LOCALES}
    notice = Notice(
        key="activity_assigned",
        subject=f"activity:{activity.id}:{activity.user_id}",
        title=titles["en"],
        text=f"{texts['en']} ({activity.due_on.isoformat()})",
        titles=titles,
        texts={locale: f"{value} ({activity.due_on.isoformat()})" for locale, value in texts.items()},
    )
    return notify(
        session=session,
        tenant=tenant,
        notice=notice,
        user_ids=[activity.user_id],
        customer_id=activity.customer_id,
    )
