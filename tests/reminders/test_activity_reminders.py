"""Due activities go through the daily reminder run: once to the assignee's inbox, e-mail and
calendar, again only after a snooze to a new date, never once completed."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from core.activities.service import complete_activity, create_activity, snooze_activity
from core.caller import Caller
from core.packs.loader import get_registry
from core.reminders.calendar import calendar_feed
from core.reminders.inbox import list_notifications
from core.reminders.run import run_reminders
from core.smtp.service import set_smtp_settings

ON = date(2026, 6, 10)


def _caller(session, tenant, user):
    return Caller(session, tenant, user, permissions=frozenset({"customers:all"}))


def test_a_due_activity_is_delivered_once_by_inbox_email_and_calendar(
    guanxi_engine, make_tenant, make_user, make_customer, uow, smtp_server
):
    host, port, mails = smtp_server
    tenant = make_tenant(locale="zh_Hans")
    rep, helper = make_user(tenant, name="小王"), make_user(tenant, role="manager", name="小李", locale="en")
    customer = make_customer(tenant, name="陈静", owner_id=rep.id)
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="crm@example.com"
        )
        caller = _caller(session, tenant, rep)
        call = create_activity(
            caller=caller, tenant=tenant, customer_id=customer.id, kind="call", due_on=ON, note="报价"
        )
        visit = create_activity(
            caller=caller,
            tenant=tenant,
            customer_id=customer.id,
            kind="visit",
            due_on=ON - timedelta(days=1),
            assignee_id=helper.id,
        )
        create_activity(
            caller=caller, tenant=tenant, customer_id=customer.id, kind="todo", due_on=ON + timedelta(1)
        )
    first = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert first.rule_errors == [] and first.email_errors == []
    assert first.recorded == {"inapp": 2, "email": 2} and len(mails.messages) == 2
    with uow(tenant) as session:
        assert [n.title for n in list_notifications(session=session, user=rep)] == [
            "待跟进: 给陈静打电话: 报价"
        ]
        assert [n.title for n in list_notifications(session=session, user=helper)] == [
            "Follow-up due: Visit 陈静"
        ]
        feed = Calendar.from_ical(calendar_feed(session=session, user=rep, since=ON - timedelta(days=7)))
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["待跟进: 给陈静打电话: 报价"]

    again = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    later = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON + timedelta(1))
    assert again.recorded == {"inapp": 0, "email": 0}
    assert later.recorded == {"inapp": 1, "email": 1}  # only the to-do that fell due that day
    with uow(tenant) as session:
        caller = _caller(session, tenant, rep)
        snooze_activity(
            caller=caller, activity_id=call.id, until=ON + timedelta(days=3), today=ON + timedelta(1)
        )
        complete_activity(caller=caller, tenant=tenant, activity_id=visit.id)
    for day in (2, 3, 4):
        report = run_reminders(
            engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON + timedelta(days=day)
        )
        assert report.recorded["inapp"] == (1 if day == 3 else 0), day
    with uow(tenant) as session:
        assert len(list_notifications(session=session, user=rep)) == 3
        assert len(list_notifications(session=session, user=helper)) == 1
