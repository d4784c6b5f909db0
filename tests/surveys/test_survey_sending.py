"""Surveys sent by e-mail on the job runner: asked for once, one e-mail per customer, retried."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core.errors import InvalidInput
from core.jobs.models import JobRun
from core.settings import get_settings
from core.smtp.service import set_smtp_settings
from core.surveys.models import Survey
from core.surveys.sending import SEND_SURVEYS
from core.surveys.service import answer_survey, open_survey
from core.types import utcnow
from sdk import queue_survey_emails

LINK = re.compile(r"https://crm\.example\.cn/survey/(\S+)")


@pytest.fixture(autouse=True)
def base_url(monkeypatch):
    monkeypatch.setattr(get_settings(), "base_url", "https://crm.example.cn")


def _mail_server(uow, tenant, smtp_server):
    host, port, inbox = smtp_server
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, sender="shop@example.cn", starttls=False
        )
    return inbox


def _ask(uow, tenant, customers, key="repair:1", kind="csat"):
    with uow(tenant) as session:
        return queue_survey_emails(
            session=session, tenant=tenant, customer_ids=[c.id for c in customers], kind=kind, key=key
        )


def _body(message) -> str:
    return (
        message.get_content()
        if hasattr(message, "get_content")
        else message.get_payload(decode=True).decode()
    )


def test_asking_twice_sends_one_email_per_customer(
    make_tenant, make_customer, uow, run_due_jobs, smtp_server
):
    tenant = make_tenant(locale="zh_Hans", name="阿明家电维修")
    inbox = _mail_server(uow, tenant, smtp_server)
    customers = [make_customer(tenant, emails=[f"c{i}@example.cn"]) for i in range(2)]
    no_address = make_customer(tenant)
    assert _ask(uow, tenant, [*customers, no_address]) is True
    assert _ask(uow, tenant, [*customers, no_address]) is False
    report = run_due_jobs(now=utcnow() + timedelta(seconds=1), jobs=[SEND_SURVEYS])
    assert len(report.succeeded) == 1
    run_due_jobs(now=utcnow() + timedelta(seconds=2), jobs=[SEND_SURVEYS])
    assert sorted(m["To"] for m in inbox.messages) == ["c0@example.cn", "c1@example.cn"]
    assert all(m["Subject"] == "阿明家电维修 想请您回答一个小问题" for m in inbox.messages)
    with uow(tenant) as session:
        surveys = session.exec(select(Survey)).all()
    assert sorted(s.customer_id for s in surveys) == sorted(c.id for c in customers)
    assert {s.mail_status for s in surveys} == {"sent"}


def test_the_emailed_link_opens_the_customers_survey(
    make_tenant, make_customer, uow, run_due_jobs, smtp_server, guanxi_engine, guanxi_registry
):
    tenant = make_tenant(locale="zh_Hant")
    inbox = _mail_server(uow, tenant, smtp_server)
    customer = make_customer(tenant, emails=["wang@example.tw"])
    _ask(uow, tenant, [customer], kind="nps")
    run_due_jobs(now=utcnow() + timedelta(seconds=1), jobs=[SEND_SURVEYS])
    [message] = inbox.messages
    body = message.get_content()
    assert "推薦給朋友" in body and "此連結在 14 天內有效。" in body
    token = LINK.search(body).group(1)
    session, owner, survey = open_survey(engine=guanxi_engine, registry=guanxi_registry, token=token)
    with session:
        assert survey.customer_id == customer.id
        answer_survey(session=session, tenant=owner, survey=survey, score=9)
        session.commit()


def test_sending_waits_for_email_to_be_set_up_then_retries(
    make_tenant, make_customer, uow, run_due_jobs, smtp_server, guanxi_engine
):
    tenant = make_tenant(locale="en")
    customer = make_customer(tenant, emails=["li@example.com"])
    _ask(uow, tenant, [customer], key="visit:7")
    first = run_due_jobs(now=utcnow() + timedelta(seconds=1), jobs=[SEND_SURVEYS])
    assert len(first.retrying) == 1
    with uow(tenant) as session:
        run = session.exec(select(JobRun).where(JobRun.key == f"{tenant.id}:visit:7")).one()
        assert "e-mail is not set up" in run.error
    inbox = _mail_server(uow, tenant, smtp_server)
    second = run_due_jobs(now=utcnow() + timedelta(minutes=6), jobs=[SEND_SURVEYS])
    assert len(second.succeeded) == 1
    [message] = inbox.messages
    assert message["Subject"] == f"A short question from {tenant.name}"


def test_asking_for_an_unknown_kind_names_the_field(make_tenant, make_customer, uow):
    tenant = make_tenant()
    with pytest.raises(InvalidInput) as refused:
        _ask(uow, tenant, [make_customer(tenant)], kind="stars")
    assert [p.field for p in refused.value.problems] == ["kind"]
