"""Shared helpers for the retail pack's tests: a signed-in browser and a small catalog."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from sdk.testing_api import TEST_PASSWORD


@pytest.fixture
def browser(app: Any) -> Iterator[Callable[[Any], Any]]:
    """``browser(user)``: a web client signed in through the sign-in page."""
    from fastapi.testclient import TestClient

    clients: list[Any] = []

    def make(user: Any) -> Any:
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        page = client.get("/sign-in").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = client.post(
            "/sign-in",
            data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def shop(uow: Callable[[Any], Any]) -> Callable[[Any], dict[str, int]]:
    """``shop(tenant)``: two categories and three products; returns product ids by SKU."""
    from guanxi_retail.catalog.service import ProductInput, create_category, upsert_products

    def make(tenant: Any) -> dict[str, int]:
        with uow(tenant) as session:
            create_category(session=session, tenant=tenant, code="TEA", name="茶叶")
            create_category(session=session, tenant=tenant, code="GIFT", name="礼盒")
            products = upsert_products(
                session=session,
                tenant=tenant,
                products=[
                    ProductInput(
                        sku="LJ", name="龙井", price=Decimal("100.00"), cost=Decimal("40"), category="TEA"
                    ),
                    ProductInput(sku="BOX", name="礼盒", price=Decimal("300.00"), category="GIFT"),
                    ProductInput(sku="CUP", name="杯", price=Decimal("25.50")),
                ],
            )
            return {p.sku: p.id for p in products}

    return make


@pytest.fixture
def rivals(make_tenant, make_user, make_customer, shop, uow) -> Any:
    """One shop with two reps, each owning a customer who bought once today.

    East's customer bought 龙井 (100.00, order ``EAST-1``), west's a gift box (300.00, ``WEST-1``);
    a point per yuan, so east's member holds 100 points and west's 300.
    """
    from types import SimpleNamespace

    from guanxi_retail.loyalty.config import add_rule
    from guanxi_retail.orders.lines import LineInput
    from guanxi_retail.orders.service import create_order

    from sdk import Tenant

    tenant = make_tenant(packs=["retail"])
    products = shop(tenant)
    east, west = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    east_customer = make_customer(tenant, name="东区会员", owner_id=east.id, tags=["vip"])
    west_customer = make_customer(tenant, name="西区会员", owner_id=west.id, tags=["vip"])
    with uow(tenant) as session:
        add_rule(session=session, tenant=tenant, kind="per_amount", rate=Decimal("1"))
    orders = {}
    for ref, customer, sku in (("EAST-1", east_customer, "LJ"), ("WEST-1", west_customer, "BOX")):
        with uow(tenant) as session:
            orders[ref] = create_order(
                session=session,
                tenant=session.get(Tenant, tenant.id),
                customer_id=customer.id,
                external_ref=ref,
                lines=[LineInput(sku=sku, quantity=1)],
            ).id
    return SimpleNamespace(
        tenant=tenant,
        products=products,
        east=east,
        west=west,
        east_customer=east_customer.id,
        west_customer=west_customer.id,
        east_order=orders["EAST-1"],
        west_order=orders["WEST-1"],
    )
