"""Customer services: what a user of the core can rely on."""

from __future__ import annotations

import pytest

from core.customers.service import (
    delete_customer,
    get_customer,
    merge_customers,
    restore_customer,
    search_customers,
    update_customer,
)
from core.errors import InvalidInput, NotFound, StaleVersion
from core.interactions.service import timeline


def test_create_customer_normalizes_phone_email_and_name(tenant, make_customer):
    customer = make_customer(tenant, name="  張 偉 ", phones=["138 0013 8000"], emails=[" Li@Example.CN "])
    assert customer.name == "張 偉"
    assert customer.name_key == "zhangwei"
    assert customer.phone == "+8613800138000"
    assert customer.email == "li@example.cn"


def test_invalid_phone_is_rejected_with_its_field(tenant, make_customer):
    with pytest.raises(InvalidInput) as info:
        make_customer(tenant, phones=["12345"])
    assert info.value.problems[0].field == "phones.0"


def test_update_with_stale_version_is_refused(tenant, make_customer, uow):
    customer = make_customer(tenant)
    with uow(tenant) as session:
        update_customer(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"city": "上海"},
            expected_version=customer.version,
        )
    with pytest.raises(StaleVersion) as info, uow(tenant) as session:
        update_customer(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"city": "北京"},
            expected_version=customer.version,
        )
    assert info.value.current_version == customer.version + 1


def test_other_tenants_customer_is_not_found(make_tenant, make_customer, uow):
    a, b = make_tenant(), make_tenant()
    customer = make_customer(a)
    with pytest.raises(NotFound), uow(b) as session:
        get_customer(session=session, customer_id=customer.id)
    with uow(b) as session:
        assert search_customers(session=session, tenant=b).items == []


def test_search_matches_across_scripts_and_pinyin(tenant, make_customer, uow):
    make_customer(tenant, name="張偉")
    make_customer(tenant, name="李娜")
    with uow(tenant) as session:
        for query in ("张伟", "張", "zhang"):
            names = [c.name for c in search_customers(session=session, tenant=tenant, q=query).items]
            assert names == ["張偉"], query


def test_search_pages_are_stable(tenant, make_customer, uow):
    created = [make_customer(tenant).id for _ in range(5)]
    seen, cursor = [], None
    with uow(tenant) as session:
        while True:
            page = search_customers(session=session, tenant=tenant, limit=2, cursor=cursor)
            seen += [c.id for c in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
    assert seen == created


def test_soft_delete_and_restore(tenant, make_customer, uow):
    customer = make_customer(tenant)
    with uow(tenant) as session:
        delete_customer(session=session, tenant=tenant, customer_id=customer.id, expected_version=None)
    with uow(tenant) as session:
        assert search_customers(session=session, tenant=tenant).items == []
        restore_customer(session=session, tenant=tenant, customer_id=customer.id)
    with uow(tenant) as session:
        assert [c.id for c in search_customers(session=session, tenant=tenant).items] == [customer.id]


def test_merge_moves_interactions_to_survivor(tenant, make_customer, make_interaction, uow):
    survivor = make_customer(tenant, phones=["13800138000"])
    duplicate = make_customer(tenant, emails=["dup@example.cn"], tags=["VIP"])
    make_interaction(tenant, duplicate, kind="visit")
    make_interaction(tenant, survivor, kind="call")
    with uow(tenant) as session:
        merged = merge_customers(
            session=session, tenant=tenant, survivor_id=survivor.id, duplicate_id=duplicate.id
        )
        assert merged.emails == ["dup@example.cn"] and merged.tags == ["VIP"]
    with uow(tenant) as session:
        kinds = sorted(i.kind for i in timeline(session=session, customer_id=survivor.id))
        assert kinds == ["call", "visit"]
        with pytest.raises(NotFound):
            get_customer(session=session, customer_id=duplicate.id)


def test_tag_filter_finds_only_tagged_customers(tenant, make_customer, uow):
    vip = make_customer(tenant, tags=["VIP", "团购"])
    make_customer(tenant, tags=["批发"])
    make_customer(tenant)
    with uow(tenant) as session:
        found = search_customers(session=session, tenant=tenant, tag="团购").items
    assert [c.id for c in found] == [vip.id]


def test_prefix_search_matches_exactly_the_prefix(tenant, make_customer, uow):
    make_customer(tenant, name="王小明")
    make_customer(tenant, name="王")
    make_customer(tenant, name="汪洋")
    with uow(tenant) as session:
        names = sorted(c.name for c in search_customers(session=session, tenant=tenant, q="王").items)
    assert names == ["王", "王小明"]
