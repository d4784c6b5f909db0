"""Turning references into tenant-led keys keeps every row, and refuses to hide rows that already
cross tenants: the administrator is told where they are and nothing changes."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from core.db import make_engine
from core.migrate import MigrationFailed, alembic_config, current_revisions, downgrade_branch, upgrade
from core.versiontables import version_table

TENANT_KEYS = "core_0010"
NOW = {"now": "2026-01-01 00:00:00"}


def _upgrade_core_to_before_tenant_keys(url: str, registry) -> None:
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config(registry, connection)
        config.attributes["version_table"] = version_table("core")
        command.upgrade(config, f"{TENANT_KEYS}-1")
    engine.dispose()


def _applied(url: str, registry) -> set[str]:
    """Every revision at or below the database's heads (later core revisions may follow this one)."""
    script = ScriptDirectory.from_config(alembic_config(registry))
    return {rev.revision for head in current_revisions(url) for rev in script.iterate_revisions(head, "base")}


def _seed(url: str, *, interaction_customer: int = 1) -> None:
    """Two tenants, a user and a customer each, and an interaction of tenant 1."""
    engine = make_engine(url)
    with engine.begin() as connection:
        for tenant in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                    " created_at) VALUES (:t, :slug, 'T', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
                ),
                {"t": tenant, "slug": f"t{tenant}", **NOW},
            )
            connection.execute(
                text(
                    "INSERT INTO users (id, tenant_id, email, display_name, role, password_hash, active,"
                    " created_at) VALUES (:t, :t, :email, 'U', 'owner', '', true, :now)"
                ),
                {"t": tenant, "email": f"u{tenant}@example.cn", **NOW},
            )
            connection.execute(
                text(
                    "INSERT INTO customers (tenant_id, id, kind, name, name_key, phones, emails, owner_id,"
                    " birthday_lunar, lunar_birth_leap, tags, pack_data, created_at, updated_at, version)"
                    " VALUES (:t, :t, 'person', '王芳', 'wangfang', '[]', '[]', :t, false, false, '[]', '{}',"
                    " :now, :now, 1)"
                ),
                {"t": tenant, **NOW},
            )
        connection.execute(
            text(
                "INSERT INTO interactions (tenant_id, id, customer_id, user_id, kind, occurred_at, summary,"
                " payload, source, created_at)"
                " VALUES (1, 1, :customer, 1, 'call', :now, '来电', '{}', 'core', :now)"
            ),
            {"customer": interaction_customer, **NOW},
        )
    engine.dispose()


def _snapshot(url: str):
    engine = make_engine(url)
    with engine.connect() as connection:
        result = tuple(
            connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
            for table in ("customers", "users", "interactions")
        )
    engine.dispose()
    return result


def test_tenant_keys_migration_keeps_every_row_and_then_guards_them(scratch_database_url, use_packs):
    registry = use_packs(installed=False)
    _upgrade_core_to_before_tenant_keys(scratch_database_url, registry)
    _seed(scratch_database_url)
    before = _snapshot(scratch_database_url)
    upgrade(scratch_database_url, registry)
    assert TENANT_KEYS in _applied(scratch_database_url, registry)
    assert _snapshot(scratch_database_url) == before
    engine = make_engine(scratch_database_url)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE interactions SET customer_id = 2 WHERE id = 1"))
    engine.dispose()


def test_rows_that_already_cross_tenants_stop_the_upgrade_and_are_named(scratch_database_url, use_packs):
    registry = use_packs(installed=False)
    _upgrade_core_to_before_tenant_keys(scratch_database_url, registry)
    _seed(scratch_database_url, interaction_customer=2)  # tenant 1's interaction on tenant 2's customer
    revisions, before = current_revisions(scratch_database_url), _snapshot(scratch_database_url)
    with pytest.raises(MigrationFailed, match=r"1 row\(s\) of interactions point at a customers row of"):
        upgrade(scratch_database_url, registry)
    assert current_revisions(scratch_database_url) == revisions
    assert _snapshot(scratch_database_url) == before


@pytest.mark.parametrize("pack", ["equipment", "retail"])
def test_a_pack_branch_with_tenant_keys_downgrades_and_leaves_core_intact(
    scratch_database_url, use_packs, pack
):
    registry = use_packs()
    upgrade(scratch_database_url, registry)
    downgrade_branch(scratch_database_url, pack, registry)
    engine = make_engine(scratch_database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    owned = {model.__tablename__ for model in registry.packs[pack].models}
    assert not owned & tables and {"customers", "interactions"} <= tables
    upgrade(scratch_database_url, registry)  # and comes back
