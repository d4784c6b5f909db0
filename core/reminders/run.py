"""The daily reminder run for one tenant: collect due reminders, record each delivery once, fill
the in-app inboxes in the same transaction, then send e-mails after commit.

Exactly-once rests on the database: ``reminder_deliveries`` has a unique key (tenant, rule,
subject, due date, channel) and rows are inserted with ``ON CONFLICT DO NOTHING ... RETURNING``,
so only reminders never recorded before come back, even when two runs overlap.  E-mails are an
outbox: a row stays ``pending`` until the mail server accepted it, and the next run retries it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from core.i18n.translate import as_json, translate
from core.models import Tenant
from core.records import DueReminder, ReminderRule, Translatable
from core.reminders.catalog import reminder_rules
from core.reminders.clock import tenant_today
from core.reminders.mail import send_pending_emails, smtp_settings_for
from core.reminders.models import Notification, ReminderDelivery
from core.reminders.recipients import RecipientBook
from core.tenancy import session_registry, unit_of_work

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry
from core.types import utcnow

log = logging.getLogger("guanxi.reminders")
INAPP, EMAIL = "inapp", "email"
_NOTIFICATIONS: Table = Notification.__table__  # type: ignore[attr-defined]  # SQLModel sets it


@dataclass
class RunReport:
    """What a run did, for the CLI and the job log."""

    on: date
    due: int = 0
    recorded: dict[str, int] = field(default_factory=lambda: {INAPP: 0, EMAIL: 0})
    notifications: int = 0
    emails_sent: int = 0
    email_errors: list[str] = field(default_factory=list)
    rule_errors: list[str] = field(default_factory=list)


def collect_due(
    *, session: Session, tenant: Tenant, on: date, report: RunReport
) -> list[tuple[ReminderRule, DueReminder]]:
    """Every rule's due reminders; a failing rule is reported and skipped, the others still run."""
    found: list[tuple[ReminderRule, DueReminder]] = []
    for rule in reminder_rules(session=session, tenant=tenant).values():
        try:
            with session.begin_nested():
                found += [(rule, item) for item in rule.due(session=session, tenant=tenant, on=on)]
        except Exception as exc:  # one pack's broken rule must not stop everyone's reminders
            log.exception("reminder rule %s failed for tenant %s", rule.key, tenant.slug)
            report.rule_errors.append(f"{rule.key}: {exc}")
    report.due = len(found)
    return found


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> list[Any]:
    """Insert delivery rows, skipping keys already present; returns the rows actually inserted.

    One statement executed with many parameter sets: SQLAlchemy compiles it once and sends it in
    multi-row batches ("insertmanyvalues"), so 10,000 deliveries cost a handful of round trips and
    no per-row compilation (building one literal ``VALUES`` list per chunk cost seconds).
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table: Table = ReminderDelivery.__table__  # type: ignore[attr-defined]  # SQLModel sets it
    statement = (
        build(table)
        .on_conflict_do_nothing(index_elements=["tenant_id", "rule", "subject", "due_on", "channel"])
        .returning(
            table.c.id,
            table.c.rule,
            table.c.channel,
            table.c.due_on,
            table.c.customer_id,
            table.c.text,
            table.c.text_i18n,
            table.c.recipients,
        )
    )
    # the tenant-scoped session filters ORM statements; this Core one names its tenant in every row
    return list(session.connection().execute(statement, rows).all())


def record_due(*, session: Session, tenant: Tenant, on: date, email: bool) -> RunReport:
    """Phase one, inside the caller's unit of work: deliveries and in-app notifications."""
    report = RunReport(on=on)
    due = collect_due(session=session, tenant=tenant, on=on, report=report)
    book = RecipientBook(session=session, tenant=tenant)
    now = utcnow()
    channels = (INAPP, EMAIL) if email else (INAPP,)
    rows = []
    for rule, item in due:
        recipients = ",".join(str(uid) for uid in book.resolve(item))
        for channel in channels:
            rows.append(
                {
                    "tenant_id": tenant.id,
                    "rule": rule.key,
                    "subject": item.subject[:100],
                    "due_on": item.due_on,
                    "channel": channel,
                    "customer_id": item.customer_id,
                    "text": translate(item.text, "en", registry=session_registry(session))[:500],
                    "text_i18n": as_json(item.text) if isinstance(item.text, Translatable) else None,
                    "recipients": recipients,
                    "attempts": 0,
                    "created_at": now,
                    "status": "sent" if channel == INAPP else "pending",
                    "sent_at": now if channel == INAPP else None,
                }
            )
    inserted = _insert_new(session, rows)
    titles = {rule.key: rule for rule, _ in due}
    notifications = []
    for row in inserted:
        report.recorded[row.channel] += 1
        if row.channel != INAPP:
            continue
        for uid in filter(None, row.recipients.split(",")):
            rule = titles[row.rule]
            locale = book.users[int(uid)].locale
            title = rule.titles.get(locale, rule.title)
            text = row.text
            if row.text_i18n:
                text = translate(row.text_i18n, locale, registry=session_registry(session))
            notifications.append(
                {
                    "tenant_id": tenant.id,
                    "delivery_id": row.id,
                    "user_id": int(uid),
                    "rule": row.rule,
                    "title": f"{title}: {text}"[:300],
                    "due_on": row.due_on,
                    "customer_id": row.customer_id,
                    "created_at": now,
                }
            )
    if notifications:  # a Core executemany: the ORM's bulk path costs more than the insert itself
        session.connection().execute(insert(_NOTIFICATIONS), notifications)
    report.notifications = len(notifications)
    return report


def run_reminders(
    *, engine: Engine, registry: PackRegistry, tenant: Tenant, on: date | None = None
) -> RunReport:
    """The whole run: record (one transaction), then send e-mails (after commit), then mark them.

    ``registry`` supplies the rules of the packs the tenant enabled."""
    on = on or tenant_today(tenant)
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id, registry=registry) as session:
        smtp = smtp_settings_for(session=session, tenant=tenant)
        report = record_due(session=session, tenant=tenant, on=on, email=smtp is not None)
    if smtp is not None:
        sent, errors = send_pending_emails(engine=engine, registry=registry, tenant=tenant, smtp=smtp)
        report.emails_sent, report.email_errors = sent, errors
    return report
