"""Sending surveys by e-mail on the job runner: asked for once, sent once per customer.

:func:`queue_survey_emails` enqueues the job ``core.surveys.send`` in the caller's transaction,
keyed by the tenant and the caller's key, so asking twice (a retried request, an event delivered
twice) is one run.  The run works like the reminder outbox, in steps that each commit:

1. record one survey per customer with an e-mail address, unique per (tenant, send key, customer),
   so a repeated run adds none;
2. claim the surveys still to mail (one conditional UPDATE) and give each a fresh link secret, as
   only its SHA-256 is stored and the clear link exists only in the e-mail;
3. talk to the tenant's mail server; 4. mark what was accepted ``sent`` and the rest ``failed``.

A failure leaves the run to be retried with backoff; a retry mails only what was not accepted
(with a new link, the old one never reached anybody).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import Engine, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from core.errors import GuanxiError, InvalidInput, Problem
from core.i18n.translate import pack_messages
from core.jobs.queue import EmbeddedQueue, JobQueue
from core.jobs.registry import build_catalog
from core.models import Customer, Tenant
from core.records import Job, JobContext
from core.reminders.mail import connect_smtp, smtp_settings_for
from core.reminders.models import SmtpSettings
from core.reminders.recipients import locale_of
from core.surveys.models import Survey
from core.surveys.rendering import WORDS
from core.surveys.service import DEFAULT_TTL, SCALES, _hash
from core.tenancy import unit_of_work

log = logging.getLogger("guanxi.surveys")
SEND_SURVEYS = "core.surveys.send"
MAX_MAIL_ATTEMPTS = 5
STALE_CLAIM = timedelta(hours=1)
_ = pack_messages(None)


class SurveyMailIncomplete(GuanxiError):
    """Some survey e-mails could not be sent; the run is retried for those only."""


def _validate(customer_ids: list[int], kind: str, key: str) -> None:
    problems = []
    if kind not in SCALES:
        problems.append(Problem("kind", f"'{kind}' is not a survey kind; use csat or nps"))
    if not key or len(key) > 80:
        problems.append(Problem("key", "a key of 1 to 80 characters that names this sending"))
    if not customer_ids:
        problems.append(Problem("customer_ids", "at least one customer"))
    if problems:
        raise InvalidInput(problems)


def queue_survey_emails(
    *,
    session: Session,
    tenant: Tenant,
    customer_ids: Iterable[int],
    kind: str,
    key: str,
    source: str = "core",
    queue: JobQueue | None = None,
) -> bool:
    """Ask for a survey e-mail to each customer; ``False`` when ``key`` was asked for before.

    The run exists exactly when the caller's transaction commits.  ``key`` names the occasion
    (``repair:42``), unique per tenant; customers without an e-mail address are skipped.
    """
    ids = sorted({int(i) for i in customer_ids})
    _validate(ids, kind, key)
    if queue is None:
        queue = EmbeddedQueue(engine=session.get_bind(), catalog=build_catalog([(None, SURVEY_JOB)]))  # type: ignore[arg-type]
    return queue.enqueue(
        name=SEND_SURVEYS,
        key=f"{tenant.id}:{key}",
        args={"customer_ids": ids, "kind": kind, "send_key": key, "source": source},
        tenant_id=tenant.id,
        session=session,
    )


def record_surveys(
    *,
    session: Session,
    tenant: Tenant,
    customer_ids: Sequence[int],
    kind: str,
    send_key: str,
    source: str,
    now: datetime,
) -> int:
    """Step 1: one survey per customer with an address, skipping those recorded before."""
    customers = (
        session.execute(
            select(col(Customer.id)).where(
                col(Customer.tenant_id) == tenant.id,
                col(Customer.id).in_(list(customer_ids)),
                col(Customer.email).is_not(None),
                col(Customer.email) != "",
            )
        )
        .scalars()
        .all()
    )
    if not customers:
        return 0
    rows = [
        {
            "tenant_id": tenant.id,
            "customer_id": customer_id,
            "kind": kind,
            # a placeholder nobody knows the secret of: the link is made when the e-mail is
            "token_hash": _hash(secrets.token_urlsafe(24)),
            "source": source,
            "expires_at": now + DEFAULT_TTL,
            "created_at": now,
            "send_key": send_key,
            "mail_status": "pending",
            "mail_attempts": 0,
        }
        for customer_id in customers
    ]
    build = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        build(Survey)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["tenant_id", "send_key", "customer_id"])
        .returning(col(Survey.id))
    )
    return len(session.execute(statement).all())


def _claim(engine: Engine, tenant: Tenant, send_key: str, now: datetime) -> list[tuple[int, str, str, str]]:
    """Step 2: (survey id, secret, customer name, address) of each survey this run mails."""
    assert tenant.id is not None
    claimable = or_(
        col(Survey.mail_status).in_(("pending", "failed")),
        (col(Survey.mail_status) == "sending") & (col(Survey.claimed_at) < now - STALE_CLAIM),
    )
    with unit_of_work(engine, tenant.id) as session:
        claimed = session.execute(
            update(Survey)
            .where(
                col(Survey.tenant_id) == tenant.id,
                col(Survey.send_key) == send_key,
                col(Survey.mail_attempts) < MAX_MAIL_ATTEMPTS,
                claimable,
            )
            .values(mail_status="sending", claimed_at=now, mail_attempts=Survey.mail_attempts + 1)
            .returning(col(Survey.id), col(Survey.customer_id))
            .execution_options(synchronize_session=False)
        ).all()
        if not claimed:
            return []
        secrets_by_id = {survey_id: secrets.token_urlsafe(24) for survey_id, _customer in claimed}
        table = Survey.__table__  # type: ignore[attr-defined]
        session.connection().execute(
            table.update().where(table.c.id == bindparam("survey_id")).values(token_hash=bindparam("hash")),
            [{"survey_id": sid, "hash": _hash(secret)} for sid, secret in secrets_by_id.items()],
        )
        customers = [customer for _sid, customer in claimed]
        people = {
            cid: (name, address)
            for cid, name, address in session.execute(
                select(col(Customer.id), col(Customer.name), col(Customer.email)).where(
                    col(Customer.tenant_id) == tenant.id, col(Customer.id).in_(customers)
                )
            ).all()
        }
    return [(sid, secrets_by_id[sid], *people[customer]) for sid, customer in claimed]


def survey_email(
    *, smtp: SmtpSettings, tenant: Tenant, kind: str, name: str, address: str, link: str
) -> EmailMessage:
    """The e-mail a customer gets, in the tenant's language (customers have no language of their own)."""
    locale = locale_of(None, tenant)
    gettext = _.for_locale(locale)
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = address
    message["Subject"] = gettext("A short question from %(firm)s", firm=tenant.name)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    body = [
        gettext("Dear %(name)s,", name=name),
        WORDS[locale][kind]["question"],
        gettext("Please answer here (one click, no sign-in): %(link)s", link=link),
        gettext("The link works for %(days)s days.", days=DEFAULT_TTL.days),
        tenant.name,
    ]
    message.set_content("\n\n".join(body) + "\n")
    return message


