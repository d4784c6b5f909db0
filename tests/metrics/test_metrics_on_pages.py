"""Every metric shows on the dashboard with a 12-month line, and per customer where it has one."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from core.metrics.chart import sparkline
from core.metrics.series import monthly_series
from core.records import Metric


def test_sparkline_scales_values_into_the_box_and_breaks_on_missing_months():
    line = sparkline([Decimal(0), Decimal(10), None, 5, 5], width=104, height=24)
    # 0 at the bottom, 10 at the top; the missing month splits the line in two
    assert line.segments == ["4.0,20.0 28.0,4.0", "76.0,12.0 100.0,12.0"]
    assert line.dots == []
    assert sparkline([None, 3, None], width=104, height=24).dots == [(52.0, 20.0)]
    assert sparkline([None, None]).segments == []


def test_monthly_series_asks_each_metric_once_per_month_of_the_last_year(make_tenant, uow):
    tenant = make_tenant(timezone="Asia/Shanghai")
    periods = []

    def spy(*, session, tenant, start, end):
        periods.append((start, end))
        return Decimal(len(periods))

    metric = Metric("test.spy", "Spy", spy)
    with uow(tenant) as session:
        [series] = monthly_series(
            session=session, tenant=tenant, metrics=[metric], now=datetime(2026, 3, 15, tzinfo=UTC)
        )
    assert len(periods) == 12 and periods[0][0].isoformat() == "2025-04-01"
    assert periods[-1][0].isoformat() == "2026-03-01" and periods[-1][1].isoformat() == "2026-04-01"
    assert all(end == nxt for (_, end), (nxt, _) in itertools.pairwise(periods))
    assert series.current == Decimal(12) and len(series.chart.segments) == 1


def test_a_failing_metric_shows_empty_and_the_others_still_show(make_tenant, uow):
    tenant = make_tenant()

    def broken(**_):
        raise RuntimeError("pack bug")

    ok = Metric("test.ok", "OK", lambda **_: 1)
    with uow(tenant) as session:
        bad_series, ok_series = monthly_series(
            session=session,
            tenant=tenant,
            metrics=[Metric("test.bad", "Bad", broken), ok],
            now=datetime.now(UTC),
        )
    assert bad_series.values == [None] * 12 and bad_series.chart.segments == []
    assert ok_series.values == [1] * 12


def test_guanxi_register_metrics_every_metric_shows_on_the_dashboard_with_a_chart(
    make_tenant, make_user, make_customer, make_interaction, web_client
):
    tenant = make_tenant(locale="zh_Hans", currency="CNY")
    customer = make_customer(tenant)
    make_interaction(
        tenant, customer, kind="purchase", amount=Decimal("120.00"), occurred_at=datetime.now(UTC)
    )
    html = web_client(make_user(tenant, role="owner", locale="zh_Hans")).get("/").text
    from core.collections.metrics import COLLECTION_METRICS
    from core.metrics.definitions import CORE_METRICS

    for metric in [*CORE_METRICS, *COLLECTION_METRICS]:
        assert f'id="metric-{metric.key}"' in html, metric.key
    revenue = html[html.index('id="metric-revenue_per_customer"') :]
    assert "客均收入" in revenue[:400] and "120.00" in revenue[:600]
    assert "<circle" in revenue[: revenue.index("</figure>")]  # one month with purchases: a dot
    assert html.count('<svg class="sparkline"') == len(CORE_METRICS) + len(COLLECTION_METRICS)


def test_a_rep_sees_no_firm_wide_metrics_on_the_dashboard(make_tenant, make_user, web_client):
    tenant = make_tenant()
    html = web_client(make_user(tenant, role="rep")).get("/").text
    assert 'class="card metrics"' not in html


def test_customer_page_shows_the_customers_own_value_of_metrics_that_have_one(
    make_tenant, make_user, make_customer, make_interaction, web_client
):
    tenant = make_tenant(locale="en", currency="CNY")
    mine, other = make_customer(tenant), make_customer(tenant)
    now = datetime.now(UTC)
    for amount, days in (("100.00", 1), ("50.00", 40)):
        make_interaction(
            tenant, mine, kind="purchase", amount=Decimal(amount), occurred_at=now - timedelta(days=days)
        )
    make_interaction(tenant, other, kind="purchase", amount=Decimal("999.00"), occurred_at=now)
    html = web_client(make_user(tenant, role="owner", locale="en")).get(f"/customers/{mine.id}").text
    value = re.search(r'id="customer-metric-revenue_per_customer">([^<]+)<', html)
    assert value is not None and "150.00" in value.group(1)
    assert 'id="customer-metric-csat">—<' in html  # no answers: nothing to measure, not 0 %
    assert 'id="customer-metric-churn_rate"' not in html  # firm-wide only
