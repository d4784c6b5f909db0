"""Co-purchase rules: support, confidence and lift from baskets, and recommendations from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from guanxi_retail.analytics.rules import compute_rules, mine_rules, recommend

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def test_rule_measures_match_a_hand_count():
    # baskets: {A,B} {A,B} {A,C} {B} {C}  -> n=5, n(A)=3, n(B)=3, n(A,B)=2
    orders = np.array([1, 1, 2, 2, 2, 3, 3, 4, 5])
    items = np.array([10, 20, 10, 20, 20, 10, 30, 20, 30])  # item 20 twice in order 2 counts once
    rules = mine_rules(orders, items, min_support=0.2, min_confidence=0.1)
    found = {
        (int(a), int(b)): (int(n), s, c, lift)
        for a, b, n, s, c, lift in zip(
            rules["antecedent_id"],
            rules["consequent_id"],
            rules["pair_count"],
            rules["support"],
            rules["confidence"],
            rules["lift"],
            strict=True,
        )
    }
    assert found[(10, 20)] == pytest.approx((2, 0.4, 2 / 3, (2 / 3) / (3 / 5)))
    assert found[(20, 10)] == pytest.approx((2, 0.4, 2 / 3, (2 / 3) / (3 / 5)))
    assert found[(10, 30)] == pytest.approx((1, 0.2, 1 / 3, (1 / 3) / (2 / 5)))
    assert (20, 30) not in found  # never bought together
    strict = mine_rules(orders, items, min_support=0.3, min_confidence=0.7)
    assert strict["antecedent_id"].size == 0


def test_recommendations_are_what_similar_buyers_bought_and_this_customer_has_not(make_shop, uow):
    shop = make_shop()
    other = make_shop()
    buyers = shop.customers(6)
    me = buyers[0]
    for i, customer in enumerate(buyers[1:]):  # everyone else buys 0 with 1; some also 2
        lines = [(0, "10", None), (1, "20", None)] + ([(2, "5", "1")] if i % 2 else [])
        shop.order(customer, NOW - timedelta(days=i + 1), lines=lines)
    shop.order(me, NOW - timedelta(days=1), lines=[(0, "10", None)])
    foreign = other.customers(1)[0]  # another tenant's baskets must not leak in
    for _ in range(5):
        other.order(foreign, NOW - timedelta(days=1), lines=[(0, "10", None), (5, "10", None)])
    with uow(shop.tenant) as session:
        run = compute_rules(
            session=session, tenant=shop.tenant, as_of=NOW, min_support=0.1, min_confidence=0.1
        )
        assert run.results["n_baskets"] == 6
        _, items = recommend(session=session, tenant=shop.tenant, customer_id=me, limit=5)
    ids = [item["item_id"] for item in items]
    assert ids[0] == shop.product_ids[1] and shop.product_ids[0] not in ids
    assert shop.product_ids[5] not in ids and other.product_ids[5] not in ids
    assert items[0]["because_item_id"] == shop.product_ids[0]
    assert items[0]["name"] == "商品1" and items[0]["confidence"] == pytest.approx(5 / 6)


def test_category_rules_recommend_categories(make_shop, uow):
    shop = make_shop()
    buyers = shop.customers(4)
    for customer in buyers[1:]:
        shop.order(customer, NOW - timedelta(days=2), lines=[(0, "10", None), (1, "10", None)])
    shop.order(buyers[0], NOW - timedelta(days=2), lines=[(2, "10", None)])  # category 0 only
    with uow(shop.tenant) as session:
        compute_rules(
            session=session,
            tenant=shop.tenant,
            as_of=NOW,
            level="category",
            min_support=0.1,
            min_confidence=0.1,
        )
        _, items = recommend(session=session, tenant=shop.tenant, customer_id=buyers[0])
    assert [item["item_id"] for item in items] == [shop.category_ids[1]]
