"""Reminder e-mails: the tenant's SMTP settings, one digest per recipient, sent after commit.

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
from sqlmodel import Session, col

from core.errors import InvalidInput, Problem
from core.i18n.translate import translate
from core.models import Tenant
from core.packs.registry import PackRegistry
from core.reminders.catalog import reminder_rules
from core.reminders.models import ReminderDelivery, SmtpSettings
from core.reminders.recipients import Recipient, RecipientBook
from core.reminders.rendering import render_email
from core.tenancy import unit_of_work
from core.types import utcnow

MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(hours=1)
_TIMEOUT = 30


def smtp_settings_for(*, session: Session, tenant: Tenant) -> SmtpSettings | None:
    """The tenant's mail server, or None when e-mail is not set up (in-app only)."""
    settings = session.get(SmtpSettings, tenant.id)
    return settings if settings is not None and settings.enabled else None


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


def connect_smtp(smtp: SmtpSettings) -> smtplib.SMTP:
    """A logged-in connection to the tenant's mail server (reminders and survey e-mails share it)."""
    if smtp.use_ssl:
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=_TIMEOUT)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=_TIMEOUT)
        if smtp.starttls:
            client.starttls()
    if smtp.username:
        client.login(smtp.username, smtp.password or "")
    return client


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


def set_smtp_settings(*, session: Session, tenant: Tenant, **values: Any) -> SmtpSettings:
    """Create or replace the tenant's SMTP settings (host and sender are required)."""
    problems = [Problem(name, "required") for name in ("host", "sender") if not values.get(name)]
    port = values.get("port", 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        problems.append(Problem("port", "a port number between 1 and 65535"))
    if values.get("sender") and "@" not in values["sender"]:
        problems.append(Problem("sender", "an e-mail address"))
    if problems:
        raise InvalidInput(problems)
    settings = session.get(SmtpSettings, tenant.id) or SmtpSettings(tenant_id=tenant.id, host="", sender="")
    for name, value in values.items():
        setattr(settings, name, value)
    session.add(settings)
    session.flush()
    return settings
