"""The web forms keep the API's bounds: an oversized value is refused beside its input, nothing saved."""

from __future__ import annotations

from sqlmodel import func, select
from webhelpers import post_form

from core.customers.limits import TAG_MAX_LENGTH
from core.interactions.limits import SUMMARY_MAX_LENGTH
from core.models import Customer, Interaction


def _count(uow, tenant, model) -> int:
    with uow(tenant) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_customer_form_refuses_a_tag_over_the_limit_and_saves_nothing(
    make_tenant, make_user, browser_client, uow
):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    answer = post_form(
        client,
        "/customers/new",
        {"name": "Li Na", "kind": "person", "tags": "vip, " + "x" * (TAG_MAX_LENGTH + 1)},
    )
    assert answer.status_code == 422
    assert "too long" in answer.text
    assert _count(uow, tenant, Customer) == 0


def test_interaction_form_refuses_a_summary_over_the_limit_and_saves_nothing(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    customer = make_customer(tenant)
    client = browser_client(make_user(tenant, "owner"))
    answer = post_form(
        client,
        f"/customers/{customer.id}/interactions",
        {"kind": "call", "summary": "话" * (SUMMARY_MAX_LENGTH + 1)},
        page=f"/customers/{customer.id}",
    )
    assert answer.status_code == 422
    assert _count(uow, tenant, Interaction) == 0
