"""Mail server passwords saved in plain text before encryption are sealed by the upgrade, in place."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from core.db import make_engine
from core.migrate import alembic_config, upgrade
from core.secretbox import SMTP_PASSWORD, reveal
from core.versiontables import version_table

SEALING = "core_0017"


def _core_to(url: str, registry, target: str, *, down: bool = False) -> None:
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config(registry, connection)
        config.attributes["version_table"] = version_table("core")
        (command.downgrade if down else command.upgrade)(config, target)
    engine.dispose()


def _passwords(url: str) -> dict[int, str | None]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT tenant_id, password FROM smtp_settings ORDER BY tenant_id")
        ).all()
    engine.dispose()
    return dict(rows)


def test_upgrade_encrypts_plain_text_smtp_passwords_and_downgrade_restores_them(
    scratch_database_url, use_packs
):
    registry = use_packs()
    _core_to(scratch_database_url, registry, f"{SEALING}-1")
    engine = make_engine(scratch_database_url)
    with engine.begin() as connection:
        for tenant, password in ((1, "plain-Pw-1"), (2, None)):
            connection.execute(
                text(
                    "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                    " created_at) VALUES (:t, :slug, 'T', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
                ),
                {"t": tenant, "slug": f"t{tenant}", "now": "2026-01-01 00:00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO smtp_settings (tenant_id, host, port, username, password, starttls, use_ssl,"
                    " sender, enabled) VALUES (:t, 'smtp.example.cn', 587, 'crm', :pw, true, false,"
                    " 'crm@example.cn', true)"
                ),
                {"t": tenant, "pw": password},
            )
    engine.dispose()

    upgrade(scratch_database_url, registry)
    sealed = _passwords(scratch_database_url)
    assert sealed[2] is None
    assert sealed[1] and "plain-Pw-1" not in sealed[1]
    assert reveal(sealed[1], purpose=SMTP_PASSWORD) == "plain-Pw-1"

    _core_to(scratch_database_url, registry, f"{SEALING}-1", down=True)
    assert _passwords(scratch_database_url) == {1: "plain-Pw-1", 2: None}
