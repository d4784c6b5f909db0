"""Backfill on enable: purchases recorded before the pack existed become orders.

One ``INSERT ... SELECT`` per tenant, never a query per customer.  ``NOT EXISTS`` on the source
interaction (backed by the unique ``(tenant_id, source_interaction_id)`` key) makes it idempotent:
enabling the pack again after a disable only adds purchases logged in between.
"""

from __future__ import annotations

from sqlalchemy import String, exists, func, insert, literal, select
from sqlmodel import Session

from sdk import Interaction, Tenant, UTCDateTime, utcnow

from .models import RetailOrder

PACK = "retail"


def backfill_orders(*, session: Session, tenant: Tenant) -> int:
    """Create an order for every purchase interaction with an amount that has none; return how many."""
    interactions = Interaction.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
    orders = RetailOrder.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
    already = exists().where(
        orders.c.tenant_id == tenant.id, orders.c.source_interaction_id == interactions.c.id
    )
    rows = select(
        interactions.c.tenant_id,
        interactions.c.customer_id,
        interactions.c.occurred_at,
        interactions.c.amount,
        func.coalesce(interactions.c.currency, literal(tenant.currency, String(3))),
        interactions.c.channel,
        func.substr(interactions.c.payload["store"].as_string(), 1, 100),
        interactions.c.id,
        literal(utcnow(), UTCDateTime),
    ).where(
        interactions.c.tenant_id == tenant.id,
        interactions.c.kind == "purchase",
        interactions.c.amount.is_not(None),
        interactions.c.source != PACK,
        ~already,
    )
    statement = insert(orders).from_select(
        [
            "tenant_id",
            "customer_id",
            "ordered_at",
            "total",
            "currency",
            "channel",
            "store",
            "source_interaction_id",
            "created_at",
        ],
        rows,
    )
    result = session.exec(statement)
    return result.rowcount or 0
