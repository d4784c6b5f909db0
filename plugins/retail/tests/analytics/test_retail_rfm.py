"""RFM scores and segments: computed for the whole tenant in SQL, stored per run, usable in segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guanxi_retail.analytics.models import RfmScore
from guanxi_retail.analytics.rfm import GRID, SEGMENTS, compute_rfm, segment_for
from guanxi_retail.analytics.segments import rfm_segment_condition
from sqlalchemy import select

from sdk import Customer

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def _scores(uow, tenant, run_id) -> dict[int, RfmScore]:
    with uow(tenant) as session:
        rows = session.execute(select(RfmScore).where(RfmScore.run_id == run_id)).scalars().all()
        return {row.customer_id: row for row in rows}


def test_every_score_combination_has_exactly_one_named_segment():
    assert set(SEGMENTS) == {name for row in GRID.values() for name in row}
    assert segment_for(5, 5, 5) == "champions" and segment_for(1, 1, 1) == "lost"
    assert segment_for(1, 5, 5) == "cant_lose" and segment_for(5, 1, 1) == "new"


def test_rfm_scores_rank_customers_within_their_tenant(make_shop, uow):
    shop = make_shop()
    ids = shop.customers(10)
    for i, customer in enumerate(ids):  # customer i: i+1 orders of 100*(i+1), last one i*10 days ago
        for k in range(i + 1):
            shop.order(customer, NOW - timedelta(days=i * 10 + k), total=str(100 * (i + 1)))
    with uow(shop.tenant) as session:
        run = compute_rfm(session=session, tenant=shop.tenant, as_of=NOW)
        run_id = run.id
    scores = _scores(uow, shop.tenant, run_id)
    assert len(scores) == 10 and run.n_customers == 10
    best, worst = scores[ids[-1]], scores[ids[0]]
    assert (worst.r_score, worst.f_score, worst.m_score) == (5, 1, 1)
    assert (best.r_score, best.f_score, best.m_score) == (1, 5, 5)
    assert best.segment == "cant_lose" and worst.segment == "new"
    assert [scores[c].f_score for c in ids] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert best.recency_days == 90 and best.frequency == 10 and best.monetary == 10 * 1000
    assert sum(run.results["segments"].values()) == 10


def test_equal_values_get_equal_scores_on_every_run(make_shop, uow):
    shop = make_shop()
    ids = shop.customers(6)
    for customer in ids:  # everyone identical
        shop.order(customer, NOW - timedelta(days=3), total="50")
    runs = []
    for _ in range(2):
        with uow(shop.tenant) as session:
            runs.append(compute_rfm(session=session, tenant=shop.tenant, as_of=NOW).id)
    first, second = (_scores(uow, shop.tenant, run) for run in runs)
    assert {(s.r_score, s.f_score, s.m_score, s.segment) for s in first.values()} == {(1, 1, 1, "lost")}
    assert {c: s.segment for c, s in first.items()} == {c: s.segment for c, s in second.items()}


def test_rfm_runs_never_mix_tenants(make_shop, uow):
    shop, other = make_shop(), make_shop()
    mine, theirs = shop.customers(3), other.customers(2)
    for customer in mine:
        shop.order(customer, NOW - timedelta(days=1), total="10")
    for customer in theirs:
        other.order(customer, NOW - timedelta(days=1), total="99999")
    with uow(shop.tenant) as session:
        run = compute_rfm(session=session, tenant=shop.tenant, as_of=NOW)
    assert set(_scores(uow, shop.tenant, run.id)) == set(mine)
    with uow(other.tenant) as session:
        assert compute_rfm(session=session, tenant=other.tenant, as_of=NOW).n_customers == 2


def test_orders_after_as_of_and_deleted_customers_are_left_out(make_shop, uow):
    shop = make_shop()
    kept, deleted, future = shop.customers(3)
    shop.order(kept, NOW - timedelta(days=1), total="10")
    shop.order(deleted, NOW - timedelta(days=1), total="10")
    shop.order(future, NOW + timedelta(days=1), total="10")
    with uow(shop.tenant) as session:
        session.get(Customer, deleted).deleted_at = NOW
    with uow(shop.tenant) as session:
        run = compute_rfm(session=session, tenant=shop.tenant, as_of=NOW)
    assert set(_scores(uow, shop.tenant, run.id)) == {kept}


def test_rfm_segment_is_a_segment_field_following_the_latest_run(make_shop, uow, guanxi_registry):
    shop, other = make_shop(), make_shop()
    old, fresh = shop.customers(2)
    shop.order(old, NOW - timedelta(days=400), total="10")
    shop.order(fresh, NOW - timedelta(days=1), total="10")
    other.order(other.customers(1)[0], NOW - timedelta(days=1), total="10")
    with uow(shop.tenant) as session:
        compute_rfm(session=session, tenant=shop.tenant, as_of=NOW)
    with uow(shop.tenant) as session:
        compute_rfm(session=session, tenant=shop.tenant, as_of=NOW)
        # two customers: the older scores r=1 (lost), the recent one r=3 (about to sleep)
        condition = rfm_segment_condition(tenant=shop.tenant, value=["lost", "about_to_sleep"])
        found = set(session.execute(select(Customer.id).where(condition)).scalars())
        assert found == {old, fresh}
        recent = rfm_segment_condition(tenant=shop.tenant, value="about_to_sleep")
        assert set(session.execute(select(Customer.id).where(recent)).scalars()) == {fresh}
    records = guanxi_registry.pm.hook.guanxi_register_segment_fields(tenant=shop.tenant)
    [field] = [r for batch in records for r in batch if r.key == "rfm_segment"]
    assert field.titles["zh_Hans"] and callable(field.condition)


def test_unknown_rfm_segment_names_are_refused(make_shop):
    import pytest

    with pytest.raises(ValueError, match="unknown RFM segment"):
        rfm_segment_condition(tenant=make_shop().tenant, value=["vip"])
