"""``guanxi jobs``: cron runs what is due, operators list a tenant's runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cli_in_process import run_guanxi
from sqlmodel import Session, select

from core.db import get_engine
from core.jobs.schedule import latest_firing
from core.reminders.jobs import DAILY_REMINDERS
from core.reminders.models import ReminderDelivery
from core.settings import get_settings


def test_guanxi_jobs_run_due_from_cron_delivers_due_reminders(
    jobs_database_url, guanxi_engine, make_tenant, make_customer, monkeypatch
):
    tenant = make_tenant(timezone="UTC")
    day = latest_firing("0 7 * * *", datetime.now(UTC)).date()  # the daily run cron last fired
    make_customer(tenant, name="李娜", birthday=date(1990, day.month, day.day) if day.day < 29 else None)
    monkeypatch.setenv("GUANXI_DATABASE_URL", jobs_database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()  # the commands' engine is the configured database's
    try:
        ran = run_guanxi("jobs", "run-due", "--json")
        listed = run_guanxi("jobs", "list", "--tenant", tenant.slug, "--json")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        get_engine.cache_clear()

    assert ran.returncode == 0, ran.stderr
    assert '"ran": true' in ran.stdout
    assert listed.returncode == 0 and DAILY_REMINDERS in listed.stdout
    with Session(guanxi_engine) as session:
        due_on = session.exec(
            select(ReminderDelivery.due_on).where(ReminderDelivery.tenant_id == tenant.id)
        ).all()
    assert due_on == [day] or day.day >= 29
