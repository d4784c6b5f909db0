"""Satisfaction surveys: answered once through a link, in the tenant's language, logged as survey."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from core.errors import InvalidInput
from core.interactions.service import timeline
from core.surveys.models import Survey
from core.surveys.service import send_survey
from core.surveys.views import router


@pytest.fixture
def client(guanxi_engine, guanxi_registry):
    app = FastAPI()
    app.state.engine = guanxi_engine
    app.state.registry = guanxi_registry
    app.include_router(router)
    return TestClient(app)


def _send(uow, tenant, customer, kind="csat", **kw):
    with uow(tenant) as session:
        return send_survey(session=session, tenant=tenant, customer_id=customer.id, kind=kind, **kw).path


def test_customer_answers_a_survey_once_without_logging_in(client, make_tenant, make_customer, uow):
    tenant = make_tenant(locale="zh_Hans")
    customer = make_customer(tenant)
    path = _send(uow, tenant, customer, "nps")
    page = client.get(path)
    assert page.status_code == 200 and "推荐给朋友" in page.text and 'value="10"' in page.text
    answered = client.post(path, data={"score": "9", "comment": "师傅很专业"})
    assert answered.status_code == 200 and "感谢" in answered.text
    again = client.post(path, data={"score": "0"})
    assert again.status_code == 410 and "已填写" in again.text
    assert client.get(path).status_code == 410
    with uow(tenant) as session:
        survey = session.exec(select(Survey)).one()
        assert (survey.score, survey.comment) == (9, "师傅很专业")
        logged = timeline(session=session, customer_id=customer.id)
    assert [(i.kind, i.payload["score"]) for i in logged] == [("survey", 9)]


def test_survey_link_expires(client, make_tenant, make_customer, uow):
    tenant = make_tenant(locale="en")
    path = _send(uow, tenant, make_customer(tenant), ttl=timedelta(seconds=-1))
    response = client.get(path)
    assert response.status_code == 410 and "expired" in response.text


def test_out_of_range_score_is_refused_and_the_survey_stays_open(client, make_tenant, make_customer, uow):
    tenant = make_tenant(locale="zh_Hant")
    path = _send(uow, tenant, make_customer(tenant), "csat")
    refused = client.post(path, data={"score": "6"})
    assert refused.status_code == 422 and "請選擇" in refused.text
    assert client.post(path, data={"score": "5"}).status_code == 200


def test_forged_or_other_tenants_tokens_find_nothing(client, make_tenant, make_customer, uow):
    tenant, other = make_tenant(), make_tenant()
    path = _send(uow, tenant, make_customer(tenant))
    secret = path.rsplit("-", 1)[1]
    assert client.get(f"/survey/{other.id}-{secret}").status_code == 404
    assert client.get("/survey/garbage").status_code == 404


def test_unknown_survey_kind_is_refused_naming_the_field(make_tenant, make_customer, uow):
    tenant = make_tenant()
    with uow(tenant) as session, pytest.raises(InvalidInput) as caught:
        send_survey(session=session, tenant=tenant, customer_id=make_customer(tenant).id, kind="ces")
    assert caught.value.problems[0].field == "kind"
