"""The daily reminder run as a periodic job, so every tenant gets reminders with no cron line.

The job fires at 07:00 in each tenant's time zone and delivers the reminders of that local date.
Delivery is exactly-once by itself (see :mod:`core.reminders.run`), so a retried or repeated run
adds nothing; a run with e-mail or rule errors fails, so it is retried (pending e-mails go out on
the next attempt) and, if it keeps failing, admins see why.
"""

from __future__ import annotations

from core.errors import GuanxiError
from core.records import Job, JobContext
from core.reminders.clock import tenant_today
from core.reminders.run import run_reminders
from core.tenancy import session_registry

DAILY_REMINDERS = "core.reminders.daily"


class ReminderRunIncomplete(GuanxiError):
    """Some reminders could not be computed or e-mailed; the run is retried."""


def run_daily_reminders(ctx: JobContext) -> None:
    on = tenant_today(ctx.tenant, now=ctx.fired_at or ctx.now)
    report = run_reminders(
        engine=ctx.engine, registry=session_registry(ctx.session), tenant=ctx.tenant, on=on
    )
    problems = [*report.rule_errors, *report.email_errors]
    if problems:
        raise ReminderRunIncomplete("; ".join(problems))


REMINDER_JOBS = [
    Job(
        DAILY_REMINDERS,
        run_daily_reminders,
        schedule="0 7 * * *",
        per_tenant=True,
        max_attempts=5,
        backoff_seconds=300,
        title="Daily reminders",
        titles={"zh_Hans": "每日提醒", "zh_Hant": "每日提醒"},
    )
]
