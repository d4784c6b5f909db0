"""Hooks act only for tenants that enabled the pack, and a failing hook rolls its write back."""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.customers.service import create_customer, merge_customers, update_customer
from core.errors import InvalidInput, PackError
from core.models import Customer
from core.packs.facade import TenantHooks
from core.packs.loader import get_registry
from core.packs.state import disable_pack, enable_pack


def _events(recorder, tenant, event):
    return [payload for name, tid, payload in recorder.EVENTS if name == event and tid == tenant.id]


def test_guanxi_on_customer_created_runs_only_for_enabling_tenant(recorder, make_tenant, make_customer):
    a, b = make_tenant(packs=["recorder"]), make_tenant()
    created_a = make_customer(a)
    make_customer(b)
    assert _events(recorder, a, "customer_created") == [created_a.id]
    assert _events(recorder, b, "customer_created") == []


def test_guanxi_on_customer_updated_receives_changed_fields(recorder, make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["recorder"])
    customer = make_customer(tenant)
    with uow(tenant) as session:
        update_customer(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"city": "杭州", "grade": "A"},
            expected_version=customer.version,
        )
    assert _events(recorder, tenant, "customer_updated") == [["city", "grade"]]


def test_guanxi_on_customers_merged_sees_both_customers(recorder, make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["recorder"])
    first, second = make_customer(tenant), make_customer(tenant)
    with uow(tenant) as session:
        merge_customers(session=session, tenant=tenant, survivor_id=first.id, duplicate_id=second.id)
    assert _events(recorder, tenant, "customers_merged") == [(first.id, second.id)]


def test_guanxi_on_interaction_logged(recorder, make_tenant, make_customer, make_interaction):
    tenant = make_tenant(packs=["recorder"])
    make_interaction(tenant, make_customer(tenant), kind="visit")
    assert _events(recorder, tenant, "interaction_logged") == ["visit"]


def test_guanxi_validate_customer_problems_abort_the_write(recorder, make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["recorder"])
    with pytest.raises(InvalidInput) as info:
        make_customer(tenant, name="forbidden")
    assert info.value.problems[0].field == "name"
    other = make_tenant()
    assert make_customer(other, name="forbidden").id  # not enabled there: no rule


def test_failing_hook_leaves_no_customer_and_names_the_pack(recorder, make_tenant, uow):
    tenant = make_tenant(packs=["recorder"])
    recorder.FAIL_ON.add("customer_created")
    with pytest.raises(PackError) as info, uow(tenant) as session:
        create_customer(session=session, tenant=tenant, data={"name": "回滚测试"})
    assert info.value.pack == "recorder"
    assert "recorder" in str(info.value) and "guanxi_on_customer_created" in str(info.value)
    with uow(tenant) as session:
        assert session.exec(select(Customer)).all() == []


def test_guanxi_on_tenant_enabled_and_guanxi_on_tenant_disabled_keep_data(
    recorder, make_tenant, make_customer, uow
):
    tenant = make_tenant()
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="recorder")
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="recorder")
    make_customer(tenant)  # disabled: not recorded
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="recorder")
    assert _events(recorder, tenant, "tenant_enabled") == [True, False]
    assert _events(recorder, tenant, "tenant_disabled") == [None]
    assert _events(recorder, tenant, "customer_created") == []


def test_enabling_a_pack_enables_what_it_depends_on(use_packs, make_tenant, uow):
    use_packs(("recorder", "recorder"), ("needs-recorder", "needs_recorder"))
    tenant = make_tenant()
    with uow(tenant) as session:
        newly = enable_pack(session=session, tenant=tenant, pack="needs-recorder")
    assert newly == ["recorder", "needs-recorder"]


def _only_from_enabled(hook, make_tenant) -> None:
    tenant = make_tenant()
    registry = get_registry()
    enabled = hook(TenantHooks(registry, frozenset({"recorder"})), tenant=tenant)
    disabled = hook(TenantHooks(registry, frozenset()), tenant=tenant)
    assert len(enabled) == len(disabled) + 1


def test_guanxi_register_nav_items_only_from_enabled_packs(recorder, make_tenant):
    _only_from_enabled(TenantHooks.nav_items, make_tenant)


def test_guanxi_register_customer_panels_only_from_enabled_packs(recorder, make_tenant):
    _only_from_enabled(TenantHooks.customer_panels, make_tenant)


def test_guanxi_register_dashboard_widgets_only_from_enabled_packs(recorder, make_tenant):
    _only_from_enabled(TenantHooks.dashboard_widgets, make_tenant)


def test_guanxi_register_reminder_rules_only_from_enabled_packs(recorder, make_tenant):
    _only_from_enabled(TenantHooks.reminder_rules, make_tenant)
