"""Every value a client sends is bounded, and a refusal names the field that is too big."""

from __future__ import annotations

import pytest

from core.customers.limits import MAX_TAGS, PACK_DATA_MAX_BYTES, TAG_MAX_LENGTH
from core.errors import InvalidInput
from core.interactions.limits import PAYLOAD_MAX_BYTES

OWNER = "owner"


def _fields(answer) -> list[str]:
    assert answer.status_code == 422, answer.text
    return [p["field"] for p in answer.json()["detail"]]


def test_a_tag_longer_than_the_limit_is_refused_naming_the_tag(tenant, make_user, api_client):
    client = api_client(make_user(tenant, OWNER))
    fits = client.post("/api/v1/customers", json={"name": "王芳", "tags": ["x" * TAG_MAX_LENGTH]})
    assert fits.status_code == 201
    too_long = client.post("/api/v1/customers", json={"name": "王芳", "tags": ["vip", "x" * 1_500_000]})
    assert _fields(too_long) == ["tags.1"]
    patch = client.patch(
        f"/api/v1/customers/{fits.json()['id']}",
        json={"tags": ["y" * (TAG_MAX_LENGTH + 1)]},
        headers={"If-Match": '"1"'},
    )
    assert _fields(patch) == ["tags.0"]


def test_more_tags_than_the_limit_are_refused(tenant, make_user, api_client):
    client = api_client(make_user(tenant, OWNER))
    tags = [f"t{i}" for i in range(MAX_TAGS + 1)]
    answer = client.post("/api/v1/customers", json={"name": "王芳", "tags": tags})
    assert _fields(answer) == ["tags"]


def test_pack_data_larger_than_the_limit_is_refused_on_create_and_edit(tenant, make_user, api_client):
    client = api_client(make_user(tenant, OWNER))
    big = {"notes": "x" * (PACK_DATA_MAX_BYTES + 1)}
    huge = {"blob": "x" * 1_900_000}
    for pack_data in (big, huge):
        answer = client.post("/api/v1/customers", json={"name": "王芳", "pack_data": pack_data})
        assert _fields(answer) == ["pack_data"]
    created = client.post("/api/v1/customers", json={"name": "王芳", "pack_data": {"notes": "ok"}})
    assert created.status_code == 201
    patch = client.patch(
        f"/api/v1/customers/{created.json()['id']}", json={"pack_data": big}, headers={"If-Match": '"1"'}
    )
    assert _fields(patch) == ["pack_data"]


def test_oversized_phone_and_email_are_refused_without_echoing_them_back(tenant, make_user, api_client):
    client = api_client(make_user(tenant, OWNER))
    answer = client.post(
        "/api/v1/customers",
        json={"name": "王芳", "phones": ["1" * 100_000], "emails": ["a" * 100_000 + "@example.cn"]},
    )
    assert sorted(_fields(answer)) == ["emails.0", "phones.0"]
    assert len(answer.content) < 1000


def test_interaction_payload_and_summary_are_bounded(tenant, make_user, api_client, make_customer):
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, OWNER))
    path = f"/api/v1/customers/{customer.id}/interactions"
    assert _fields(client.post(path, json={"payload": {"blob": "x" * 1_900_000}})) == ["payload"]
    assert _fields(client.post(path, json={"summary": "话" * 2001})) == ["summary"]
    assert client.post(path, json={"summary": "话" * 2000, "payload": {"a": 1}}).status_code == 201


def test_customer_service_bounds_every_caller_not_only_the_api(tenant, uow):
    """Web forms and packs call the service directly; it refuses what the API schema refuses."""
    from core.customers.service import create_customer

    with uow(tenant) as session, pytest.raises(InvalidInput) as refused:
        create_customer(
            session=session,
            tenant=tenant,
            data={
                "name": "王芳",
                "tags": ["ok", "x" * (TAG_MAX_LENGTH + 1)],
                "city": "杭" * 101,
                "pack_data": {"notes": "x" * (PACK_DATA_MAX_BYTES + 1)},
            },
        )
    assert sorted(p.field for p in refused.value.problems) == ["city", "pack_data", "tags.1"]


def test_interaction_service_bounds_every_caller_not_only_the_api(tenant, uow, make_customer):
    from core.interactions.service import log_interaction

    customer = make_customer(tenant)
    with uow(tenant) as session, pytest.raises(InvalidInput) as refused:
        log_interaction(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"kind": "note", "summary": "话" * 2001, "payload": {"blob": "x" * (PAYLOAD_MAX_BYTES + 1)}},
        )
    assert sorted(p.field for p in refused.value.problems) == ["payload", "summary"]


def test_clients_cannot_write_server_owned_pack_data_keys(make_tenant, make_user, api_client, make_customer):
    tenant, other = make_tenant(), make_tenant()
    foreign = make_customer(other)
    client = api_client(make_user(tenant, OWNER))
    pointer = {"merged_into": foreign.id}
    created = client.post("/api/v1/customers", json={"name": "王芳", "pack_data": pointer})
    assert _fields(created) == ["pack_data.merged_into"]
    mine = client.post("/api/v1/customers", json={"name": "李娜", "pack_data": {"color": "red"}}).json()
    patch = client.patch(
        f"/api/v1/customers/{mine['id']}", json={"pack_data": pointer}, headers={"If-Match": '"1"'}
    )
    assert _fields(patch) == ["pack_data.merged_into"]
    assert client.get(f"/api/v1/customers/{mine['id']}").json()["pack_data"] == {"color": "red"}


def test_a_restored_merged_customer_keeps_its_merge_pointer_when_edited(
    tenant, make_user, api_client, make_customer
):
    survivor, duplicate = make_customer(tenant), make_customer(tenant)
    client = api_client(make_user(tenant, OWNER))
    assert (
        client.post(f"/api/v1/customers/{survivor.id}/merge", json={"duplicate_id": duplicate.id}).status_code
        == 200
    )
    restored = client.post(f"/api/v1/customers/{duplicate.id}/restore").json()
    assert restored["pack_data"]["merged_into"] == survivor.id
    edited = client.patch(
        f"/api/v1/customers/{duplicate.id}",
        json={"pack_data": {"color": "red"}},
        headers={"If-Match": f'"{restored["version"]}"'},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["pack_data"] == {"color": "red", "merged_into": survivor.id}
    unchanged = client.patch(
        f"/api/v1/customers/{duplicate.id}",
        json={"pack_data": edited.json()["pack_data"]},
        headers={"If-Match": f'"{edited.json()["version"]}"'},
    )
    assert unchanged.status_code == 200, "sending the pointer back unchanged is not a write of it"
