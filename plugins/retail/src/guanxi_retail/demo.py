"""Demo data for ``guanxi demo``: a small tea shop with a catalog, three stores, a year of orders
with lines, and a loyalty programme whose points those orders earned."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from sdk import Customer, InvalidInput, Tenant, utcnow

from .catalog.demo import STORES, seed_catalog
from .catalog.models import RetailCategory, RetailProduct
from .loyalty.config import add_rule, add_tier, update_settings
from .orders.lines import LineInput
from .orders.service import create_order


def seed_loyalty(*, session: Session, tenant: Tenant) -> None:
    """1 point per yuan, double on gift boxes, a birthday bonus, three tiers, year-end expiry."""
    gifts = session.exec(select(RetailCategory.id).where(RetailCategory.code == "GIFT")).first()
    add_rule(session=session, tenant=tenant, kind="per_amount", rate=Decimal("1"))
    if gifts is not None:
        add_rule(session=session, tenant=tenant, kind="category", rate=Decimal("1"), category_id=gifts)
    add_rule(session=session, tenant=tenant, kind="birthday", points=200)
    for code, name, points in (("silver", "银卡", 0), ("gold", "金卡", 2000), ("black", "黑卡", 8000)):
        add_tier(session=session, tenant=tenant, code=code, name=name, min_points=points)
    update_settings(
        session=session,
        tenant=tenant,
        expiry_mode="fixed_date",
        expiry_month=12,
        expiry_day=31,
        birthday_offer="生日当月全场 9 折",
        birthday_notice_days=7,
    )


def seed_demo_orders(*, session: Session, tenant: Tenant, count: int = 40, seed: int = 11) -> int:
    """Add ``count`` orders with lines over the last year across the first customers; return how many."""
    first = select(Customer.id).where(col(Customer.deleted_at).is_(None)).order_by(col(Customer.id)).limit(60)
    customer_ids = [customer_id for customer_id in session.exec(first).all() if customer_id is not None]
    if not customer_ids:
        return 0
    skus = seed_catalog(session=session, tenant=tenant)
    rng = random.Random(seed)
    now = utcnow()
    regulars = customer_ids[: max(1, len(customer_ids) // 4)]
    for n in range(count):
        code, store, channel, _city = rng.choice(STORES)
        customer = rng.choice(regulars) if rng.random() < 0.5 else rng.choice(customer_ids)
        lines = [
            LineInput(sku=sku, quantity=rng.choice((1, 1, 1, 2, 3)))
            for sku in rng.sample(skus, rng.choice((1, 1, 2, 2, 3, 4)))
        ]
        create_order(
            session=session,
            tenant=tenant,
            customer_id=customer,
            lines=lines,
            ordered_at=now - timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 600)),
            channel=channel,
            store=store,
            external_ref=f"{code}-{tenant.id}-{n + 1:06d}",
        )
    return count


def seed_demo(*, session: Session, tenant: Tenant) -> None:
    """The whole demo shop: catalog, loyalty programme, then a year of orders earning points."""
    if session.exec(select(RetailProduct.id).limit(1)).first() is not None:
        return
    seed_catalog(session=session, tenant=tenant)
    seed_loyalty(session=session, tenant=tenant)
    seed_demo_orders(session=session, tenant=tenant, count=300)
    _analyze_demo(session=session, tenant=tenant)


def _analyze_demo(*, session: Session, tenant: Tenant) -> None:
    """Score the demo shop so its RFM grid, key customers and rules are not empty on first visit.

    A demo year is small; if the lifetime-value model cannot be fitted on it, the other analyses
    still run and the pages say that CLV needs more history."""
    from .analytics.service import STEPS, AnalysisOptions, analyze

    try:
        with session.begin_nested():
            analyze(session=session, tenant=tenant, options=AnalysisOptions())
    except InvalidInput:
        steps = tuple(step for step in STEPS if step != "clv")
        analyze(session=session, tenant=tenant, options=AnalysisOptions(steps=steps))
