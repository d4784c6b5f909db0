"""The optional reminder e-mail to a customer before an instalment of their plan falls due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.header import decode_header, make_header

from core.collections.customermail import queue_customer_reminders, run_customer_reminders
from core.collections.service import InstalmentInput, create_plan
from core.records import JobContext
from core.smtp.service import set_smtp_settings

ON = date(2026, 6, 10)


def _job(guanxi_engine, tenant):
    """The job's context; the job opens its own units of work, so it needs no session."""
    fired = datetime(ON.year, ON.month, ON.day, 8, tzinfo=UTC)
    return JobContext(guanxi_engine, None, tenant, fired, "k", 1, fired)


def test_customer_gets_one_reminder_in_the_tenants_language(
    guanxi_engine, make_tenant, make_customer, uow, smtp_server
):
    host, port, inbox = smtp_server
    tenant = make_tenant(locale="zh_Hant", timezone="UTC")
    asked = make_customer(tenant, name="林小姐", emails=["lin@example.tw"])
    quiet = make_customer(tenant, name="不提醒", emails=["quiet@example.tw"])
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="crm@example.com"
        )
        for customer, remind in ((asked, True), (quiet, False)):
            create_plan(
                session=session,
                tenant=tenant,
                customer_id=customer.id,
                title="合約 A",
                remind_customer=remind,
                instalments=[
                    InstalmentInput(Decimal("880.00"), ON + timedelta(days=2)),
                    InstalmentInput(Decimal("120.00"), ON + timedelta(days=40)),
                ],
            )
    run_customer_reminders(_job(guanxi_engine, tenant))
    assert len(inbox.messages) == 1
    [message] = inbox.messages
    assert message["X-Envelope-To"] == "lin@example.tw"
    subject = str(make_header(decode_header(message["Subject"])))
    assert "880.00 CNY" in subject and "2026-06-12" in subject and "應付" in subject
    with uow(tenant) as session:
        assert queue_customer_reminders(session=session, tenant=tenant, on=ON) == 0  # already queued
    run_customer_reminders(_job(guanxi_engine, tenant))
    assert len(inbox.messages) == 1


def test_no_mail_server_queues_nothing(guanxi_engine, make_tenant, make_customer, uow):
    tenant = make_tenant(timezone="UTC")
    customer = make_customer(tenant, emails=["a@example.cn"])
    with uow(tenant) as session:
        create_plan(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            title="x",
            remind_customer=True,
            instalments=[InstalmentInput(Decimal("1.00"), ON)],
        )
    run_customer_reminders(_job(guanxi_engine, tenant))
    with uow(tenant) as session:
        from sqlmodel import select

        from core.reminders.models import ReminderDelivery

        assert session.exec(select(ReminderDelivery)).all() == []
