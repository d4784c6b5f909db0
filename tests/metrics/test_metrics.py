"""Value metrics per period: each figure from recorded purchases, surveys and costs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.metrics.models import Cost
from core.metrics.service import compute_metrics
from core.models import Customer
from core.surveys.models import Survey


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


@pytest.fixture
def firm(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant(timezone="UTC")
    old = [make_customer(tenant, name=f"老客{i}") for i in range(4)]
    new = make_customer(tenant, name="新客")
    buy = lambda c, day, amount: make_interaction(  # noqa: E731
        tenant, c, kind="purchase", amount=Decimal(amount), occurred_at=_at(day)
    )
    for c in old:  # all four bought in March
        buy(c, "2026-03-10", "100")
    buy(old[0], "2026-04-02", "300")  # two of them came back in April, one twice
    buy(old[0], "2026-04-20", "200")
    goods = buy(old[1], "2026-04-05", "500")
    buy(new, "2026-04-06", "1000")
    with uow(tenant) as session:
        for c in old:
            session.get(Customer, c.id).created_at = _at("2026-01-01")
        session.get(Customer, new.id).created_at = _at("2026-04-01")
        session.add(
            Cost(
                tenant_id=tenant.id,
                category="goods",
                amount=Decimal("300"),
                currency="CNY",
                incurred_on=date(2026, 4, 5),
                interaction_id=goods.id,
            )
        )
        session.add(
            Cost(
                tenant_id=tenant.id,
                category="acquire",
                amount=Decimal("800"),
                currency="CNY",
                incurred_on=date(2026, 4, 1),
            )
        )
        session.add(
            Cost(
                tenant_id=tenant.id,
                category="retain",
                amount=Decimal("90"),
                currency="CNY",
                incurred_on=date(2026, 4, 1),
            )
        )
        for kind, score in [
            ("csat", 5),
            ("csat", 4),
            ("csat", 2),
            ("nps", 10),
            ("nps", 9),
            ("nps", 3),
            ("nps", 8),
        ]:
            session.add(
                Survey(
                    tenant_id=tenant.id,
                    customer_id=new.id,
                    kind=kind,
                    token_hash=f"{kind}{score}",
                    expires_at=_at("2026-05-01"),
                    answered_at=_at("2026-04-10"),
                    score=score,
                )
            )
    return tenant


def _values(uow, tenant, start=date(2026, 4, 1), end=date(2026, 5, 1)):
    with uow(tenant) as session:
        return {m.key: m.value for m in compute_metrics(session=session, tenant=tenant, start=start, end=end)}


def test_value_metrics_for_a_month(firm, uow):
    v = _values(uow, firm)
    assert v["retention_rate"] == Decimal("50.00")  # 2 of March's 4 buyers bought again
    assert v["churn_rate"] == Decimal("50.00")
    assert v["repeat_purchase_rate"] == Decimal("33.33")  # 1 of 3 April buyers bought twice
    assert v["csat"] == Decimal("66.67")
    assert v["nps"] == Decimal("25.00")  # (2 promoters - 1 detractor) / 4
    assert v["revenue_per_customer"] == Decimal("666.67")  # 2000 / 3
    assert v["gross_profit_per_customer"] == Decimal("566.67")  # (2000 - 300) / 3
    assert v["cost_to_acquire"] == Decimal("800.00")  # 800 / 1 new customer
    assert v["cost_to_retain"] == Decimal("45.00")  # 90 / 2 existing buyers


def test_a_period_without_data_has_no_value_rather_than_zero(firm, uow):
    v = _values(uow, firm, date(2020, 1, 1), date(2020, 2, 1))
    assert v["retention_rate"] is None and v["csat"] is None and v["revenue_per_customer"] is None


def test_metrics_never_count_another_tenants_data(firm, make_tenant, uow):
    other = make_tenant()
    assert all(value is None for value in _values(uow, other).values())


def test_period_end_must_follow_start(firm, uow):
    with uow(firm) as session, pytest.raises(InvalidInput) as caught:
        compute_metrics(session=session, tenant=firm, start=date(2026, 5, 1), end=date(2026, 4, 1))
    assert caught.value.problems[0].field == "end"


def test_guanxi_register_metrics_adds_pack_metrics_for_enabling_tenants_only(use_packs, make_tenant, uow):
    import importlib_metadata
    from importlib_metadata import EntryPoint

    from core.packs.loader import load_packs, set_registry

    use_packs()
    real = list(importlib_metadata.entry_points(group="guanxi.plugins"))
    set_registry(load_packs([*real, EntryPoint("loyalty", "segments.loyalty_fields_pack", "guanxi.plugins")]))
    with_pack, without = make_tenant(packs=["loyalty"]), make_tenant()
    assert _values(uow, with_pack)["loyalty_members"] == 42
    assert "loyalty_members" not in _values(uow, without)
