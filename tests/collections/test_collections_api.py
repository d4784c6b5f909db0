"""Payment collection over HTTP: plans in instalments, partial payments, refusals, ageing, rules."""

from __future__ import annotations

from datetime import date, timedelta

from core.reminders.clock import tenant_today


def _plan(client, customer_id, *amounts_and_days, currency="CNY"):
    today = date.today()
    body = {
        "customer_id": customer_id,
        "title": "合同 HT-001",
        "currency": currency,
        "instalments": [
            {"amount": amount, "due_on": (today + timedelta(days=days)).isoformat()}
            for amount, days in amounts_and_days
        ],
    }
    answer = client.post("/api/v1/collections/plans", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_plan_of_three_instalments_takes_a_partial_payment(tenant, make_user, make_customer, api_client):
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, name="王芳", owner_id=rep.id)
    client = api_client(rep)
    plan = _plan(client, customer.id, ("1000.00", 30), ("1000.00", 60), ("500.50", 90))
    assert [i["seq"] for i in plan["instalments"]] == [1, 2, 3]
    assert plan["total"] == "2500.50" and plan["outstanding"] == "2500.50"
    assert {i["status"] for i in plan["instalments"]} == {"due"}

    paid = client.post(f"/api/v1/collections/plans/{plan['id']}/payments", json={"amount": "400.00"})
    assert paid.status_code == 201, paid.text
    body = paid.json()
    assert body["paid"] == "400.00" and body["outstanding"] == "2100.50"
    assert [i["status"] for i in body["instalments"]] == ["partly_paid", "due", "due"]
    assert body["payments"][0]["amount"] == "400.00"
    assert body["status"] == "partly_paid"


def test_a_payment_without_an_instalment_pays_the_earliest_first(
    tenant, make_user, make_customer, api_client
):
    owner = make_user(tenant, role="owner")
    client = api_client(owner)
    plan = _plan(client, make_customer(tenant).id, ("100.00", 5), ("100.00", 10))
    body = client.post(f"/api/v1/collections/plans/{plan['id']}/payments", json={"amount": "150.00"}).json()
    assert [i["status"] for i in body["instalments"]] == ["paid", "partly_paid"]
    assert [p["amount"] for p in body["payments"]] == ["100.00", "50.00"]


def test_over_payment_is_refused_naming_the_amount(tenant, make_user, make_customer, api_client):
    client = api_client(make_user(tenant, role="owner"))
    plan = _plan(client, make_customer(tenant).id, ("100.00", 5), ("100.00", 10))
    first = plan["instalments"][0]["id"]
    url = f"/api/v1/collections/plans/{plan['id']}/payments"
    too_much = client.post(url, json={"amount": "100.01", "instalment_id": first})
    assert too_much.status_code == 422
    assert "amount" in too_much.text and "100.00" in too_much.text
    assert client.post(url, json={"amount": "200.01"}).status_code == 422
    assert client.post(url, json={"amount": "200.00"}).status_code == 201
    assert client.post(url, json={"amount": "0.01"}).status_code == 422
    assert client.post(url, json={"amount": "-5"}).status_code == 422
    assert client.post(url, json={"amount": "1.001"}).status_code == 422


def test_overdue_instalments_age_into_buckets(tenant, make_user, make_customer, api_client):
    owner = make_user(tenant, role="owner")
    client = api_client(owner)
    customer = make_customer(tenant, owner_id=owner.id)
    _plan(client, customer.id, ("10.00", 3), ("20.00", -10), ("30.00", -45), ("40.00", -75), ("50.00", -200))
    _plan(client, customer.id, ("7.00", -1), currency="USD")
    on = tenant_today(tenant)
    ageing = client.get("/api/v1/collections/ageing", params={"on": on.isoformat()}).json()
    rows = {row["currency"]: row for row in ageing["rows"]}
    assert rows["CNY"] == {
        "currency": "CNY",
        "current": "10.00",
        "days_1_30": "20.00",
        "days_31_60": "30.00",
        "days_61_90": "40.00",
        "days_90_plus": "50.00",
        "total": "150.00",
    }
    assert rows["USD"]["days_1_30"] == "7.00"
    assert ageing["instalments"][0]["ageing_bucket"] == "90_plus"
    balance = client.get(f"/api/v1/collections/customers/{customer.id}/balance").json()
    assert {b["currency"]: (b["outstanding"], b["overdue"]) for b in balance} == {
        "CNY": ("150.00", "140.00"),
        "USD": ("7.00", "7.00"),
    }


def test_write_off_is_a_managers_decision(tenant, make_user, make_customer, api_client):
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep.id)
    plan = _plan(api_client(rep), customer.id, ("100.00", -40))
    url = f"/api/v1/collections/plans/{plan['id']}/instalments/{plan['instalments'][0]['id']}/write-off"
    assert api_client(rep).post(url, json={"reason": "跑路了"}).status_code == 403
    manager = api_client(make_user(tenant, role="manager"))
    written = manager.post(url, json={"reason": "跑路了"})
    assert written.status_code == 200, written.text
    assert written.json()["instalments"][0]["status"] == "written_off"
    assert written.json()["outstanding"] == "0.00"
    assert manager.post(url, json={"reason": "again"}).status_code == 409
    pay = manager.post(f"/api/v1/collections/plans/{plan['id']}/payments", json={"amount": "1.00"})
    assert pay.status_code == 422


def test_rep_cannot_see_or_pay_another_reps_plans(tenant, make_user, make_customer, api_client):
    rep_a, rep_b = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    plan = _plan(api_client(rep_a), make_customer(tenant, owner_id=rep_a.id).id, ("100.00", 5))
    other = api_client(rep_b)
    assert other.get(f"/api/v1/collections/plans/{plan['id']}").status_code == 404
    paid = other.post(f"/api/v1/collections/plans/{plan['id']}/payments", json={"amount": "1.00"})
    assert paid.status_code == 404
    assert other.get("/api/v1/collections/plans").json() == []
    assert other.get("/api/v1/collections/ageing").json()["rows"] == []


def test_viewer_reads_but_cannot_record(tenant, make_user, make_customer, api_client):
    owner = make_user(tenant, role="owner")
    customer = make_customer(tenant, owner_id=owner.id)
    plan = _plan(api_client(owner), customer.id, ("100.00", 5))
    viewer = api_client(make_user(tenant, role="viewer"))
    assert viewer.get(f"/api/v1/collections/plans/{plan['id']}").status_code == 200
    paid = viewer.post(f"/api/v1/collections/plans/{plan['id']}/payments", json={"amount": "1.00"})
    assert paid.status_code == 403


def test_bad_plans_are_refused_naming_the_field(tenant, make_user, make_customer, api_client):
    client = api_client(make_user(tenant, role="owner"))
    customer = make_customer(tenant)
    base = {
        "customer_id": customer.id,
        "title": "x",
        "instalments": [{"amount": "1.00", "due_on": "2026-01-01"}],
    }
    assert client.post("/api/v1/collections/plans", json={**base, "instalments": []}).status_code == 422
    bad_currency = client.post("/api/v1/collections/plans", json={**base, "currency": "1$X"})
    assert bad_currency.status_code == 422 and "currency" in bad_currency.text
    float_like = client.post(
        "/api/v1/collections/plans", json={**base, "instalments": [{"amount": 0.1, "due_on": "2026-01-01"}]}
    )
    assert float_like.status_code == 201  # a JSON number is read as its decimal text, exactly
    assert float_like.json()["total"] == "0.10"
