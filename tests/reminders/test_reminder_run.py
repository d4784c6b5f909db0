"""The daily reminder run: due birthdays reach the inbox, e-mail and calendar exactly once."""

from __future__ import annotations

from datetime import date
from email.header import decode_header, make_header

from icalendar import Calendar

from core.packs.loader import get_registry
from core.reminders.calendar import calendar_feed, issue_calendar_token, user_for_calendar_token
from core.reminders.inbox import list_notifications
from core.reminders.run import run_reminders
from core.smtp.service import set_smtp_settings

ON = date(2026, 2, 17)  # 正月初一 of 丙午


def _body(message) -> str:
    return message.get_payload(decode=True).decode("utf-8")


def _setup(make_tenant, make_user, make_customer, uow, smtp_server, **tenant_fields):
    host, port, _ = smtp_server
    tenant = make_tenant(**tenant_fields)
    owner = make_user(tenant, role="owner", name="老板")
    rep = make_user(tenant, role="rep", name="小王")
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="crm@example.com"
        )
    customers = {
        "solar_rep": make_customer(tenant, name="张伟", birthday=date(1980, 2, 17), owner_id=rep.id),
        "lunar_unowned": make_customer(
            tenant, name="李娜", birthday_lunar=True, lunar_birth_month=1, lunar_birth_day=1
        ),
        "not_today": make_customer(tenant, name="王芳", birthday=date(1990, 2, 18), owner_id=rep.id),
        "lunar_other_day": make_customer(
            tenant, name="赵磊", birthday_lunar=True, lunar_birth_month=1, lunar_birth_day=2, owner_id=rep.id
        ),
    }
    return tenant, owner, rep, customers


def test_due_birthdays_are_sent_once_by_email_inbox_and_calendar(
    guanxi_engine, make_tenant, make_user, make_customer, uow, smtp_server
):
    tenant, owner, rep, _ = _setup(make_tenant, make_user, make_customer, uow, smtp_server, locale="en")
    inbox = smtp_server[2]

    first = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert first.rule_errors == [] and first.email_errors == []
    assert first.recorded == {"inapp": 2, "email": 2}

    by_recipient = {m["To"]: _body(m) for m in inbox.messages}
    assert set(by_recipient) == {rep.email, owner.email}
    assert "张伟" in by_recipient[rep.email] and "李娜" not in by_recipient[rep.email]
    assert "李娜" in by_recipient[owner.email] and "张伟" not in by_recipient[owner.email]
    assert all("王芳" not in body and "赵磊" not in body for body in by_recipient.values())
    assert str(make_header(decode_header(inbox.messages[0]["Subject"]))).endswith("1 reminder")

    with uow(tenant) as session:
        rep_notes = list_notifications(session=session, user=rep)
        owner_notes = list_notifications(session=session, user=owner)
        token = issue_calendar_token(session=session, tenant=tenant, user=rep)
    assert [n.title for n in rep_notes] == ["Birthday: 张伟"]
    assert [n.title for n in owner_notes] == ["Birthday: 李娜"]

    second = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert second.recorded == {"inapp": 0, "email": 0} and second.emails_sent == 0
    assert len(inbox.messages) == 2
    with uow(tenant) as session:
        assert len(list_notifications(session=session, user=rep)) == 1

    session, user = user_for_calendar_token(engine=guanxi_engine, token=token)
    with session:
        feed = Calendar.from_ical(calendar_feed(session=session, user=user, since=ON))
    events = feed.walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [("Birthday: 张伟", ON)]


def test_reminder_email_speaks_the_recipients_language(
    guanxi_engine, make_tenant, make_user, make_customer, uow, smtp_server
):
    tenant, *_ = _setup(make_tenant, make_user, make_customer, uow, smtp_server, locale="zh_Hant")
    run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    bodies = [_body(m) for m in smtp_server[2].messages]
    assert bodies and all("需要您跟進" in body and "生日" in body for body in bodies)


def test_email_waits_for_a_mail_server_that_is_down_and_is_sent_by_the_next_run(
    guanxi_engine, make_tenant, make_user, make_customer, uow, smtp_server
):
    tenant, *_ = _setup(make_tenant, make_user, make_customer, uow, smtp_server, locale="en")
    host, port, inbox = smtp_server
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=1, starttls=False, sender="crm@example.com"
        )
    down = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert down.emails_sent == 0 and down.email_errors and down.recorded["inapp"] == 2
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="crm@example.com"
        )
    up = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert up.recorded == {"inapp": 0, "email": 0} and up.emails_sent == 2
    assert len(inbox.messages) == 2


def test_tenant_without_mail_server_gets_in_app_reminders_only(
    guanxi_engine, make_tenant, make_user, make_customer
):
    tenant = make_tenant()
    rep = make_user(tenant)
    make_customer(tenant, name="张伟", birthday=date(1980, 2, 17), owner_id=rep.id)
    report = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert report.recorded == {"inapp": 1, "email": 0} and report.emails_sent == 0


def test_reminders_of_one_tenant_never_reach_another(
    guanxi_engine, make_tenant, make_user, make_customer, uow
):
    mine, theirs = make_tenant(), make_tenant()
    my_owner = make_user(mine, role="owner")
    make_user(theirs, role="owner")
    make_customer(theirs, name="别家客户", birthday=date(1980, 2, 17))
    assert run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=mine, on=ON).due == 0
    with uow(mine) as session:
        assert list_notifications(session=session, user=my_owner) == []
