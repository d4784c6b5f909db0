"""Reminder e-mails: one digest per recipient, sent after commit through the tenant's SMTP server.

Sending is an outbox run in three steps so that a slow or failing mail server never holds a
database transaction open and never loses a reminder: claim the pending rows (one UPDATE that
only one run can win), talk to the server, then mark what was accepted ``sent`` and the rest
``failed`` (retried by the next run, up to :data:`MAX_ATTEMPTS`).
"""

from __future__ import annotations

import smtplib
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from sqlalchemy import Engine, or_, update
from sqlmodel import col

from core.i18n.translate import translate
from core.models import Tenant
from core.packs.registry import PackRegistry
from core.reminders.catalog import reminder_rules
from core.reminders.models import ReminderDelivery, SmtpSettings
from core.reminders.recipients import Recipient, RecipientBook
from core.reminders.rendering import render_email
from core.smtp.service import connect_smtp, smtp_settings_for
from core.tenancy import unit_of_work
from core.types import utcnow

MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(hours=1)
__all__ = ["connect_smtp", "send_pending_emails", "smtp_settings_for"]


def _claim(engine: Engine, tenant: Tenant) -> Sequence[Any]:
    now = utcnow()
    claimable = or_(
        col(ReminderDelivery.status).in_(("pending", "failed")),
        (col(ReminderDelivery.status) == "sending") & (col(ReminderDelivery.claimed_at) < now - STALE_CLAIM),
    )
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id) as session:
        return session.execute(
            update(ReminderDelivery)
            .where(
                col(ReminderDelivery.tenant_id) == tenant.id,
                col(ReminderDelivery.channel) == "email",
                col(ReminderDelivery.attempts) < MAX_ATTEMPTS,
                claimable,
            )
            .values(status="sending", claimed_at=now, attempts=ReminderDelivery.attempts + 1)
            .returning(
                col(ReminderDelivery.id),
                col(ReminderDelivery.rule),
                col(ReminderDelivery.due_on),
                col(ReminderDelivery.text),
                col(ReminderDelivery.text_i18n),
                col(ReminderDelivery.recipients),
            )
            .execution_options(synchronize_session=False)
        ).all()


def _message(
    smtp: SmtpSettings, tenant: Tenant, user: Recipient, items: list[dict[str, Any]]
) -> EmailMessage:
    subject, body = render_email(locale=user.locale, tenant=tenant, user=user, items=items)
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = user.email
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


def send_pending_emails(
    *, engine: Engine, registry: PackRegistry, tenant: Tenant, smtp: SmtpSettings
) -> tuple[int, list[str]]:
    """Send every claimable e-mail reminder; returns (deliveries sent, error messages).

    ``registry`` gives the titles of the packs' rules the e-mails name."""
    claimed = _claim(engine, tenant)
    if not claimed:
        return 0, []
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id, registry=registry) as session:
        book = RecipientBook(session=session, tenant=tenant)
        rules = reminder_rules(session=session, tenant=tenant)
    per_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in claimed:
        rule = rules.get(row.rule)
        for uid in filter(None, row.recipients.split(",")):
            if int(uid) in book.users:
                locale = book.users[int(uid)].locale
                # a notice (no rule) carries its title in its text, already in this user's language
                title = rule.titles.get(locale, rule.title) if rule else ""
                text = translate(row.text_i18n, locale, registry=registry) if row.text_i18n else row.text
                per_user[int(uid)].append({"id": row.id, "rule": title, "due_on": row.due_on, "text": text})
    failed: dict[int, str] = {}
    errors: list[str] = []
    try:
        client = connect_smtp(smtp)
    except (OSError, smtplib.SMTPException) as exc:
        errors.append(f"cannot reach mail server {smtp.host}:{smtp.port}: {exc}")
        failed = {row.id: errors[0] for row in claimed}
    else:
        with client:
            for uid, items in per_user.items():
                user = book.users[uid]
                try:
                    client.send_message(_message(smtp, tenant, user, items))
                except (OSError, smtplib.SMTPException) as exc:
                    errors.append(f"{user.email}: {exc}")
                    failed.update({item["id"]: str(exc)[:500] for item in items})
    sent = [row.id for row in claimed if row.id not in failed]
    mark_deliveries(engine, tenant, sent, failed)
    return len(sent), errors


def mark_deliveries(engine: Engine, tenant: Tenant, sent: list[int], failed: dict[int, str]) -> None:
    now = utcnow()
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id) as session:
        if sent:
            session.execute(
                update(ReminderDelivery)
                .where(col(ReminderDelivery.tenant_id) == tenant.id, col(ReminderDelivery.id).in_(sent))
                .values(status="sent", sent_at=now, error=None)
                .execution_options(synchronize_session=False)
            )
        by_error: dict[str, list[int]] = defaultdict(list)
        for delivery_id, error in failed.items():
            by_error[error].append(delivery_id)
        for error, ids in by_error.items():
            session.execute(
                update(ReminderDelivery)
                .where(col(ReminderDelivery.tenant_id) == tenant.id, col(ReminderDelivery.id).in_(ids))
                .values(status="failed", error=error)
                .execution_options(synchronize_session=False)
            )
