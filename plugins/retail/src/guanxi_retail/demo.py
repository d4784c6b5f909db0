"""Demo data: a few stores' orders, with POS order numbers, for the demo tenant's customers."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlmodel import Session, select

from sdk import Customer, Tenant, utcnow

from .service import create_order

STORES = ("南京西路店", "天河城店", "春熙路店", "西湖银泰店", "线上旗舰店")
CHANNEL_BY_STORE = {"线上旗舰店": "online"}


def seed_demo_orders(*, session: Session, tenant: Tenant, count: int = 40, seed: int = 11) -> int:
    """Add ``count`` orders spread over the last year across the first customers; return how many."""
    customer_ids = list(
        session.exec(
            select(Customer.id).where(Customer.deleted_at.is_(None)).order_by(Customer.id).limit(60)
        ).all()
    )
    if not customer_ids:
        return 0
    rng = random.Random(seed)
    now = utcnow()
    for n in range(count):
        store = rng.choice(STORES)
        create_order(
            session=session,
            tenant=tenant,
            customer_id=rng.choice(customer_ids),
            total=Decimal(rng.randrange(3900, 268000)) / 100,
            ordered_at=now - timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 600)),
            channel=CHANNEL_BY_STORE.get(store, "store"),
            store=store,
            external_ref=f"POS-{tenant.id}-{n + 1:06d}",
        )
    return count
