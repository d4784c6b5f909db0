"""The optional reminder e-mail to the customer, before each instalment of a plan that asks for it.

A daily job does two things.  First one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` queues a
delivery (channel ``customer``, keyed by instalment and due date in ``reminder_deliveries``) for
every open instalment of a ``remind_customer`` plan due within :data:`DAYS_BEFORE` days whose
customer has an e-mail address: a set-based statement, and a repeated run queues nothing twice.
Then, after commit, the queued e-mails are claimed, rendered from the tenant's language template
(``mail/<locale>/subject.txt`` and ``body.txt``), sent through the tenant's mail server and marked,
the same outbox the reminder e-mails to users use.  Without a mail server nothing is queued.
"""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import Engine, String, cast, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from core.collections.models import CollectionInstalment, CollectionPlan
from core.collections.status import open_condition
from core.errors import GuanxiError
from core.models import Customer, Tenant
from core.records import Job, JobContext
from core.reminders.clock import tenant_today
from core.reminders.mail import MAX_ATTEMPTS, connect_smtp, mark_deliveries, smtp_settings_for
from core.reminders.models import ReminderDelivery
from core.tenancy import unit_of_work
from core.types import utcnow

RULE, CHANNEL = "payment_due_customer", "customer"
DAYS_BEFORE = 3
TEMPLATES = Path(__file__).parent / "mail"
LOCALES = ("en", "zh_Hans", "zh_Hant")


