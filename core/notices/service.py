"""Tell users about an event a pack saw ("repair 12 closed"), in-app and by e-mail.

A notice reuses the reminders' delivery machinery instead of a second one: one
``reminder_deliveries`` row per channel keyed by (notice key, subject, day), so repeating the same
event the same day notifies nobody twice; in-app rows land in the users' inbox in the caller's
transaction; e-mails wait in the outbox and a job enqueued in the same transaction sends them
after commit, so a failing mail server never rolls the event back.  Every text is given in the
three locales and each recipient reads their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlmodel import Session, col

from core.jobs.queue import NewRun, insert_runs
from core.models import Customer, Tenant
from core.reminders.clock import tenant_today
from core.reminders.mail import smtp_settings_for
from core.reminders.models import Notification
from core.reminders.recipients import RecipientBook
from core.reminders.run import EMAIL, INAPP, _insert_new
from core.types import utcnow

SEND_NOTICE_EMAILS = "core.notices.send_emails"


@dataclass(frozen=True)
class Notice:
    """What to tell: an English ``title`` and ``text`` with their translations by locale."""

    key: str
    subject: str
    title: str
    text: str
    titles: Mapping[str, str] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)

    def line(self, locale: str) -> str:
        """The notice as one line in ``locale`` (English when a translation is missing)."""
        colon = "：" if locale.startswith("zh") else ": "
        return f"{self.titles.get(locale, self.title)}{colon}{self.texts.get(locale, self.text)}"


def _recipients(
    session: Session, book: RecipientBook, user_ids: Iterable[int], customer_id: int | None
) -> list[int]:
    """The given users, else the customer's owner, else the tenant's owners and admins."""
    chosen = [uid for uid in user_ids if uid in book.users]
    if not chosen and customer_id is not None:
        owner = session.execute(
            select(col(Customer.owner_id)).where(col(Customer.id) == customer_id)
        ).scalar()
        chosen = [owner] if owner is not None and owner in book.users else []
    return sorted(set(chosen)) or list(book.fallback)


def notify(
    *,
    session: Session,
    tenant: Tenant,
    notice: Notice,
    user_ids: Iterable[int] = (),
    customer_id: int | None = None,
) -> int:
    """Put ``notice`` in the recipients' inboxes and queue its e-mails; returns how many users were
    notified now (0 when this notice was already delivered today).  Part of the caller's unit of
    work: it flushes, never commits."""
    assert tenant.id is not None
    book = RecipientBook(session=session, tenant=tenant)
    recipients = _recipients(session, book, user_ids, customer_id)
    if not recipients:
        return 0
    now, today = utcnow(), tenant_today(tenant)
    by_locale: dict[str, list[int]] = defaultdict(list)
    for uid in recipients:
        by_locale[book.users[uid].locale].append(uid)

    def row(channel: str, subject: str, text: str, users: list[int]) -> dict[str, object]:
        return {
            "tenant_id": tenant.id,
            "rule": notice.key[:100],
            "subject": subject[:100],
            "due_on": today,
            "channel": channel,
            "customer_id": customer_id,
            "text": text[:500],
            "recipients": ",".join(map(str, users)),
            "attempts": 0,
            "created_at": now,
            "status": "sent" if channel == INAPP else "pending",
            "sent_at": now if channel == INAPP else None,
        }

    rows = [row(INAPP, notice.subject, notice.text, recipients)]
    email = smtp_settings_for(session=session, tenant=tenant) is not None
    if email:  # one e-mail row per language, each already written in it
        rows += [
            row(EMAIL, f"{notice.subject}#{locale}", notice.line(locale), users)
            for locale, users in sorted(by_locale.items())
        ]
    inserted = _insert_new(session, rows)
    inbox = [
        {
            "tenant_id": tenant.id,
            "delivery_id": delivery.id,
            "user_id": uid,
            "rule": notice.key[:100],
            "title": notice.line(book.users[uid].locale)[:300],
            "due_on": today,
            "customer_id": customer_id,
            "created_at": now,
        }
        for delivery in inserted
        if delivery.channel == INAPP
        for uid in recipients
    ]
    if inbox:
        session.execute(insert(Notification), inbox)
    if email and any(delivery.channel == EMAIL for delivery in inserted):
        key = f"{tenant.id}:{notice.key}:{notice.subject}:{today.isoformat()}"
        insert_runs(session, [NewRun(SEND_NOTICE_EMAILS, key[:200], tenant.id, {}, now, 5)])
    return len(inbox)
