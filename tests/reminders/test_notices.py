"""Notices from pack events: in the inbox in the reader's language, by e-mail after commit, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from core.notices.jobs import NOTICE_JOBS
from core.notices.service import SEND_NOTICE_EMAILS, Notice, notify
from core.reminders.inbox import list_notifications
from core.reminders.models import ReminderDelivery
from core.smtp.service import set_smtp_settings

NOTICE = Notice(
    key="hotel.checked_out",
    subject="stay:7",
    title="Guest checked out",
    text="room 12",
    titles={"zh_Hans": "客人已退房", "zh_Hant": "客人已退房"},
    texts={"zh_Hans": "12 号房", "zh_Hant": "12 號房"},
)


def test_notify_fills_each_recipients_inbox_in_their_language(make_tenant, make_user, make_customer, uow):
    tenant = make_tenant(locale="en")
    hans = make_user(tenant, role="rep", locale="zh_Hans")
    hant = make_user(tenant, role="rep", locale="zh_Hant")
    customer = make_customer(tenant, owner_id=hans.id)
    with uow(tenant) as session:
        assert notify(session=session, tenant=tenant, notice=NOTICE, user_ids=[hans.id, hant.id]) == 2
    with uow(tenant) as session:
        assert [n.title for n in list_notifications(session=session, user=hans)] == ["客人已退房：12 号房"]
        assert [n.title for n in list_notifications(session=session, user=hant)] == ["客人已退房：12 號房"]
        # no users named: the customer's owner hears of it
        other = Notice("hotel.checked_out", "stay:8", "Guest checked out", "room 14")
        assert notify(session=session, tenant=tenant, notice=other, customer_id=customer.id) == 1


def test_the_same_notice_the_same_day_is_delivered_once(make_tenant, make_user, uow):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, role="owner", locale="en")
    with uow(tenant) as session:
        assert notify(session=session, tenant=tenant, notice=NOTICE) == 1
        assert notify(session=session, tenant=tenant, notice=NOTICE) == 0
    with uow(tenant) as session:
        assert [n.title for n in list_notifications(session=session, user=owner)] == [
            "Guest checked out: room 12"
        ]


def test_notice_emails_leave_after_commit_through_the_outbox_job(
    make_tenant, make_user, uow, smtp_server, run_due_jobs
):
    host, port, inbox = smtp_server
    tenant = make_tenant(locale="en")
    make_user(tenant, role="owner", locale="zh_Hant")
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="crm@example.com"
        )
    with uow(tenant) as session:
        notify(session=session, tenant=tenant, notice=NOTICE)
        pending = session.exec(select(ReminderDelivery).where(ReminderDelivery.channel == "email")).all()
        assert [d.status for d in pending] == ["pending"] and inbox.messages == []
    report = run_due_jobs(now=datetime.now(UTC), jobs=[SEND_NOTICE_EMAILS])
    assert report is not None
    assert len(inbox.messages) == 1
    body = inbox.messages[0].get_payload(decode=True).decode("utf-8")
    assert "客人已退房：12 號房" in body and "hotel.checked_out" not in body


def test_notice_email_job_is_registered_with_retries():
    assert [job.name for job in NOTICE_JOBS] == [SEND_NOTICE_EMAILS]
    assert NOTICE_JOBS[0].max_attempts > 1
