"""Fixtures for the retail analytics tests: a shop whose orders and lines are written in bulk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from guanxi_retail.catalog.models import RetailCategory, RetailProduct
from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sqlalchemy import insert

#: (product index, amount, cost or None) — one line of an order.
Line = tuple[int, str, str | None]


@dataclass
class Shop:
    """A retail tenant with products; ``order(...)`` records an order with its lines."""

    tenant: Any
    uow: Callable[[Any], Any]
    product_ids: list[int]
    category_ids: list[int]

    make_customer: Callable[..., Any]

    def customers(self, count: int) -> list[int]:
        return [self.make_customer(self.tenant).id for _ in range(count)]

    def order(self, customer_id: int, at: datetime, total: str | None = None, lines: list[Line] = ()) -> None:
        amount = Decimal(total) if total is not None else sum(Decimal(a) for _, a, _ in lines)
        with self.uow(self.tenant) as session:
            order_id = session.execute(
                insert(RetailOrder.__table__).returning(RetailOrder.__table__.c.id),
                [
                    {
                        "tenant_id": self.tenant.id,
                        "customer_id": customer_id,
                        "ordered_at": at,
                        "total": amount,
                        "currency": "CNY",
                        "created_at": at,
                    }
                ],
            ).scalar_one()
            if lines:
                session.execute(
                    insert(RetailOrderLine.__table__),
                    [
                        {
                            "tenant_id": self.tenant.id,
                            "order_id": order_id,
                            "product_id": self.product_ids[p],
                            "quantity": 1,
                            "unit_price": Decimal(a),
                            "amount": Decimal(a),
                            "cost": None if c is None else Decimal(c),
                        }
                        for p, a, c in lines
                    ],
                )


@pytest.fixture
def make_shop(make_tenant, uow, make_customer) -> Callable[..., Shop]:
    def make(products: int = 6) -> Shop:
        tenant = make_tenant(packs=["retail"])
        with uow(tenant) as session:
            categories, catalogue = RetailCategory.__table__, RetailProduct.__table__
            cats = [
                session.execute(
                    insert(categories).returning(categories.c.id),
                    [{"tenant_id": tenant.id, "code": f"C{i}", "name": f"类{i}"}],
                ).scalar_one()
                for i in range(2)
            ]
            ids = [
                session.execute(
                    insert(catalogue).returning(catalogue.c.id),
                    [
                        {
                            "tenant_id": tenant.id,
                            "sku": f"SKU{i}",
                            "name": f"商品{i}",
                            "category_id": cats[i % 2],
                            "price": Decimal("10"),
                            "currency": "CNY",
                        }
                    ],
                ).scalar_one()
                for i in range(products)
            ]
        return Shop(tenant, uow, ids, cats, make_customer)

    return make
