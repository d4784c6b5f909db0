"""Writes: idempotent creates, the audit log, limits, timeline, pack failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import func, select

from core.models import Customer


def _count(guanxi_engine, tenant) -> int:
    from core.tenancy import tenant_session

    with tenant_session(guanxi_engine, tenant.id, read_only=True) as session:
        return session.exec(select(func.count()).select_from(Customer)).one()


def test_same_idempotency_key_and_body_returns_the_first_answer_and_creates_nothing(
    tenant, make_user, api_client, guanxi_engine
):
    client = api_client(make_user(tenant, role="rep"))
    headers = {"Idempotency-Key": "order-2026-0001"}
    first = client.post("/api/v1/customers", json={"name": "李娜"}, headers=headers)
    again = client.post("/api/v1/customers", json={"name": "李娜"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count(guanxi_engine, tenant) == 1


def test_same_idempotency_key_with_another_body_is_refused(tenant, make_user, api_client, guanxi_engine):
    client = api_client(make_user(tenant, role="rep"))
    headers = {"Idempotency-Key": "k-1"}
    assert client.post("/api/v1/customers", json={"name": "李娜"}, headers=headers).status_code == 201
    other = client.post("/api/v1/customers", json={"name": "王芳"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["detail"][0]["field"] == "Idempotency-Key"
    assert _count(guanxi_engine, tenant) == 1


def test_idempotency_keys_are_per_tenant(make_tenant, make_user, api_client, guanxi_engine):
    a, b = make_tenant(), make_tenant()
    headers = {"Idempotency-Key": "shared-key"}
    first = api_client(make_user(a)).post("/api/v1/customers", json={"name": "甲"}, headers=headers)
    assert first.status_code == 201
    answer = api_client(make_user(b)).post("/api/v1/customers", json={"name": "乙"}, headers=headers)
    assert answer.status_code == 201 and answer.json()["name"] == "乙"


def test_audit_log_records_who_changed_which_field_from_what_to_what(
    tenant, make_user, api_client, make_customer
):
    customer = make_customer(tenant, city="上海")
    rep = make_user(tenant, role="owner")
    client = api_client(rep)
    client.patch(f"/api/v1/customers/{customer.id}", json={"city": "杭州"}, headers={"If-Match": '"1"'})
    client.delete(f"/api/v1/customers/{customer.id}", headers={"If-Match": '"2"'})
    entries = client.get("/api/v1/audit", params={"entity": "customer", "entity_id": str(customer.id)}).json()
    actions = [e["action"] for e in entries["items"]]
    assert actions == ["delete", "update", "create"]
    update = entries["items"][1]
    assert update["actor"] == f"user:{rep.email}"
    assert update["changes"]["city"] == ["上海", "杭州"]
    assert entries["items"][2]["actor"] == "system"


def test_audit_log_names_the_api_key_and_the_pack(
    make_tenant, make_user, api_client, api_key_client, make_customer
):
    tenant = make_tenant(packs=["apitest"])
    customer = make_customer(tenant)
    api_key_client(tenant).post("/api/v1/customers", json={"name": "经密钥"})
    api_key_client(tenant).post("/api/v1/apitest/visits", json={"customer_id": customer.id})
    owner = api_client(make_user(tenant, role="owner"))
    items = owner.get("/api/v1/audit", params={"entity": "customer"}).json()["items"]
    by_key = [e for e in items if e["actor"] == "apikey:test key"]
    assert by_key and by_key[0]["api_key_id"] is not None
    assert by_key[0]["via_pack"] is None


def test_audit_entries_are_rolled_back_with_the_change_they_describe(
    tenant, make_user, api_client, make_customer
):
    owner = api_client(make_user(tenant, role="owner"))
    before = owner.get("/api/v1/audit").json()["items"]
    assert owner.post("/api/v1/customers", json={"name": "x", "phones": ["12"]}).status_code == 422
    assert owner.get("/api/v1/audit").json()["items"] == before


def test_merges_are_kept_in_the_audit_log(tenant, make_user, api_client, make_customer):
    survivor, duplicate = make_customer(tenant, name="王芳"), make_customer(tenant, name="王 芳", city="杭州")
    owner = api_client(make_user(tenant, role="owner"))
    owner.post(f"/api/v1/customers/{survivor.id}/merge", json={"duplicate_id": duplicate.id})
    items = owner.get("/api/v1/audit", params={"entity": "customer"}).json()["items"]
    merge = next(e for e in items if e["action"] == "merge")
    assert merge["changes"]["merged_from"] == [None, duplicate.id]
    assert merge["changes"]["city"] == [None, "杭州"]
    assert any(e["action"] == "merged_into" and e["entity_id"] == str(duplicate.id) for e in items)


def test_body_over_the_limit_answers_413(tenant, make_user, api_client):
    from core.settings import get_settings

    client = api_client(make_user(tenant, role="rep"))
    huge = {"name": "x", "pack_data": {"blob": "x" * (get_settings().max_body_bytes + 1)}}
    assert client.post("/api/v1/customers", json=huge).status_code == 413


def test_page_size_over_the_limit_is_refused_naming_limit(tenant, make_user, api_client):
    from core.settings import get_settings

    client = api_client(make_user(tenant, role="viewer"))
    answer = client.get("/api/v1/customers", params={"limit": get_settings().max_page_size + 1})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "limit"


def test_timeline_shows_core_and_enabled_packs_newest_first_in_pages(
    make_tenant, make_user, api_client, make_customer, make_interaction
):
    tenant = make_tenant(packs=["apitest"])
    customer = make_customer(tenant)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(3):
        make_interaction(tenant, customer, summary=f"day {day}", occurred_at=start + timedelta(days=day))
    owner = api_client(make_user(tenant, role="owner"))
    owner.post("/api/v1/apitest/visits", json={"customer_id": customer.id, "summary": "pack visit"})
    first = owner.get(f"/api/v1/customers/{customer.id}/timeline", params={"limit": 2}).json()
    second = owner.get(
        f"/api/v1/customers/{customer.id}/timeline", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    summaries = [i["summary"] for i in first["items"] + second["items"]]
    assert summaries == ["pack visit", "day 2", "day 1", "day 0"]
    assert second["next_cursor"] is None
    owner.delete("/api/v1/plugins/apitest")
    hidden = owner.get(f"/api/v1/customers/{customer.id}/timeline").json()["items"]
    assert [i["summary"] for i in hidden] == ["day 2", "day 1", "day 0"]


def test_a_failing_pack_answers_a_clear_error_naming_it_and_saves_nothing(
    recorder, make_tenant, make_user, guanxi_engine
):
    from fastapi.testclient import TestClient

    from core.api.app import create_app
    from core.auth.tokens import issue_access_token

    tenant = make_tenant(packs=["recorder"])
    recorder.FAIL_ON.add("customer_created")
    client = TestClient(create_app(engine=guanxi_engine), raise_server_exceptions=False)
    token = issue_access_token(user=make_user(tenant, role="owner"))[0]
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post("/api/v1/customers", json={"name": "李娜"}, headers=auth)
    assert answer.status_code == 500
    assert answer.json()["pack"] == "recorder"
    assert "recorder" in answer.json()["detail"] and "Traceback" not in answer.text
    assert _count(guanxi_engine, tenant) == 0


def test_openapi_and_docs_are_served(app):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    schema = client.get("/openapi.json").json()
    assert "/api/v1/customers/{customer_id}" in schema["paths"]
    assert "/api/v1/apitest/visits" in schema["paths"]
    assert client.get("/docs").status_code == 200
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or "204" in operation["responses"]
            ), (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                problem = operation["responses"]["422"]["content"]["application/json"]["schema"]
                assert problem == {"$ref": "#/components/schemas/ValidationOut"}, (method, path)
