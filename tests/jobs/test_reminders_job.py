"""Reminders reach every tenant with no command typed: the serving app's scheduler delivers them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.api.app import create_app
from core.db import make_engine
from core.jobs.models import JobRun
from core.reminders.jobs import DAILY_REMINDERS
from core.reminders.models import ReminderDelivery

BIRTHDAY = date(2026, 2, 17)
#: 06:00 and 07:05 on 17 February in Shanghai (UTC+8): before and after the daily run.
BEFORE = datetime(2026, 2, 16, 22, 0, tzinfo=UTC)
AFTER = datetime(2026, 2, 16, 23, 5, tzinfo=UTC)


def _birthday_deliveries(engine, tenant) -> list[ReminderDelivery]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(ReminderDelivery).where(
                    ReminderDelivery.tenant_id == tenant.id, ReminderDelivery.due_on == BIRTHDAY
                )
            )
        )


def _birthday_tenant(make_tenant, make_customer):
    tenant = make_tenant(timezone="Asia/Shanghai")
    make_customer(tenant, name="张伟", birthday=date(1980, 2, 17))
    return tenant


def test_reminder_is_delivered_once_after_the_app_starts_and_the_clock_passes_seven(
    guanxi_engine, guanxi_registry, make_tenant, make_customer, make_user, web_client
):
    tenant = _birthday_tenant(make_tenant, make_customer)
    with TestClient(create_app(engine=guanxi_engine, registry=guanxi_registry)) as client:
        scheduler = client.app.state.scheduler
        scheduler.tick(BEFORE)
        assert _birthday_deliveries(guanxi_engine, tenant) == []
        scheduler.tick(AFTER)
        scheduler.tick(AFTER.replace(hour=23, minute=30))

    [delivery] = _birthday_deliveries(guanxi_engine, tenant)
    assert delivery.channel == "inapp" and delivery.rule == "birthday"
    with Session(guanxi_engine) as session:
        runs = session.exec(
            select(JobRun).where(JobRun.name == DAILY_REMINDERS, JobRun.tenant_id == tenant.id)
        ).all()
    assert {run.status for run in runs} == {"succeeded"}
    page = web_client(make_user(tenant, role="owner", locale="zh_Hans")).get("/settings/jobs")
    assert page.status_code == 200 and "每日提醒" in page.text and "成功" in page.text


def test_two_app_processes_on_one_database_deliver_the_reminder_once(
    jobs_database_url, guanxi_engine, guanxi_registry, make_tenant, make_customer
):
    tenant = _birthday_tenant(make_tenant, make_customer)
    engines = [make_engine(jobs_database_url), make_engine(jobs_database_url)]
    apps = [create_app(engine=engine, registry=guanxi_registry) for engine in engines]
    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        reports = [first.app.state.scheduler.tick(AFTER), second.app.state.scheduler.tick(AFTER)]
    for engine in engines:
        engine.dispose()

    assert [report.held for report in reports] == [True, False]
    assert len(_birthday_deliveries(guanxi_engine, tenant)) == 1
