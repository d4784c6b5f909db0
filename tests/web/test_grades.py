"""Grades: owners and admins edit the rules in settings, the API or the CLI and apply them; grades
show on the customer list and card and segments filter by them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from webhelpers import post_form

URL = "/api/v1/grades"


def _buy(uow, tenant, customer, amount: int) -> None:
    from core.interactions.service import log_interaction

    with uow(tenant) as session:
        log_interaction(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"kind": "purchase", "summary": "买", "amount": Decimal(amount)},
        )


def test_admin_saves_rules_and_applies_them_on_demand(make_tenant, make_user, api_client, make_customer, uow):
    tenant = make_tenant()
    big, mid, none = make_customer(tenant), make_customer(tenant), make_customer(tenant)
    _buy(uow, tenant, big, 15000)
    _buy(uow, tenant, mid, 2500)
    client = api_client(make_user(tenant, role="admin"))
    assert client.get(f"{URL}/rules").json()["saved"] is False
    assert client.post(f"{URL}/apply").status_code == 404
    saved = client.put(f"{URL}/rules", json={"C": "0", "A": "10000", "B": "2000"})
    assert saved.status_code == 200 and list(saved.json()["thresholds"]) == ["A", "B", "C"]
    applied = client.post(f"{URL}/apply")
    assert applied.json() == {"changed": {"A": 1, "B": 1, "C": 1}}
    grades = {c["id"]: c["grade"] for c in client.get("/api/v1/customers").json()["items"]}
    assert grades == {big.id: "A", mid.id: "B", none.id: "C"}
    assert client.post(f"{URL}/apply").json() == {"changed": {"A": 0, "B": 0, "C": 0}}
    assert client.get(f"{URL}/rules").json()["applied_at"] is not None
    segment = client.post(
        "/api/v1/segments", json={"name": f"A-{uuid.uuid4().hex[:4]}", "filters": {"grade": ["A"]}}
    )
    assert segment.status_code == 201, segment.text


def test_bad_rules_are_refused_naming_the_grade(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), role="owner"))
    answer = client.put(f"{URL}/rules", json={"TOOLONGGRADE": "5"})
    assert answer.status_code == 422 and "TOOLONGGRADE" in answer.text
    answer = client.put(f"{URL}/rules", json={"A": "100", "B": "100"})
    assert answer.status_code == 422 and "same minimum" in answer.text


def test_reps_read_grade_rules_but_do_not_change_them(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), role="rep"))
    assert client.get(f"{URL}/rules").status_code == 200
    assert client.put(f"{URL}/rules", json={"A": "1"}).status_code == 403
    assert client.post(f"{URL}/apply").status_code == 403


def test_grades_page_saves_applies_and_the_grade_shows_on_list_and_card(
    make_tenant, make_user, browser_client, make_customer, uow
):
    tenant = make_tenant(locale="zh_Hant")
    owner = make_user(tenant, "owner")
    customer = make_customer(tenant, name="陳大文", owner_id=owner.id)
    _buy(uow, tenant, customer, 20000)
    client = browser_client(owner)
    page = client.get("/settings/grades")
    assert page.status_code == 200 and "客戶等級" in page.text
    form = {"grade": ["VIP", "普通", ""], "minimum": ["10000", "0", ""], "apply": "1"}
    assert post_form(client, "/settings/grades", form).status_code == 303
    assert "上次套用於" in client.get("/settings/grades").text
    assert '<span class="tag">VIP</span>' in client.get("/customers").text
    assert 'id="customer-grade">VIP<' in client.get(f"/customers/{customer.id}").text
    refused = post_form(client, "/settings/grades", {"grade": ["A", "B"], "minimum": ["5", "x"]})
    assert refused.status_code == 422 and 'id="thresholds-error"' in refused.text


def test_reps_do_not_get_the_grades_settings(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "rep"))
    assert client.get("/settings/grades").status_code == 403


def test_cli_sets_shows_and_applies_grades(guanxi_database_url, make_tenant, make_customer, uow):
    from cli_in_process import run_guanxi

    slug = f"t-{uuid.uuid4().hex[:8]}"
    tenant = make_tenant(slug=slug)
    customer = make_customer(tenant)
    _buy(uow, tenant, customer, 500)
    done = run_guanxi("grades", "set", "--tenant", slug, "--rule", "A=1000", "--rule", "B=100", "--apply")
    assert done.returncode == 0 and "B: 1" in done.stdout, done.stdout + done.stderr
    shown = run_guanxi("grades", "show", "--tenant", slug)
    assert "A ≥ 1000" in shown.stdout
    assert run_guanxi("grades", "apply", "--tenant", slug).returncode == 0
    refused = run_guanxi("grades", "set", "--tenant", slug, "--rule", "nonsense")
    assert refused.returncode != 0 and "--rule" in refused.stderr and "Traceback" not in refused.stderr