def _mark(engine: Engine, tenant: Tenant, sent: list[int], failed: dict[int, str], now: datetime) -> None:
    """Step 4: what the server accepted is ``sent``; the rest waits for the next attempt."""
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id) as session:
        for ids, values in (
            (sent, {"mail_status": "sent", "mailed_at": now}),
            (list(failed), {"mail_status": "failed"}),
        ):
            if ids:
                session.execute(
                    update(Survey)
                    .where(col(Survey.tenant_id) == tenant.id, col(Survey.id).in_(ids))
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )


def send_claimed(
    *,
    engine: Engine,
    tenant: Tenant,
    smtp: SmtpSettings,
    kind: str,
    base_url: str,
    send_key: str,
    now: datetime,
) -> tuple[int, list[str]]:
    """Steps 2 to 4 for one sending; returns (e-mails sent, errors)."""
    claimed = _claim(engine, tenant, send_key, now)
    if not claimed:
        return 0, []
    failed: dict[int, str] = {}
    errors: list[str] = []
    try:
        client = connect_smtp(smtp)
    except (OSError, smtplib.SMTPException) as exc:
        errors.append(f"cannot reach mail server {smtp.host}:{smtp.port}: {exc}")
        failed = {sid: errors[0] for sid, *_rest in claimed}
    else:
        with client:
            for sid, secret, name, address in claimed:
                link = f"{base_url.rstrip('/')}/survey/{tenant.id}-{secret}"
                email = survey_email(
                    smtp=smtp, tenant=tenant, kind=kind, name=name, address=address, link=link
                )
                try:
                    client.send_message(email)
                except (OSError, smtplib.SMTPException) as exc:
                    errors.append(f"{address}: {exc}")
                    failed[sid] = str(exc)[:500]
    sent = [sid for sid, *_rest in claimed if sid not in failed]
    _mark(engine, tenant, sent, failed, now)
    return len(sent), errors


def run_survey_sending(
    ctx: JobContext, *, customer_ids: list[int], kind: str, send_key: str, source: str = "core"
) -> None:
    """The job: record the surveys, then mail them after that commit; fails (and is retried)
    while e-mail is not set up or some e-mails were refused."""
    from core.settings import get_settings

    tenant: Tenant = ctx.tenant
    assert tenant.id is not None
    with unit_of_work(ctx.engine, tenant.id) as session:
        recorded = record_surveys(
            session=session,
            tenant=tenant,
            customer_ids=customer_ids,
            kind=kind,
            send_key=send_key,
            source=source,
            now=ctx.now,
        )
        smtp = smtp_settings_for(session=session, tenant=tenant)
    log.info("sending %s: %d new survey(s) for tenant %s", send_key, recorded, tenant.slug)
    if smtp is None:
        raise SurveyMailIncomplete("e-mail is not set up for this tenant (Settings > E-mail)")
    base_url = get_settings().base_url
    if not base_url:
        raise SurveyMailIncomplete("set GUANXI_BASE_URL so that survey links in e-mails can be opened")
    _sent, errors = send_claimed(
        engine=ctx.engine,
        tenant=tenant,
        smtp=smtp,
        kind=kind,
        base_url=base_url,
        send_key=send_key,
        now=ctx.now,
    )
    if errors:
        raise SurveyMailIncomplete("; ".join(errors))


SURVEY_JOB = Job(
    SEND_SURVEYS,
    run_survey_sending,
    per_tenant=True,
    max_attempts=5,
    backoff_seconds=300,
    stale_after_seconds=15 * 60,
    title="Survey e-mails",
    titles={"zh_Hans": "问卷邮件", "zh_Hant": "問卷郵件"},
)
SURVEY_JOBS = [SURVEY_JOB]
