"""The job that sends the e-mails of notices after the event's transaction committed."""

from __future__ import annotations

from core.errors import GuanxiError
from core.records import Job, JobContext
from core.reminders.mail import send_pending_emails, smtp_settings_for
from core.tenancy import session_registry, unit_of_work

from .service import SEND_NOTICE_EMAILS


class NoticeEmailsFailed(GuanxiError):
    """Some e-mails did not go out; the run is retried and the rows stay in the outbox."""


def send_notice_emails(ctx: JobContext) -> None:
    """Send the tenant's pending outbox (notices and any reminder e-mail still waiting)."""
    registry = session_registry(ctx.session)
    with unit_of_work(ctx.engine, ctx.tenant.id, registry=registry) as session:
        smtp = smtp_settings_for(session=session, tenant=ctx.tenant)
    if smtp is None:
        return
    _, errors = send_pending_emails(engine=ctx.engine, registry=registry, tenant=ctx.tenant, smtp=smtp)
    if errors:
        raise NoticeEmailsFailed("; ".join(errors))


NOTICE_JOBS = [
    Job(
        SEND_NOTICE_EMAILS,
        send_notice_emails,
        per_tenant=True,
        max_attempts=5,
        backoff_seconds=300,
        title="Send notice e-mails",
        titles={"zh_Hans": "发送通知邮件", "zh_Hant": "發送通知郵件"},
    )
]