def queue_customer_reminders(*, session: Session, tenant: Tenant, on: date) -> int:
    """Queue the e-mails due on ``on``; returns how many are new."""
    now = utcnow()
    source = (
        select(
            col(CollectionInstalment.tenant_id),
            literal(RULE),
            literal("instalment:") + cast(col(CollectionInstalment.id), String),
            col(CollectionInstalment.due_on),
            literal(CHANNEL),
            col(CollectionInstalment.customer_id),
            literal(""),
            literal(""),
            literal("pending"),
            literal(0),
            literal(now, type_=ReminderDelivery.__table__.c.created_at.type),  # type: ignore[attr-defined]
        )
        .join(CollectionPlan, col(CollectionPlan.id) == col(CollectionInstalment.plan_id))
        .join(Customer, col(Customer.id) == col(CollectionInstalment.customer_id))
        .where(
            col(CollectionInstalment.tenant_id) == tenant.id,
            col(CollectionPlan.remind_customer).is_(True),
            col(CollectionInstalment.due_on) >= on,
            col(CollectionInstalment.due_on) <= on + timedelta(days=DAYS_BEFORE),
            open_condition(),
            col(Customer.deleted_at).is_(None),
            col(Customer.email).is_not(None),
        )
    )
    build = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        build(ReminderDelivery)
        .from_select(
            [
                "tenant_id",
                "rule",
                "subject",
                "due_on",
                "channel",
                "customer_id",
                "text",
                "recipients",
                "status",
                "attempts",
                "created_at",
            ],
            source,
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "rule", "subject", "due_on", "channel"])
        .returning(col(ReminderDelivery.id))
    )
    return len(session.execute(statement).all())


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_customer_email(*, locale: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of the reminder to a customer, in ``locale`` (English if unknown)."""
    locale = locale if locale in LOCALES else "en"
    env = _environment()
    subject = env.get_template(f"{locale}/subject.txt").render(context).strip()
    return subject, env.get_template(f"{locale}/body.txt").render(context)


def _claim(engine: Engine, tenant: Tenant) -> list[Any]:
    """Take the queued e-mails (one UPDATE only one run wins) with what they need, in one query."""
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id) as session:
        ids = session.execute(
            update(ReminderDelivery)
            .where(
                col(ReminderDelivery.tenant_id) == tenant.id,
                col(ReminderDelivery.channel) == CHANNEL,
                col(ReminderDelivery.status).in_(("pending", "failed")),
                col(ReminderDelivery.attempts) < MAX_ATTEMPTS,
            )
            .values(status="sending", claimed_at=utcnow(), attempts=ReminderDelivery.attempts + 1)
            .returning(col(ReminderDelivery.id), col(ReminderDelivery.subject))
            .execution_options(synchronize_session=False)
        ).all()
        if not ids:
            return []
        by_instalment = {int(subject.split(":", 1)[1]): delivery_id for delivery_id, subject in ids}
        rows = session.execute(
            select(
                col(CollectionInstalment.id),
                col(CollectionInstalment.seq),
                col(CollectionInstalment.due_on),
                col(CollectionInstalment.amount) - col(CollectionInstalment.paid_amount),
                col(CollectionInstalment.currency),
                col(CollectionPlan.title),
                col(Customer.name),
                col(Customer.email),
            )
            .join(CollectionPlan, col(CollectionPlan.id) == col(CollectionInstalment.plan_id))
            .join(Customer, col(Customer.id) == col(CollectionInstalment.customer_id))
            .where(col(CollectionInstalment.id).in_(list(by_instalment)))
        ).all()
        return [(by_instalment[row[0]], row) for row in rows]


def send_customer_reminders(*, engine: Engine, tenant: Tenant, smtp: Any) -> tuple[int, list[str]]:
    """Send the claimed e-mails; returns (sent, error messages)."""
    claimed = _claim(engine, tenant)
    if not claimed:
        return 0, []
    failed: dict[int, str] = {}
    errors: list[str] = []
    try:
        client = connect_smtp(smtp)
    except (OSError, smtplib.SMTPException) as exc:
        errors.append(f"cannot reach mail server {smtp.host}:{smtp.port}: {exc}")
        failed = {delivery_id: errors[0][:500] for delivery_id, _row in claimed}
    else:
        with client:
            for delivery_id, (_iid, seq, due_on, amount, currency, title, name, email) in claimed:
                context = {
                    "tenant": tenant,
                    "customer": {"name": name},
                    "seq": seq,
                    "due_on": due_on,
                    "amount": amount,
                    "currency": currency,
                    "title": title,
                }
                subject, body = render_customer_email(locale=tenant.locale, context=context)
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = smtp.sender, email, subject
                message["Date"] = formatdate(localtime=False)
                message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
                message.set_content(body)
                try:
                    client.send_message(message)
                except (OSError, smtplib.SMTPException) as exc:
                    errors.append(f"{email}: {exc}")
                    failed[delivery_id] = str(exc)[:500]
    sent = [delivery_id for delivery_id, _row in claimed if delivery_id not in failed]
    mark_deliveries(engine, tenant, sent, failed)
    return len(sent), errors


class CustomerRemindersIncomplete(GuanxiError):
    """Some customer e-mails could not be sent; the job is retried."""


def run_customer_reminders(ctx: JobContext) -> None:
    on = tenant_today(ctx.tenant, now=ctx.fired_at or ctx.now)
    assert ctx.tenant.id is not None
    with unit_of_work(ctx.engine, ctx.tenant.id) as session:
        smtp = smtp_settings_for(session=session, tenant=ctx.tenant)
        if smtp is None:
            return
        queue_customer_reminders(session=session, tenant=ctx.tenant, on=on)
        session.expunge(smtp)
    _sent, errors = send_customer_reminders(engine=ctx.engine, tenant=ctx.tenant, smtp=smtp)
    if errors:
        raise CustomerRemindersIncomplete("; ".join(errors))


CUSTOMER_REMINDER_JOB = Job(
    "core.collections.customer_reminders",
    run_customer_reminders,
    schedule="0 8 * * *",
    per_tenant=True,
    max_attempts=5,
    backoff_seconds=300,
    title="Payment reminders to customers",
    titles={"zh_Hans": "给客户的付款提醒", "zh_Hant": "給客戶的付款提醒"},
)
