"""Lifetime value from a tenant's orders: the summary, historical profit, stored fits, churn risk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from guanxi_retail.analytics.clv import compute_clv
from guanxi_retail.analytics.models import CustomerValue
from guanxi_retail.analytics.reports import churn_risk, key_customers
from guanxi_retail.analytics.summary import customer_summary
from guanxi_retail.analytics.units import Horizon
from sqlalchemy import select

from sdk import InvalidInput

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def _history(shop, customers: list[int]) -> None:
    """Customer i buys every (i % 5 + 1) * 7 days for a while; some stop early."""
    for i, customer in enumerate(customers):
        gap = (i % 5 + 1) * 7
        stop = 200 if i % 3 == 0 else 0  # every third customer stopped 200 days ago
        day = 360
        while day > stop:
            shop.order(customer, NOW - timedelta(days=day), total=str(50 + 10 * (i % 4)))
            day -= gap


def test_summary_counts_purchase_days_and_profit_from_line_costs(make_shop, uow):
    shop = make_shop()
    buyer, other = shop.customers(2)
    day = NOW - timedelta(days=14)
    shop.order(buyer, day, lines=[(0, "100.00", "60.00"), (1, "50.00", None)])  # profit 40 + 50
    shop.order(buyer, day + timedelta(hours=1), total="30.00")  # same day, no lines: revenue
    shop.order(buyer, NOW - timedelta(days=7), lines=[(2, "80.00", "20.00")])
    shop.order(other, NOW - timedelta(days=7), total="5.00")
    with uow(shop.tenant) as session:
        summary = customer_summary(session=session, tenant=shop.tenant, as_of=NOW, time_unit="week")
    at = list(summary.customer_id).index(buyer)
    assert summary.frequency[at] == 1  # two purchase days
    assert summary.recency[at] == pytest.approx(1.0) and summary.age[at] == pytest.approx(2.0)
    assert summary.revenue[at] == pytest.approx(260.0)
    assert summary.profit[at] == pytest.approx(40 + 50 + 30 + 60)
    assert summary.monetary[at] == pytest.approx(80.0)  # the repeat day only


def test_purchase_days_follow_the_tenant_time_zone(make_shop, uow):
    shop = make_shop()  # Asia/Shanghai: 16:30 UTC and 17:00 UTC are different local days
    [buyer] = shop.customers(1)
    shop.order(buyer, datetime(2026, 6, 1, 15, 30, tzinfo=UTC), total="10")
    shop.order(buyer, datetime(2026, 6, 1, 16, 30, tzinfo=UTC), total="10")
    with uow(shop.tenant) as session:
        summary = customer_summary(session=session, tenant=shop.tenant, as_of=NOW, time_unit="day")
    assert shop.tenant.timezone == "Asia/Shanghai"
    assert list(summary.frequency) == [1] and list(summary.recency) == [1.0]


def test_clv_run_stores_fit_parameters_and_every_customer(make_shop, uow):
    shop = make_shop()
    customers = shop.customers(24)
    _history(shop, customers)
    with uow(shop.tenant) as session:
        run = compute_clv(
            session=session,
            tenant=shop.tenant,
            as_of=NOW,
            time_unit="week",
            horizon=Horizon(6, "month"),
            discount_rate=0.01,
        )
        run_id = run.id
    assert run.time_unit == "week" and run.parameters["horizon_unit"] == "month"
    fit = run.results["bgnbd"]
    assert fit["time_unit"] == "week" and fit["n_customers"] == 24 and fit["converged"]
    assert {"r", "alpha", "a", "b", "log_likelihood"} <= set(fit)
    assert {"p", "q", "v", "log_likelihood", "converged"} <= set(run.results["gamma_gamma"])
    with uow(shop.tenant) as session:
        values = session.execute(select(CustomerValue).where(CustomerValue.run_id == run_id)).scalars().all()
        assert len(values) == 24
        assert all(0 <= v.p_alive <= 1 and v.clv >= 0 for v in values)
        stopped = [v.p_alive for v in values if customers.index(v.customer_id) % 3 == 0]
        active = [v.p_alive for v in values if customers.index(v.customer_id) % 3 != 0]
        assert max(stopped) < min(active)
        _, top = key_customers(session=session, tenant=shop.tenant, limit=5)
    assert [row["clv"] for row in top] == sorted((v.clv for v in values), reverse=True)[:5]


def test_churn_risk_lists_valuable_customers_who_stopped_or_are_slipping(make_shop, uow):
    shop = make_shop()
    customers = shop.customers(24)
    _history(shop, customers)
    with uow(shop.tenant) as session:
        compute_clv(
            session=session,
            tenant=shop.tenant,
            as_of=NOW,
            time_unit="week",
            horizon=Horizon(6, "month"),
            discount_rate=0.0,
        )
    with uow(shop.tenant) as session:  # 100 days later nobody bought again: P(alive) falls
        compute_clv(
            session=session,
            tenant=shop.tenant,
            as_of=NOW + timedelta(days=100),
            time_unit="week",
            horizon=Horizon(6, "month"),
            discount_rate=0.0,
        )
        _, risky = churn_risk(session=session, tenant=shop.tenant, limit=50, min_value_percentile=0.5)
    assert risky
    assert all(row["value_percentile"] >= 0.5 for row in risky)
    assert all(row["p_alive"] <= 0.5 or row["previous_p_alive"] - row["p_alive"] >= 0.2 for row in risky)
    values = [r["historical_value"] for r in risky]
    assert values == sorted(values, reverse=True)


def test_too_little_history_is_a_clear_error(make_shop, uow):
    shop = make_shop()
    [only] = shop.customers(1)
    shop.order(only, NOW - timedelta(days=3), total="10")
    with pytest.raises(InvalidInput, match="too little purchase history"), uow(shop.tenant) as session:
        compute_clv(
            session=session,
            tenant=shop.tenant,
            as_of=NOW,
            time_unit="week",
            horizon=Horizon(1, "month"),
            discount_rate=0.0,
        )
