"""A shop customer with a record in every timeline source, at distinct times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

PACKS = ["retail", "equipment", "appliance-repair"]
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _add_opportunity(session, tenant, customer, title, at):
    from guanxi_equipment.models import EquipmentOpportunity

    row = EquipmentOpportunity(
        tenant_id=tenant.id, customer_id=customer.id, title=title, stage="lead", created_at=at, updated_at=at
    )
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def shop(make_tenant, make_customer, make_interaction, make_user, uow):
    """A customer with a note, an order, an opportunity and a repair ticket at distinct times."""
    from guanxi_appliance_repair.service import open_ticket
    from guanxi_retail.orders.service import create_order

    tenant = make_tenant(packs=PACKS)
    customer = make_customer(tenant)
    make_interaction(tenant, customer, summary="first call", occurred_at=T0)
    with uow(tenant) as session:
        create_order(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            total=Decimal("388.00"),
            store="旗舰店",
            ordered_at=T0 + timedelta(hours=1),
        )
        _add_opportunity(session, tenant, customer, "Two lathes", T0 + timedelta(hours=2))
        open_ticket(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            appliance="冰箱",
            symptom="不制冷",
            opened_at=T0 + timedelta(hours=3),
        )
    owner = make_user(tenant, role="owner", locale="en")
    return tenant, customer, owner


@pytest.fixture
def add_opportunity():
    """``add_opportunity(session, tenant, customer, title, at)``: an equipment opportunity."""
    return _add_opportunity
