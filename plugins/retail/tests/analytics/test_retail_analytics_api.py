"""The analytics API and CLI: refit on demand, read stored results, refuse what a caller may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guanxi_retail.analytics.cli import app as cli_app
from guanxi_retail.analytics.jobs import ANALYTICS_WEEKLY, refit
from guanxi_retail.analytics.models import AnalyticsRun
from sqlmodel import select
from typer.testing import CliRunner

from sdk import JobContext

NOW = datetime.now(UTC)


def _busy_shop(make_shop):
    shop = make_shop()
    customers = shop.customers(15)
    for i, customer in enumerate(customers):  # varied gaps, spends and some who stopped long ago
        start = 400 if i % 3 else 300
        for k in range(i % 5 + 1):
            shop.order(
                customer,
                NOW - timedelta(days=start - (17 + i * 3) * k - (i * 7) % 11),
                lines=[(i % 3, str(20 + (i * 7 + k * 5) % 23), "10"), (3, "20", None)],
            )
    return shop, customers


def test_manager_refits_and_reads_segments_value_lists_and_recommendations(make_shop, make_user, api_client):
    shop, customers = _busy_shop(make_shop)
    client = api_client(make_user(shop.tenant, role="manager"))
    assert client.get("/api/v1/retail/segments").status_code == 404  # nothing computed yet
    answer = client.post(
        "/api/v1/retail/analyze", json={"time_unit": "day", "horizon": 3, "min_support": 0.05}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"rfm", "clv", "rules"}
    assert body["clv"]["time_unit"] == "day" and body["clv"]["parameters"]["horizon"] == 3
    segments = client.get("/api/v1/retail/segments").json()
    assert sum(segments["segments"].values()) == 15 and segments["run"]["computed_at"]
    value = client.get(f"/api/v1/retail/value/{customers[3]}").json()
    assert value["value"]["historical_value"] is not None and value["rfm"]["segment"]
    assert value["run"]["time_unit"] == "day"
    key = client.get("/api/v1/retail/key-customers", params={"limit": 3}).json()["customers"]
    assert len(key) == 3 and key[0]["clv"] >= key[-1]["clv"]
    assert client.get("/api/v1/retail/churn-risk").status_code == 200
    recs = client.get(f"/api/v1/retail/recommendations/{customers[0]}").json()
    assert recs["level"] == "product"
    assert all(item["item_id"] != shop.product_ids[0] for item in recs["items"])


def test_bad_refit_options_name_the_option(make_shop, make_user, api_client):
    shop, _ = _busy_shop(make_shop)
    client = api_client(make_user(shop.tenant, role="manager"))
    answer = client.post("/api/v1/retail/analyze", json={"horizon_unit": "fortnight"})
    assert answer.status_code == 422


def test_analytics_stay_inside_the_tenant(make_shop, make_user, api_client):
    shop, customers = _busy_shop(make_shop)
    other, _ = _busy_shop(make_shop)
    mine = api_client(make_user(shop.tenant, role="manager"))
    theirs = api_client(make_user(other.tenant, role="manager"))
    assert mine.post("/api/v1/retail/analyze", json={"steps": ["rfm", "clv"]}).status_code == 200
    assert theirs.get("/api/v1/retail/segments").status_code == 404  # their tenant has no run
    assert theirs.get(f"/api/v1/retail/value/{customers[0]}").status_code == 404


def test_reps_cannot_list_everyones_value(make_shop, make_user, api_client):
    shop, _ = _busy_shop(make_shop)
    rep = api_client(make_user(shop.tenant, role="rep"))
    assert rep.get("/api/v1/retail/key-customers").status_code == 403
    assert rep.post("/api/v1/retail/analyze").status_code == 403


def test_cli_analyze_refits_and_refuses_tenants_without_retail(make_shop, make_tenant):
    shop, _ = _busy_shop(make_shop)
    runner = CliRunner()
    done = runner.invoke(cli_app, ["analyze", "--tenant", shop.tenant.slug, "--time-unit", "day"])
    assert done.exit_code == 0, done.output
    assert "rfm: run" in done.output and "clv: run" in done.output and "rules" in done.output
    plain = make_tenant()
    refused = runner.invoke(cli_app, ["analyze", "--tenant", plain.slug])
    assert refused.exit_code != 0
    assert "not enabled" in str(refused.exception)


def test_weekly_refit_job_refits_every_analysis_and_skips_fits_a_shop_cannot_have_yet(
    make_shop, make_tenant, uow
):
    shop, _ = _busy_shop(make_shop)
    empty = make_tenant(packs=["retail"])
    small = make_shop()
    [regular] = small.customers(1)
    small.order(regular, NOW - timedelta(days=3), lines=[(0, "20", "10")])
    for tenant in (shop.tenant, empty, small.tenant):
        with uow(tenant) as session:
            refit(JobContext(None, session, tenant, NOW, f"{ANALYTICS_WEEKLY}:{tenant.id}", 1))
    with uow(shop.tenant) as session:
        assert {run.kind for run in session.exec(select(AnalyticsRun))} >= {"rfm", "clv"}
    with uow(empty) as session:
        assert session.exec(select(AnalyticsRun)).first() is None
    with uow(small.tenant) as session:
        kinds = {run.kind for run in session.exec(select(AnalyticsRun))}
    assert "rfm" in kinds and "clv" not in kinds
