"""Collections pages: a plan recorded from the customer card, a partial payment, the ageing page."""

from __future__ import annotations

from datetime import timedelta

from webhelpers import post_form

from core.reminders.clock import tenant_today


def test_a_rep_records_a_plan_pays_part_and_sees_it_age(
    make_tenant, make_user, make_customer, browser_client
):
    tenant = make_tenant(locale="en")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, name="王芳", owner_id=rep.id)
    client = browser_client(rep)
    today = tenant_today(tenant)
    new = f"/customers/{customer.id}/collections/new"
    answer = post_form(
        client,
        new,
        {
            "title": "合同 HT-7",
            "currency": "CNY",
            "amount_0": "1,000.00",
            "due_on_0": (today - timedelta(days=40)).isoformat(),
            "amount_1": "1000",
            "due_on_1": (today + timedelta(days=20)).isoformat(),
            "amount_2": "500.50",
            "due_on_2": (today + timedelta(days=50)).isoformat(),
        },
    )
    assert answer.status_code == 303, answer.text
    plan_url = answer.headers["location"]
    paid = post_form(client, f"{plan_url}/payments", {"amount": "400"}, page=plan_url)
    assert paid.status_code == 303, paid.text
    page = client.get(plan_url).text
    assert "Overdue" in page and "¥400.00" in page and "¥2,100.50" in page
    too_much = post_form(client, f"{plan_url}/payments", {"amount": "99999"}, page=plan_url)
    assert too_much.status_code == 422 and "More than is still open" in too_much.text

    ageing = client.get("/collections").text
    assert 'id="ageing-CNY-31_60"' in ageing and "¥600.00" in ageing and "王芳" in ageing
    card = client.get(f"/customers/{customer.id}").text
    assert 'id="outstanding-CNY"' in card and "¥2,100.50" in card and "¥600.00 overdue" in card


def test_bad_plan_form_names_the_field(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="zh_Hans")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, owner_id=rep.id)
    client = browser_client(rep)
    new = f"/customers/{customer.id}/collections/new"
    answer = post_form(client, new, {"title": "", "amount_0": "abc", "due_on_0": "2026-01-01"})
    assert answer.status_code == 422
    assert "请更正" in answer.text or "field-error" in answer.text


def test_other_reps_and_technicians_cannot_open_collections(
    make_tenant, make_user, make_customer, browser_client
):
    tenant = make_tenant(locale="en")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, owner_id=rep.id)
    other = browser_client(make_user(tenant, "rep"))
    assert other.get(f"/customers/{customer.id}/collections/new").status_code == 404
    assert other.get(f"/collections/customers/{customer.id}").status_code == 404
    technician = browser_client(make_user(tenant, "technician"))
    assert technician.get("/collections").status_code == 403
