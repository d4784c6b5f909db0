"""Edition upgrades keep every record, apply pack migrations and run pack backfills."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlmodel import Session

from core.db import make_engine
from core.editions import change_edition, resolve_edition
from core.migrate import upgrade
from core.models import Customer, Interaction
from core.packs.state import disable_pack, enable_pack, enabled_packs
from core.tenants.service import create_tenant
from core.tenants.upgrade import upgrade_tenant_edition


def _bulk_history(engine, tenant, customers=1_000, interactions=10_000):
    now = datetime.now(UTC)
    with engine.begin() as connection:
        first_id = (
            connection.execute(
                insert(Customer).returning(Customer.id),
                [
                    {
                        "tenant_id": tenant.id,
                        "name": f"老客户{i}",
                        "name_key": f"laokehu{i}",
                        "external_id": f"OLD{i}",
                        "phones": [],
                        "emails": [],
                        "tags": [],
                        "pack_data": {},
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                    for i in range(customers)
                ],
            )
            .scalars()
            .all()
        )
        connection.execute(
            insert(Interaction),
            [
                {
                    "tenant_id": tenant.id,
                    "customer_id": first_id[i % customers],
                    "kind": "purchase" if i % 5 == 0 else "call",
                    "summary": f"历史{i}",
                    "amount": 100 + i % 900 if i % 5 == 0 else None,
                    "currency": "CNY",
                    "payload": {},
                    "source": "core",
                    "occurred_at": now - timedelta(days=i % 700),
                    "created_at": now,
                }
                for i in range(interactions)
            ],
        )


def _checksum(engine, tenant) -> tuple[int, int, str]:
    digest = hashlib.sha256()
    with engine.connect() as connection:
        customers = connection.execute(
            select(Customer.id, Customer.name, Customer.external_id, Customer.version, Customer.updated_at)
            .where(Customer.tenant_id == tenant.id)
            .order_by(Customer.id)
        ).all()
        interactions = connection.execute(
            select(
                Interaction.id,
                Interaction.customer_id,
                Interaction.kind,
                Interaction.amount,
                Interaction.summary,
                Interaction.occurred_at,
            )
            .where(Interaction.tenant_id == tenant.id)
            .order_by(Interaction.id)
        ).all()
    for row in [*customers, *interactions]:
        digest.update(repr(tuple(row)).encode())
    return len(customers), len(interactions), digest.hexdigest()


def _retail_orders(engine, tenant) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM retail_orders WHERE tenant_id = :t"), {"t": tenant.id}
        ).scalar_one()


def test_guanxi_register_editions_upgrade_path_loses_nothing_and_backfills(
    guanxi_engine, uow, guanxi_registry
):
    if "retail" not in guanxi_registry.packs:
        pytest.fail("the retail pack must be installed for this test")
    assert "retail" in resolve_edition("retail-industry", guanxi_registry).packs
    with Session(guanxi_engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=f"e-{uuid.uuid4().hex[:8]}", name="老店")
        session.commit()
    _bulk_history(guanxi_engine, tenant)
    before = _checksum(guanxi_engine, tenant)
    assert before[:2] == (1_000, 10_000)
    for edition in ("professional", "retail-industry"):
        with uow(tenant) as session:
            session.add(tenant)
            change_edition(session=session, tenant=tenant, edition=edition)
        assert _checksum(guanxi_engine, tenant) == before, edition
    assert _retail_orders(guanxi_engine, tenant) == 2_000  # every purchase became an order

    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="retail")
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="retail")
        assert "retail" in enabled_packs(session, tenant)
    assert _retail_orders(guanxi_engine, tenant) == 2_000  # kept, and not backfilled twice
    assert _checksum(guanxi_engine, tenant) == before


def test_downgrade_disables_packs_and_keeps_their_data(make_tenant, uow, guanxi_engine):
    tenant = make_tenant(edition="retail-industry")
    with uow(tenant) as session:
        session.add(tenant)
        change = change_edition(session=session, tenant=tenant, edition="standard")
        assert change.disabled == ["retail"]
        assert "retail" not in enabled_packs(session, tenant)


def test_edition_upgrade_applies_pending_pack_migrations_first(scratch_database_url, use_packs):
    upgrade(scratch_database_url, use_packs())  # deployed before the recorder pack was installed
    engine = make_engine(scratch_database_url)
    with Session(engine) as session:
        create_tenant(session=session, slug="shop", name="Shop")
        session.commit()
    assert "recorder_notes" not in inspect(engine).get_table_names()
    registry = use_packs(("recorder", "recorder"))  # the recorder distribution is now installed
    change = upgrade_tenant_edition(
        url=scratch_database_url, slug="shop", edition="recorder-industry", registry=registry
    )
    assert "recorder" in change.enabled
    assert "recorder_notes" in inspect(engine).get_table_names()
    engine.dispose()
