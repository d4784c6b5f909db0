"""What a shop relies on from campaigns: a segment's audience, reminders, response from later orders."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from guanxi_retail.campaigns.reminders import birthday_offers_due, campaigns_due
from guanxi_retail.campaigns.service import campaign_responses, create_campaign
from guanxi_retail.loyalty.config import update_settings
from guanxi_retail.orders.service import create_order
from sqlmodel import select

from sdk import Promotion, Segment, Tenant, translate


def _segment(uow, tenant, filters):
    with uow(tenant) as session:
        segment = Segment(tenant_id=tenant.id, name="VIP", filters=filters)
        session.add(segment)
        session.flush()
        return segment.id


def _buy(uow, tenant, customer, total, day):
    when = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(tenant.timezone)) + timedelta(hours=11)
    with uow(tenant) as session:
        create_order(
            session=session,
            tenant=session.get(Tenant, tenant.id),
            customer_id=customer.id,
            total=Decimal(total),
            ordered_at=when,
        )


def test_campaign_response_counts_targeted_customers_who_ordered_in_the_window(
    make_tenant, make_customer, make_user, api_client, uow
):
    tenant = make_tenant(packs=["retail"])
    vip = [make_customer(tenant, tags=["vip"]) for _ in range(4)]
    outsider = make_customer(tenant)
    segment_id = _segment(uow, tenant, {"tags": ["vip"]})
    client = api_client(make_user(tenant, role="manager"))
    answer = client.post(
        "/api/v1/retail/campaigns",
        json={
            "name": "中秋回馈",
            "offer": "满300减50",
            "segment_id": segment_id,
            "starts_on": "2026-09-01",
            "ends_on": "2026-09-15",
            "response_days": 5,
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["audience_size"] == 4
    _buy(uow, tenant, vip[0], 300, date(2026, 9, 2))
    _buy(uow, tenant, vip[0], 100, date(2026, 9, 20))  # within the 5 response days
    _buy(uow, tenant, vip[1], 200, date(2026, 9, 21))  # too late
    _buy(uow, tenant, vip[2], 50, date(2026, 8, 31))  # before the start
    _buy(uow, tenant, outsider, 999, date(2026, 9, 3))  # not targeted
    campaign = client.get(f"/api/v1/retail/campaigns/{answer.json()['id']}").json()
    assert (campaign["targeted"], campaign["responders"], campaign["orders"]) == (4, 1, 2)
    assert float(campaign["revenue"]) == 400 and campaign["response_rate"] == 0.25


def test_campaign_needs_exactly_one_audience_and_sane_dates(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=["retail"])
    client = api_client(make_user(tenant, role="owner"))
    none = client.post(
        "/api/v1/retail/campaigns", json={"name": "x", "starts_on": "2026-01-02", "ends_on": "2026-01-01"}
    )
    assert none.status_code == 422 and "segment_id" in none.text and "ends_on" in none.text
    unknown = client.post(
        "/api/v1/retail/campaigns",
        json={"name": "y", "segment_id": 999999, "starts_on": "2026-01-01", "ends_on": "2026-01-02"},
    )
    assert unknown.status_code == 422 and "segment_id" in unknown.text


def test_campaign_starts_and_ends_are_reminded_once_either_by_promotion_or_by_the_pack(
    make_tenant, make_customer, uow, guanxi_registry
):
    tenant = make_tenant(packs=["retail"])
    make_customer(tenant, tags=["vip"])
    segment_id = _segment(uow, tenant, {"tags": ["vip"]})
    with uow(tenant) as session:
        create_campaign(
            session=session,
            tenant=tenant,
            name="A",
            offer="9折",
            segment_id=segment_id,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 3),
        )
        create_campaign(
            session=session,
            tenant=tenant,
            name="B",
            segment_id=segment_id,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 3),
            with_promotion=True,
        )
    with uow(tenant) as session:
        [start] = campaigns_due(session=session, tenant=tenant, on=date(2026, 5, 1))
        assert (
            translate(start.text, "en", registry=guanxi_registry)
            == "Campaign A starts today for 1 customers: 9折"
        )
        assert len(campaigns_due(session=session, tenant=tenant, on=date(2026, 5, 3))) == 1
        assert campaigns_due(session=session, tenant=tenant, on=date(2026, 5, 2)) == []
        [promotion] = session.exec(select(Promotion)).all()
        assert (promotion.title, promotion.starts_on) == ("B", date(2026, 5, 1))


def test_birthday_offers_go_to_shoppers_a_week_ahead_in_each_readers_language(
    make_tenant, make_customer, uow, guanxi_registry
):
    tenant = make_tenant(packs=["retail"], locale="zh_Hant")
    shopper = make_customer(tenant, birthday=date(1988, 6, 8))
    make_customer(tenant, birthday=date(1990, 6, 8))  # never bought: no offer
    _buy(uow, tenant, shopper, 10, date(2026, 1, 5))
    with uow(tenant) as session:
        assert birthday_offers_due(session=session, tenant=tenant, on=date(2026, 6, 1)) == []
        update_settings(session=session, tenant=tenant, birthday_offer="生日禮", birthday_notice_days=7)
    with uow(tenant) as session:
        [due] = birthday_offers_due(session=session, tenant=tenant, on=date(2026, 6, 1))
    assert due.customer_id == shopper.id
    assert (
        translate(due.text, "zh_Hant", registry=guanxi_registry)
        == f"{shopper.name} 的生日在 2026-06-08：優惠 生日禮"
    )
    assert (
        translate(due.text, "en", registry=guanxi_registry)
        == f"Birthday of {shopper.name} on 2026-06-08: offer 生日禮"
    )


def test_other_tenants_campaigns_are_invisible(make_tenant, make_customer, make_user, api_client, uow):
    a, b = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    make_customer(a, tags=["vip"])
    segment_id = _segment(uow, a, {"tags": ["vip"]})
    with uow(a) as session:
        campaign = create_campaign(
            session=session,
            tenant=a,
            name="A",
            segment_id=segment_id,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 3),
        )
    client_b = api_client(make_user(b, role="owner"))
    assert client_b.get("/api/v1/retail/campaigns").json() == []
    assert client_b.get(f"/api/v1/retail/campaigns/{campaign.id}").status_code == 404
    with uow(b) as session:
        assert campaign_responses(session=session, tenant=b, campaigns=[]) == {}
