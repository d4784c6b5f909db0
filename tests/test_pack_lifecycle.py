"""A pack's life in a deployment: its commands, demo data and explicit purge."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from core.cli.main import build_cli
from core.customers.service import create_customer
from core.db import make_engine
from core.migrate import upgrade
from core.packs.loader import get_registry
from core.packs.purge import purge_impact, purge_pack_data
from core.packs.state import enable_pack, enabled_packs
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant

RECORDER = ("recorder", "recorder")


def test_guanxi_register_cli_commands_adds_commands_that_respect_enablement(
    recorder, make_tenant, make_customer
):
    enabled, other = make_tenant(packs=["recorder"]), make_tenant()
    make_customer(enabled)
    runner = CliRunner()
    result = runner.invoke(build_cli(), ["recorder", "count", "--tenant", enabled.slug])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1"
    refused = runner.invoke(build_cli(), ["recorder", "count", "--tenant", other.slug])
    assert refused.exit_code != 0
    assert "not enabled" in str(refused.exception)


@pytest.fixture
def recorder_database(scratch_database_url, use_packs, recorder):
    registry = use_packs(RECORDER)
    upgrade(scratch_database_url, registry)
    engine = make_engine(scratch_database_url)
    yield engine, registry
    engine.dispose()


def _tenant_with_notes(engine, registry, notes: int):
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=f"p-{uuid.uuid4().hex[:8]}", name="P")
        session.commit()
    with unit_of_work(engine, tenant.id, registry=registry) as session:
        enable_pack(session=session, tenant=tenant, pack="recorder")
        customer = create_customer(session=session, tenant=tenant, data={"name": "林淑芬"})
        for i in range(notes):
            session.execute(
                text("INSERT INTO recorder_notes (tenant_id, customer_id, text) VALUES (:t, :c, :x)"),
                {"t": tenant.id, "c": customer.id, "x": str(i)},
            )
    return tenant


def test_guanxi_purge_tenant_data_deletes_only_that_tenants_pack_rows(recorder_database, recorder):
    engine, registry = recorder_database
    doomed, kept = _tenant_with_notes(engine, registry, 3), _tenant_with_notes(engine, registry, 2)
    with unit_of_work(engine, doomed.id, registry=registry) as session:
        impact = purge_impact(session=session, tenant=doomed, pack="recorder")
        assert [(t.table, t.rows) for t in impact] == [("recorder_notes", 3)]
        purge_pack_data(session=session, tenant=doomed, pack="recorder")
        assert "recorder" not in enabled_packs(session, doomed)
    with engine.connect() as connection:
        rows = dict(
            connection.execute(
                text("SELECT tenant_id, count(*) FROM recorder_notes GROUP BY tenant_id")
            ).all()
        )
        customers = connection.execute(text("SELECT count(*) FROM customers")).scalar_one()
    assert rows == {kept.id: 2}
    assert customers == 2  # core data is never purged with a pack
    assert ("purge_tenant_data", doomed.id, None) in recorder.EVENTS


def test_guanxi_seed_demo_runs_for_every_installed_pack(recorder, guanxi_engine):
    from core.demo import create_demo

    slug = f"demo-{uuid.uuid4().hex[:6]}"
    summary = create_demo(registry=get_registry(), slug=slug, customers=5)
    assert "ready with 5 customers" in summary
    seeded = [tid for name, tid, _ in recorder.EVENTS if name == "seed_demo"]
    assert len(seeded) == 1
    again = create_demo(registry=get_registry(), slug=slug, customers=5)
    assert "already exists" in again
