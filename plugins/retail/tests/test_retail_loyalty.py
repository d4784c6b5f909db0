"""What a shop relies on from loyalty: earning rules, tiers apart from spendable points, expiry,
redemptions that never overdraw and never count twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from guanxi_retail.catalog.models import RetailCategory
from guanxi_retail.loyalty.config import add_rule, add_tier, update_settings
from guanxi_retail.loyalty.expiry import expire_points
from guanxi_retail.loyalty.ledger import account_of, post_entry
from guanxi_retail.loyalty.models import LoyaltyEntry
from guanxi_retail.orders.lines import LineInput
from guanxi_retail.orders.service import create_order
from sqlmodel import select

from sdk import InvalidInput, Tenant


def _programme(uow, tenant, **settings):
    with uow(tenant) as session:
        gift = session.exec(select(RetailCategory.id).where(RetailCategory.code == "GIFT")).one()
        add_rule(session=session, tenant=tenant, kind="per_amount", rate=Decimal("1"))
        add_rule(session=session, tenant=tenant, kind="category", rate=Decimal("2"), category_id=gift)
        add_rule(session=session, tenant=tenant, kind="birthday", points=50)
        add_tier(session=session, tenant=tenant, code="silver", name="银卡", min_points=0)
        add_tier(session=session, tenant=tenant, code="gold", name="金卡", min_points=500)
        if settings:
            update_settings(session=session, tenant=tenant, **settings)


def _order(uow, tenant, customer, skus, when=None):
    with uow(tenant) as session:
        return create_order(
            session=session,
            tenant=session.get(Tenant, tenant.id),
            customer_id=customer.id,
            lines=[LineInput(sku=s, quantity=1) for s in skus],
            ordered_at=when,
        )


def _account(uow, tenant, customer):
    with uow(tenant) as session:
        return account_of(session=session, tenant=tenant, customer_id=customer.id)


def test_points_follow_amount_category_and_birthday_rules(make_tenant, make_customer, shop, uow):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant)
    today = datetime.now(UTC)
    customer = make_customer(tenant, birthday=date(1990, today.month, min(today.day, 28)))
    _order(uow, tenant, customer, ["LJ", "BOX"])  # 400 per amount + 600 on the gift box + 50 birthday
    _order(uow, tenant, customer, ["CUP"])  # 25 points; no second birthday bonus this year
    account = _account(uow, tenant, customer)
    assert account.balance == 400 + 600 + 50 + 25
    assert account.tier_code == "gold"
    other = make_customer(tenant)
    _order(uow, tenant, other, ["LJ"])
    assert (_account(uow, tenant, other).balance, _account(uow, tenant, other).tier_code) == (100, "silver")


def test_tenant_without_a_programme_earns_nothing(make_tenant, make_customer, shop, uow):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    customer = make_customer(tenant)
    _order(uow, tenant, customer, ["LJ"])
    assert _account(uow, tenant, customer) is None


def test_redemption_never_overdraws_and_a_retry_counts_once(
    make_tenant, make_customer, make_user, api_client, shop, uow
):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant)
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep.id)
    _order(uow, tenant, customer, ["LJ"])  # 100 points
    client = api_client(rep)
    body = {"customer_id": customer.id, "points": 60, "idempotency_key": "till-7-0001"}
    first = client.post("/api/v1/retail/loyalty/redemptions", json=body)
    retry = client.post("/api/v1/retail/loyalty/redemptions", json=body)
    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"] and retry.json()["balance_after"] == 40
    over = client.post(
        "/api/v1/retail/loyalty/redemptions",
        json={"customer_id": customer.id, "points": 41, "idempotency_key": "till-7-0002"},
    )
    assert over.status_code == 422 and "points" in over.text and "40" in over.text
    reused = client.post(
        "/api/v1/retail/loyalty/redemptions",
        json={"customer_id": customer.id, "points": 5, "idempotency_key": "till-7-0001"},
    )
    assert reused.status_code == 409
    member = client.get(f"/api/v1/retail/loyalty/members/{customer.id}").json()
    assert member["balance"] == 40 and member["tier_code"] == "silver"
    assert [e["kind"] for e in member["history"]] == ["redeem", "earn"]


def test_balance_cannot_go_negative_even_bypassing_the_service(make_tenant, make_customer, shop, uow):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput), uow(tenant) as session:
        post_entry(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            kind="redeem",
            points=-1,
            idempotency_key="k1",
        )
    with pytest.raises(Exception), uow(tenant) as session:  # noqa: B017  (CHECK constraint)
        session.add(
            LoyaltyEntry(
                tenant_id=tenant.id,
                customer_id=customer.id,
                kind="adjust",
                points=-5,
                balance_after=-5,
                idempotency_key="raw",
            )
        )
        session.flush()


def test_spending_points_keeps_the_tier(make_tenant, make_customer, shop, uow):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant)
    customer = make_customer(tenant)
    _order(uow, tenant, customer, ["BOX"])  # 300 + 600 = 900 qualifying
    with uow(tenant) as session:
        post_entry(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            kind="redeem",
            points=-900,
            idempotency_key="spend-all",
        )
    account = _account(uow, tenant, customer)
    assert (account.balance, account.qualifying_points, account.tier_code) == (0, 900, "gold")


def test_points_expire_on_the_fixed_date_after_the_year_they_were_earned(
    make_tenant, make_customer, shop, uow
):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant, expiry_mode="fixed_date", expiry_month=12, expiry_day=31)
    customer = make_customer(tenant)
    _order(uow, tenant, customer, ["LJ"], when=datetime(2024, 3, 1, 4, tzinfo=UTC))  # 100, expire end 2025
    _order(uow, tenant, customer, ["CUP"], when=datetime(2025, 6, 1, 4, tzinfo=UTC))  # 25, expire end 2026
    with uow(tenant) as session:
        post_entry(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            kind="redeem",
            points=-30,
            idempotency_key="r1",
        )
    with uow(tenant) as session:
        assert expire_points(session=session, tenant=tenant, now=datetime(2025, 12, 31, 12, tzinfo=UTC)) == 0
    with uow(tenant) as session:
        assert expire_points(session=session, tenant=tenant, now=datetime(2026, 1, 2, tzinfo=UTC)) == 1
        assert expire_points(session=session, tenant=tenant, now=datetime(2026, 1, 2, 1, tzinfo=UTC)) == 0
    assert _account(uow, tenant, customer).balance == 25  # 95 left, of which only the 2025 points live


def test_inactive_members_lose_their_points(make_tenant, make_customer, shop, uow):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant, expiry_mode="inactivity", inactivity_days=180)
    sleeper, active = make_customer(tenant), make_customer(tenant)
    _order(uow, tenant, sleeper, ["LJ"])
    _order(uow, tenant, active, ["LJ"])
    later = datetime.now(UTC) + timedelta(days=200)
    with uow(tenant) as session:
        post_entry(
            session=session,
            tenant=tenant,
            customer_id=active.id,
            kind="redeem",
            points=-1,
            idempotency_key="keepalive",
        )
    with uow(tenant) as session:
        from guanxi_retail.loyalty.models import LoyaltyAccount

        session.execute(
            LoyaltyAccount.__table__.update()
            .where(LoyaltyAccount.customer_id == active.id)
            .values(last_activity_at=later - timedelta(days=1))
        )
        assert expire_points(session=session, tenant=tenant, now=later) == 1
    assert _account(uow, tenant, sleeper).balance == 0
    assert _account(uow, tenant, active).balance == 99


def test_bad_programme_settings_are_refused_with_the_field_named(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=["retail"])
    client = api_client(make_user(tenant, role="owner"))
    answer = client.patch(
        "/api/v1/retail/loyalty/settings",
        json={"expiry_mode": "fixed_date", "expiry_month": 2, "expiry_day": 30},
    )
    assert answer.status_code == 422 and "expiry_day" in answer.text
    rule = client.post("/api/v1/retail/loyalty/rules", json={"kind": "category", "rate": "1"})
    assert rule.status_code == 422 and "category_id" in rule.text


def test_points_expire_on_schedule_with_no_command_typed(make_tenant, make_customer, shop, uow, run_due_jobs):
    """The daily loyalty job fires at 00:05 in the shop's time zone (Shanghai, UTC+8)."""
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    _programme(uow, tenant, expiry_mode="fixed_date", expiry_month=12, expiry_day=31)
    customer = make_customer(tenant)
    _order(uow, tenant, customer, ["LJ"], when=datetime(2024, 3, 1, 4, tzinfo=UTC))  # 100, expire end 2025
    _order(uow, tenant, customer, ["CUP"], when=datetime(2025, 6, 1, 4, tzinfo=UTC))  # 25, expire end 2026
    new_years_eve = datetime(2025, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 on 31 December in Shanghai

    run_due_jobs(now=new_years_eve, jobs=["retail.loyalty_daily"])
    assert _account(uow, tenant, customer).balance == 125
    run_due_jobs(now=new_years_eve + timedelta(minutes=7), jobs=["retail.loyalty_daily"])
    run_due_jobs(now=new_years_eve + timedelta(hours=3), jobs=["retail.loyalty_daily"])
    assert _account(uow, tenant, customer).balance == 25
    with uow(tenant) as session:
        kinds = session.exec(select(LoyaltyEntry.kind).where(LoyaltyEntry.customer_id == customer.id)).all()
    assert sorted(kinds).count("expire") == 1
