"""What people do in the web UI lands in the audit log under their own name, like API calls do."""

from __future__ import annotations

import uuid

from sqlmodel import select
from webhelpers import PASSWORD, post_form

from core.audit.models import AuditEntry


def _entries(uow, tenant, entity: str) -> list[AuditEntry]:
    with uow(tenant) as session:
        rows = list(
            session.exec(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()
        )
        for row in rows:
            session.expunge(row)
        return rows


def test_user_created_on_the_settings_page_is_audited_as_the_signed_in_user(
    make_tenant, make_user, browser_client, uow
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    client = browser_client(owner)
    email = f"rep-{uuid.uuid4().hex[:8]}@example.com"
    answer = post_form(
        client,
        "/settings/users",
        {"email": email, "password": PASSWORD, "display_name": "New Rep", "role": "rep"},
    )
    assert answer.status_code == 303
    [entry] = _entries(uow, tenant, "user")
    assert (entry.action, entry.actor) == ("create", f"user:{owner.email}")
    assert entry.changes["email"] == [None, email] and entry.entity_id.isdigit()


def test_pack_enabled_and_disabled_on_the_web_are_audited_as_the_signed_in_user(
    make_tenant, make_user, browser_client, uow
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    client = browser_client(owner)
    for action in ("enable", "disable"):
        answer = post_form(client, f"/settings/packs/showroom/{action}", {}, page="/settings/packs")
        assert answer.status_code == 303
    entries = _entries(uow, tenant, "pack")
    assert [(e.entity_id, e.action, e.actor) for e in entries] == [
        ("showroom", "enable", f"user:{owner.email}"),
        ("showroom", "disable", f"user:{owner.email}"),
    ]


def test_edition_change_on_the_web_is_audited_as_the_signed_in_user(
    make_tenant, make_user, browser_client, uow
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    client = browser_client(owner)
    answer = post_form(client, "/settings/editions/professional", {}, page="/settings/editions/professional")
    assert answer.status_code == 303
    [entry] = _entries(uow, tenant, "tenant")
    assert (entry.action, entry.actor) == ("edition", f"user:{owner.email}")
    assert entry.changes["edition"] == ["basic", "professional"]


def test_customer_edited_on_the_web_is_audited_as_the_signed_in_user(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    customer = make_customer(tenant, city="上海")
    client = browser_client(owner)
    answer = post_form(
        client,
        f"/customers/{customer.id}/edit",
        {"name": customer.name, "kind": "person", "city": "杭州", "version": "1"},
        page=f"/customers/{customer.id}/edit",
    )
    assert answer.status_code == 303, answer.text
    update = [e for e in _entries(uow, tenant, "customer") if e.action == "update"]
    assert [(e.actor, e.changes["city"]) for e in update] == [(f"user:{owner.email}", ["上海", "杭州"])]
