"""core_0013 moves what packs kept in ``tenant_packs.config`` into ``pack_settings``."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from core.db import make_engine
from core.migrate import alembic_config, upgrade
from core.versiontables import version_table


def test_config_packs_kept_in_tenant_packs_becomes_their_settings(scratch_database_url, use_packs):
    core_only = use_packs(installed=False)
    upgrade(scratch_database_url, core_only)
    engine = make_engine(scratch_database_url, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config(core_only, connection)
        config.attributes["version_table"] = version_table("core")
        command.downgrade(config, "core_0012")
        connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                " created_at) VALUES (1, 'acme', 'Acme', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
            ),
            {"now": "2026-01-01 00:00:00"},
        )
        for pack, saved in (("appliance-repair", {"warranty_months": 24}), ("retail", {})):
            connection.execute(
                text(
                    "INSERT INTO tenant_packs (tenant_id, pack, enabled, config) VALUES (1, :pack, true, :c)"
                ),
                {"pack": pack, "c": json.dumps(saved)},
            )
    upgrade(scratch_database_url, core_only)
    with engine.connect() as connection:
        rows = connection.execute(text('SELECT tenant_id, pack, "values" FROM pack_settings')).all()
    engine.dispose()
    assert [(t, p, v if isinstance(v, dict) else json.loads(v)) for t, p, v in rows] == [
        (1, "appliance-repair", {"warranty_months": 24})
    ]
