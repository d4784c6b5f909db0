"""The activities migration keeps every follow-up (they become to-dos), refuses an author from
another tenant, and goes down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.db import make_engine
from core.migrate import alembic_config, upgrade
from core.versiontables import version_table

NOW = {"now": "2026-01-01 00:00:00"}


def _to(url: str, registry, revision: str, *, down: bool = False) -> None:
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config(registry, connection)
        config.attributes["version_table"] = version_table("core")
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def _seed(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        for t in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                    " created_at) VALUES (:t, :slug, 'T', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
                ),
                {"t": t, "slug": f"t{t}", **NOW},
            )
            connection.execute(
                text(
                    "INSERT INTO users (id, tenant_id, email, display_name, role, password_hash, active,"
                    " created_at) VALUES (:t, :t, :email, 'U', 'owner', '', true, :now)"
                ),
                {"t": t, "email": f"u{t}@example.cn", **NOW},
            )
        connection.execute(
            text(
                "INSERT INTO customers (tenant_id, id, kind, name, name_key, phones, emails, owner_id,"
                " birthday_lunar, lunar_birth_leap, tags, pack_data, created_at, updated_at, version)"
                " VALUES (1, 1, 'person', '王芳', 'wangfang', '[]', '[]', 1, false, false, '[]', '{}',"
                " :now, :now, 1)"
            ),
            NOW,
        )
        connection.execute(
            text(
                "INSERT INTO follow_ups (tenant_id, id, customer_id, user_id, due_on, note, created_at)"
                " VALUES (1, 1, 1, 1, '2026-01-05', '回访', :now)"
            ),
            NOW,
        )
    engine.dispose()


def test_follow_ups_become_to_dos_and_the_migration_goes_down_and_up(scratch_database_url, use_packs):
    registry = use_packs(installed=False)
    _to(scratch_database_url, registry, "core_0014")
    _seed(scratch_database_url)
    upgrade(scratch_database_url, registry)
    engine = make_engine(scratch_database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT kind, note, outcome, updated_at FROM follow_ups")).one()
    assert (row.kind, row.note, row.outcome) == ("todo", "回访", "") and row.updated_at is not None
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE follow_ups SET created_by_id = 2 WHERE id = 1"))
    engine.dispose()
    _to(scratch_database_url, registry, "core_0014", down=True)
    engine = make_engine(scratch_database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT note FROM follow_ups")).scalar_one() == "回访"
    engine.dispose()
    upgrade(scratch_database_url, registry)
