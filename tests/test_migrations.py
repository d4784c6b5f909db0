"""Migrations lose nothing: per-pack branches, uninstalled packs, SQLite rebuilds, failed upgrades."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from core.db import make_engine
from core.migrate import MigrationFailed, current_revisions, downgrade_branch, upgrade

RECORDER = ("recorder", "recorder")


def _tables(url):
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _seed(url):
    """A tenant, a customer and a recorder note that references it."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                " created_at) VALUES (1, 'acme', 'Acme', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO customers (tenant_id, id, kind, name, name_key, phones, emails,"
                " birthday_lunar, lunar_birth_leap, tags, pack_data, created_at, updated_at, version)"
                " VALUES (1, 1, 'person', '王芳', 'wangfang', '[]', '[]', false, false, '[]', '{}',"
                " :now, :now, 1)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        connection.execute(
            text("INSERT INTO recorder_notes (tenant_id, id, customer_id, text) VALUES (1, 1, 1, '记住')")
        )
    engine.dispose()


def _snapshot(url):
    engine = make_engine(url)
    with engine.connect() as connection:
        customers = connection.execute(text("SELECT id, name FROM customers ORDER BY id")).all()
        notes = connection.execute(text("SELECT id, customer_id, text FROM recorder_notes")).all()
    engine.dispose()
    return customers, notes


def test_every_branch_upgrades_from_empty(scratch_database_url, use_packs):
    registry = use_packs(RECORDER)
    report = upgrade(scratch_database_url, registry)
    assert "core_0001" in {r for r in report.after} or report.after
    assert {"customers", "interactions", "tenants", "recorder_notes"} <= _tables(scratch_database_url)
    for pack in registry.packs.values():
        if pack.migrations:
            for model in pack.models:
                assert model.__tablename__ in _tables(scratch_database_url), pack.name
    assert upgrade(scratch_database_url, registry).after == report.after  # idempotent


def test_downgrading_a_pack_branch_leaves_core_intact(scratch_database_url, use_packs):
    registry = use_packs(RECORDER)
    upgrade(scratch_database_url, registry)
    _seed(scratch_database_url)
    downgrade_branch(scratch_database_url, "recorder", registry)
    tables = _tables(scratch_database_url)
    assert "recorder_notes" not in tables and "customers" in tables
    engine = make_engine(scratch_database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM customers")).scalar_one() == "王芳"
    engine.dispose()


def test_uninstalled_pack_keeps_its_rows_and_does_not_block_upgrade(scratch_database_url, use_packs):
    with_pack = use_packs(RECORDER)
    upgrade(scratch_database_url, with_pack)
    _seed(scratch_database_url)
    before = _snapshot(scratch_database_url)

    without_pack = use_packs()  # the recorder distribution is gone
    report = upgrade(scratch_database_url, without_pack)
    assert report.missing_revisions == ["recorder_0001"]
    assert "recorder_0001" in current_revisions(scratch_database_url)
    assert "recorder_notes" in _tables(scratch_database_url)

    reinstalled = use_packs(RECORDER)
    assert upgrade(scratch_database_url, reinstalled).missing_revisions == []
    assert _snapshot(scratch_database_url) == before


def test_pack_rows_survive_a_core_migration_that_rebuilds_customers(scratch_database_url, use_packs):
    upgrade(scratch_database_url, use_packs(RECORDER))
    _seed(scratch_database_url)
    before = _snapshot(scratch_database_url)
    upgrade(scratch_database_url, use_packs(RECORDER, ("rebuild", "rebuild_pack")))
    assert _snapshot(scratch_database_url) == before
    engine = make_engine(scratch_database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("customers")}
    engine.dispose()
    assert "nickname" in columns


def test_migration_failing_midway_changes_nothing(scratch_database_url, use_packs):
    upgrade(scratch_database_url, use_packs(RECORDER))
    _seed(scratch_database_url)
    tables, revisions = _tables(scratch_database_url), current_revisions(scratch_database_url)
    before = _snapshot(scratch_database_url)
    with pytest.raises(MigrationFailed, match="rolled back"):
        upgrade(scratch_database_url, use_packs(RECORDER, ("failing", "failing_pack")))
    assert _tables(scratch_database_url) == tables
    assert current_revisions(scratch_database_url) == revisions
    assert _snapshot(scratch_database_url) == before
