"""``sdk.importing.insert_rows`` writes through the driver: what it stores must be what the ORM
would have stored, ids must come back in row order, and a malformed batch must fail, not guess."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table
from sqlmodel import col, select

from core.importing.driver import driver_insert
from core.models import Customer, Interaction
from sdk.importing import insert_rows

SHANGHAI = timezone(timedelta(hours=8))


def _entry(customer_id: int, when: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "kind": "purchase",
        "channel": None,
        "occurred_at": when,
        "user_id": None,
        "summary": "购买",
        "amount": Decimal("388.50"),
        "currency": "CNY",
        "payload": {"store": "西湖店", "lines": [1, 2]},
        "source": "test",
        "created_at": when,
        **extra,
    }


def test_rows_read_back_as_the_orm_would_store_them(uow: Any, tenant: Any, make_customer: Any) -> None:
    customer = make_customer(tenant, name="王芳")
    local = datetime(2026, 5, 1, 10, 30, tzinfo=SHANGHAI)
    with uow(tenant) as session:
        ids = insert_rows(
            session=session,
            tenant=tenant,
            model=Interaction,
            ids=True,
            rows=[_entry(customer.id, local), _entry(customer.id, local + timedelta(days=1), amount=None)],
        )
    assert ids == sorted(ids) and len(set(ids)) == 2
    with uow(tenant) as session:
        first, second = (session.get(Interaction, i) for i in ids)
        assert first is not None and second is not None
        assert first.occurred_at == local.astimezone(UTC)
        assert first.amount == Decimal("388.50")
        assert first.payload == {"store": "西湖店", "lines": [1, 2]}
        assert first.tenant_id == tenant.id
        assert second.amount is None


def test_a_left_out_column_gets_its_scalar_default(uow: Any, tenant: Any) -> None:
    now = datetime.now(UTC)
    row = {
        "external_id": "M1",
        "kind": "person",
        "name": "李雷",
        "name_key": "李雷",
        "phones": [],
        "emails": [],
        "tags": [],
        "pack_data": {},
        "created_at": now,
        "updated_at": now,
    }
    with uow(tenant) as session:
        columns = {c.key for c in Customer.__table__.columns}  # type: ignore[attr-defined]
        insert_rows(
            session=session,
            tenant=tenant,
            model=Customer,
            rows=[{k: v for k, v in row.items() if k in columns}],
        )
    with uow(tenant) as session:
        stored = session.exec(select(Customer).where(col(Customer.external_id) == "M1")).one()
        assert stored.version == 1


def test_a_batch_must_be_of_one_tenant_and_one_shape(uow: Any, tenant: Any, make_customer: Any) -> None:
    customer = make_customer(tenant, name="张三")
    when = datetime(2026, 5, 1, tzinfo=UTC)
    with uow(tenant) as session:
        with pytest.raises(ValueError, match="tenant"):
            insert_rows(
                session=session,
                tenant=tenant,
                model=Interaction,
                rows=[_entry(customer.id, when, tenant_id=tenant.id + 1)],
            )
        shapes = [_entry(customer.id, when), {"customer_id": customer.id, "kind": "call"}]
        with pytest.raises(ValueError, match="names the columns"):
            insert_rows(session=session, tenant=tenant, model=Interaction, rows=shapes)


def test_a_computed_default_is_refused_rather_than_left_empty(uow: Any, tenant: Any) -> None:
    table = Table(
        "computed_default", MetaData(), Column("id", Integer), Column("n", Integer, default=lambda: 1)
    )
    with uow(tenant) as session, pytest.raises(ValueError, match="computed default"):
        driver_insert(session.connection(), table, [{"id": 1}])
