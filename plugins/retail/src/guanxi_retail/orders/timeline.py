"""Orders on the customer timeline, in place of the purchase interactions they were logged as.

Every order has a purchase interaction (``source_interaction_id``); the order is the richer record
(store, channel, total, a link to the order list), so the timeline shows the order and hides that
interaction.  With the pack disabled, the source and the hiding go away together and core's
purchases show again (the pack's own, ``source`` = ``retail``, are hidden with the pack).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlmodel import col

from sdk import Tenant, TimelineSource

from .models import RetailOrder


def orders_of(*, tenant: Tenant, customer_id: int) -> Select[*tuple[Any, ...]]:
    """The customer's orders as timeline rows: the store (or channel) as summary, the total."""
    return select(
        col(RetailOrder.ordered_at).label("occurred_at"),
        col(RetailOrder.id).label("id"),
        func.coalesce(RetailOrder.store, RetailOrder.channel, literal("")).label("summary"),
        literal("purchase").label("kind"),
        col(RetailOrder.total).label("amount"),
        col(RetailOrder.currency).label("currency"),
    ).where(col(RetailOrder.customer_id) == customer_id)


def purchases_replaced(*, tenant: Tenant, customer_id: int) -> Select[*tuple[Any, ...]]:
    """The purchase interactions the customer's orders stand for."""
    return select(col(RetailOrder.source_interaction_id)).where(
        col(RetailOrder.customer_id) == customer_id, col(RetailOrder.source_interaction_id).is_not(None)
    )


def timeline_sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            "retail.orders",
            "Order",
            orders_of,
            link="/retail/orders?from_id={id}",
            titles={"zh_Hans": "订单", "zh_Hant": "訂單"},
            hides_interactions=purchases_replaced,
        )
    ]
