"""Customers over HTTP: CRUD, search, merge, restore, ETags, record rules, validation."""

from __future__ import annotations


def test_owner_can_create_read_update_and_delete_a_customer(tenant, make_user, api_client):
    client = api_client(make_user(tenant, role="owner"))
    created = client.post("/api/v1/customers", json={"name": "陳怡君", "phones": ["138 0013 8000"]})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["phones"] == ["+8613800138000"]
    read = client.get(f"/api/v1/customers/{body['id']}")
    assert read.status_code == 200
    assert read.headers["ETag"] == '"1"'
    patched = client.patch(
        f"/api/v1/customers/{body['id']}", json={"city": "杭州"}, headers={"If-Match": read.headers["ETag"]}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["city"] == "杭州"
    assert patched.headers["ETag"] == '"2"'
    deleted = client.delete(f"/api/v1/customers/{body['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 204, deleted.text
    assert client.get(f"/api/v1/customers/{body['id']}").status_code == 404
    restored = client.post(f"/api/v1/customers/{body['id']}/restore")
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None


def test_search_finds_customers_by_pinyin_and_phone(tenant, make_user, api_client, make_customer):
    make_customer(tenant, name="張偉", phones=["13800138001"])
    make_customer(tenant, name="李娜")
    client = api_client(make_user(tenant, role="viewer"))
    by_pinyin = client.get("/api/v1/customers", params={"q": "zhangwei"}).json()["items"]
    assert [c["name"] for c in by_pinyin] == ["張偉"]
    by_phone = client.get("/api/v1/customers", params={"q": "138-0013-8001"}).json()["items"]
    assert [c["name"] for c in by_phone] == ["張偉"]


def test_search_pages_never_skip_or_repeat(tenant, make_user, api_client, make_customer):
    for i in range(5):
        make_customer(tenant, name=f"客户{i}")
    client = api_client(make_user(tenant, role="viewer"))
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/customers", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        seen += [c["id"] for c in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 == len(set(seen))


def test_edit_without_if_match_is_refused_with_428(tenant, make_user, api_client, make_customer):
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, role="owner"))
    answer = client.patch(f"/api/v1/customers/{customer.id}", json={"city": "上海"})
    assert answer.status_code == 428


def test_stale_if_match_answers_412_with_current_version(tenant, make_user, api_client, make_customer):
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, role="owner"))
    assert (
        client.patch(
            f"/api/v1/customers/{customer.id}", json={"city": "上海"}, headers={"If-Match": '"1"'}
        ).status_code
        == 200
    )
    stale = client.patch(
        f"/api/v1/customers/{customer.id}", json={"city": "北京"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert stale.headers["ETag"] == '"2"'
    assert client.get(f"/api/v1/customers/{customer.id}").json()["city"] == "上海"


def test_version_field_works_instead_of_if_match(tenant, make_user, api_client, make_customer):
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, role="owner"))
    answer = client.patch(f"/api/v1/customers/{customer.id}", json={"city": "上海", "version": 1})
    assert answer.status_code == 200 and answer.json()["version"] == 2


def test_merge_moves_interactions_and_deletes_the_duplicate(
    tenant, make_user, api_client, make_customer, make_interaction
):
    survivor = make_customer(tenant, name="王芳", phones=["13800138002"])
    duplicate = make_customer(tenant, name="王芳", emails=["wang@example.cn"])
    make_interaction(tenant, duplicate, summary="来电")
    client = api_client(make_user(tenant, role="manager"))
    merged = client.post(f"/api/v1/customers/{survivor.id}/merge", json={"duplicate_id": duplicate.id})
    assert merged.status_code == 200, merged.text
    assert merged.json()["emails"] == ["wang@example.cn"]
    timeline = client.get(f"/api/v1/customers/{survivor.id}/timeline").json()["items"]
    assert [i["summary"] for i in timeline] == ["来电"]
    assert client.get(f"/api/v1/customers/{duplicate.id}").status_code == 404


def test_invalid_phone_is_refused_naming_the_field(tenant, make_user, api_client):
    client = api_client(make_user(tenant, role="rep"))
    answer = client.post("/api/v1/customers", json={"name": "李娜", "phones": ["13800138000", "12"]})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "phones.1"
    assert answer.json()["detail"][0]["reason"]


def test_phones_are_read_in_the_tenants_region(make_tenant, make_user, api_client):
    taiwan = make_tenant(phone_region="TW")
    client = api_client(make_user(taiwan, role="rep"))
    answer = client.post("/api/v1/customers", json={"name": "林志玲", "phones": ["0912 345 678"]})
    assert answer.status_code == 201, answer.text
    assert answer.json()["phones"] == ["+886912345678"]


def test_schema_errors_name_the_field_in_plain_words(tenant, make_user, api_client):
    client = api_client(make_user(tenant, role="rep"))
    answer = client.post("/api/v1/customers", json={"name": "李娜", "kind": "robot", "colour": "red"})
    assert answer.status_code == 422
    fields = {p["field"] for p in answer.json()["detail"]}
    assert fields == {"kind", "colour"}


def test_owner_id_of_another_tenants_user_is_refused(make_tenant, make_user, api_client):
    a, b = make_tenant(), make_tenant()
    stranger = make_user(b, role="rep")
    client = api_client(make_user(a, role="owner"))
    answer = client.post("/api/v1/customers", json={"name": "李娜", "owner_id": stranger.id})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "owner_id"
