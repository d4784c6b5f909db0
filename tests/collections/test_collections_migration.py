"""core_0015 turns every receivable into a one-instalment plan, losing nothing and reminding no one
twice; downgrading gives the receivables back."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from core.db import make_engine
from core.migrate import alembic_config
from core.versiontables import version_table

NOW = {"now": "2026-01-01 00:00:00"}


def _move_core(url: str, registry, target: str, *, down: bool = False) -> None:
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config(registry, connection)
        config.attributes["version_table"] = version_table("core")
        (command.downgrade if down else command.upgrade)(config, target)
    engine.dispose()


def _rows(url: str, sql: str) -> list[tuple]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text(sql))]
    engine.dispose()
    return rows


def test_receivables_become_plans_and_come_back_on_downgrade(scratch_database_url, use_packs):
    registry = use_packs(installed=False)
    url = scratch_database_url
    _move_core(url, registry, "core_0014")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, edition, locale, timezone, phone_region, currency,"
                " created_at) VALUES (1, 't1', 'T', 'basic', 'en', 'UTC', 'CN', 'CNY', :now)"
            ),
            NOW,
        )
        connection.execute(
            text(
                "INSERT INTO customers (tenant_id, id, kind, name, name_key, phones, emails,"
                " birthday_lunar, lunar_birth_leap, tags, pack_data, created_at, updated_at, version)"
                " VALUES (1, 1, 'person', '王芳', 'wangfang', '[]', '[]', false, false, '[]', '{}',"
                " :now, :now, 1)"
            ),
            NOW,
        )
        connection.execute(
            text(
                "INSERT INTO receivables (tenant_id, id, customer_id, amount, currency, due_on, paid_amount,"
                " note, created_at) VALUES (1, 7, 1, 500, 'CNY', '2026-03-01', 200, '货款', :now),"
                " (1, 8, 1, 80, 'USD', '2026-04-01', 0, '', :now)"
            ),
            NOW,
        )
        connection.execute(
            text(
                "INSERT INTO reminder_deliveries (tenant_id, rule, subject, due_on, channel, text,"
                " recipients, status, attempts, created_at) VALUES"
                " (1, 'payment_due', 'receivable:7', '2026-03-01', 'inapp', '', '', 'sent', 0, :now)"
            ),
            NOW,
        )
    engine.dispose()

    _move_core(url, registry, "core_0015")
    assert _rows(url, "SELECT id, customer_id, title, currency FROM collection_plans ORDER BY id") == [
        (7, 1, "货款", "CNY"),
        (8, 1, "Receivable", "USD"),
    ]
    instalments = _rows(
        url, "SELECT id, plan_id, amount, paid_amount FROM collection_instalments ORDER BY id"
    )
    assert [(i, p, float(a), float(paid)) for i, p, a, paid in instalments] == [
        (7, 7, 500.0, 200.0),
        (8, 8, 80.0, 0.0),
    ]
    assert [
        (i, float(a)) for i, a in _rows(url, "SELECT instalment_id, amount FROM collection_payments")
    ] == [(7, 200.0)]
    assert _rows(url, "SELECT subject FROM reminder_deliveries") == [("instalment:7",)]
    engine = make_engine(url)
    with engine.begin() as connection:  # new plans take ids after the moved ones
        connection.execute(
            text(
                "INSERT INTO collection_plans (tenant_id, customer_id, title, currency, note,"
                " remind_customer, created_at) VALUES (1, 1, 'new', 'CNY', '', false, :now)"
            ),
            NOW,
        )
    engine.dispose()
    assert _rows(url, "SELECT max(id) FROM collection_plans") == [(9,)]

    _move_core(url, registry, "core_0014", down=True)
    back = _rows(url, "SELECT id, amount, paid_amount, currency FROM receivables ORDER BY id")
    assert [(i, float(a), float(p), c) for i, a, p, c in back] == [
        (7, 500.0, 200.0, "CNY"),
        (8, 80.0, 0.0, "USD"),
    ]
    assert _rows(url, "SELECT subject FROM reminder_deliveries") == [("receivable:7",)]
