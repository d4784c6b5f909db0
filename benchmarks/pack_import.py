"""Pack import speed: 100,000 retail order lines through ``guanxi import records retail-orders``.

The file is what a shop's till exports: about three lines per order, 10,000 existing members
named by external id, 200 products, a year of dates, one point per yuan.  The import runs as the
CLI runs it (``guanxi import records ... --tenant``, in this process), then the same run's
baseline writes the very rows the import stored (timeline entries, orders, lines, loyalty
entries and balances), as the database holds them, into the same tables for another tenant with
the driver's bare ``executemany`` per table and per import batch of lines, a transaction each,
as the import commits.  Goal: >= 10,000 lines/s on SQLite and at most 3x the baseline.

``GUANXI_DATABASE_URL`` picks the database (a scratch SQLite file when unset; a PostgreSQL
database is upgraded first and keeps the benchmark's tenants).
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks._support import QUICK, scratch_sqlite

MEMBERS, PRODUCTS = 10_000, 200
HEADER = ["订单号", "客户编号", "下单时间", "门店", "货号", "数量", "单价"]
STORES = ["西湖店", "南京路店", "天河店", "", ""]
RAW_TABLES = (
    "interactions",
    "retail_orders",
    "retail_order_lines",
    "retail_loyalty_ledger",
    "retail_loyalty_accounts",
)


def write_file(path: Path, lines: int, prefix: str) -> Path:
    rng = random.Random(20261207)
    start = datetime(2026, 1, 1, 9, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        written, order = 0, 0
        while written < lines:
            order += 1
            member = f"M{rng.randrange(1, MEMBERS + 1):06d}"
            when = (start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))).strftime("%Y-%m-%d %H:%M")
            store = rng.choice(STORES)
            for _ in range(min(rng.choice((1, 2, 3, 3, 4, 5)), lines - written)):
                sku = f"SKU-{rng.randrange(1, PRODUCTS + 1):04d}"
                price = "" if rng.random() < 0.7 else f"{rng.randrange(10, 500)}.00"
                writer.writerow([f"{prefix}-{order:07d}", member, when, store, sku, rng.randint(1, 3), price])
                written += 1
    return path


def _shop(engine: Any, slug: str) -> Any:
    """A retail tenant with its members, catalog and a one-point-per-yuan rule."""
    from guanxi_retail.catalog.service import ProductInput, upsert_products
    from guanxi_retail.loyalty.config import add_rule
    from sqlalchemy import insert
    from sqlmodel import Session

    from core.importing.writer import new_customer_row
    from core.models import Customer
    from core.packs.state import enable_pack
    from core.tenancy import unit_of_work
    from core.tenants.service import create_tenant
    from core.text import name_key
    from core.types import utcnow

    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=slug, name=slug)
        session.commit()
    now = utcnow()
    members = [
        new_customer_row(
            tenant_id=tenant.id,
            now=now,
            external_id=f"M{i:06d}",
            name=f"会员{i}",
            name_key=name_key(f"会员{i}"),
        )
        for i in range(1, MEMBERS + 1)
    ]
    from core.packs.loader import get_registry

    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
        session.connection().execute(insert(Customer.__table__), members)  # type: ignore[attr-defined]
        enable_pack(session=session, tenant=tenant, pack="retail")
        upsert_products(
            session=session,
            tenant=tenant,
            products=[
                ProductInput(
                    sku=f"SKU-{i:04d}", name=f"商品{i}", price=Decimal(10 + i), cost=None, currency=None
                )
                for i in range(1, PRODUCTS + 1)
            ],
        )
        add_rule(session=session, tenant=tenant, kind="per_amount", rate=Decimal("1"))
    return tenant


def _stored(engine: Any, tenant_id: int) -> dict[str, list[dict[str, Any]]]:
    """What the import wrote, table by table, in id order, as the driver stores it (dates as the
    text SQLite keeps, JSON as its text): the baseline writes back exactly those values."""
    stored: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        for table in RAW_TABLES:
            result = connection.exec_driver_sql(
                f"SELECT * FROM {table} WHERE tenant_id = {mark} ORDER BY id", (tenant_id,)
            )
            names = list(result.keys())
            rows = [dict(zip(names, row, strict=True)) for row in result]
            for row in rows:  # psycopg hands JSON back as a dict; it takes it as text
                row.update({k: json.dumps(v) for k, v in row.items() if isinstance(v, dict)})
            stored[table] = rows
    return stored


def _twins(engine: Any, table: str, key: str, source_id: int, target_id: int) -> dict[int, int]:
    """Source tenant id → target tenant id of the rows with the same natural key."""
    from sqlalchemy import text

    query = text(f"SELECT {key}, id FROM {table} WHERE tenant_id = :t")
    with engine.connect() as connection:
        source = dict(connection.execute(query, {"t": source_id}).all())
        target = dict(connection.execute(query, {"t": target_id}).all())
    return {source_id_: target[k] for k, source_id_ in source.items()}


def raw_insert_seconds(engine: Any, source_id: int, target_id: int, batch_lines: int) -> float:
    """Baseline: the import's rows again, as stored, through the driver's ``executemany`` per
    table per batch of ``batch_lines`` order lines, a transaction each, as the import commits."""
    from sqlalchemy import text

    stored = _stored(engine, source_id)
    with engine.connect() as connection:
        offset = {
            n: connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {n}")).scalar() or 0
            for n in RAW_TABLES
        }
    links = {
        "retail_orders": {"source_interaction_id": "interactions"},
        "retail_order_lines": {"order_id": "retail_orders"},
        "retail_loyalty_ledger": {"order_id": "retail_orders"},
    }
    same = {
        "customer_id": _twins(engine, "customers", "external_id", source_id, target_id),
        "product_id": _twins(engine, "retail_products", "sku", source_id, target_id),
    }
    for name, rows in stored.items():
        for row in rows:
            row["tenant_id"] = target_id
            for column, ids in same.items():
                if column in row:
                    row[column] = ids[row[column]]
            row["id"] += offset[name]
            for column, parent in links.get(name, {}).items():
                if row[column] is not None:
                    row[column] += offset[parent]
    batches: list[list[tuple[str, list[dict[str, Any]]]]] = []
    by_order: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name in ("retail_order_lines", "retail_loyalty_ledger"):
        for row in stored[name]:
            by_order.setdefault(name, {}).setdefault(row["order_id"], []).append(row)
    interactions = {r["id"]: r for r in stored["interactions"]}
    current: list[dict[str, Any]] = []
    count = 0
    for order in [*stored["retail_orders"], None]:
        if order is not None:
            current.append(order)
            count += len(by_order["retail_order_lines"].get(order["id"], []))
        if current and (order is None or count >= batch_lines):
            batches.append(
                [
                    ("interactions", [interactions[o["source_interaction_id"]] for o in current]),
                    ("retail_orders", current),
                    *[
                        (name, [r for o in current for r in by_order.get(name, {}).get(o["id"], [])])
                        for name in ("retail_order_lines", "retail_loyalty_ledger")
                    ],
                ]
            )
            current, count = [], 0
    statements = {name: _insert_sql(engine, name, stored[name]) for name in RAW_TABLES if stored[name]}
    prepared = [[(name, [tuple(r.values()) for r in rows]) for name, rows in batch] for batch in batches]
    accounts = [tuple(r.values()) for r in stored["retail_loyalty_accounts"]]
    started = time.perf_counter()
    for batch in prepared:
        with engine.begin() as connection:
            for name, params in batch:
                if params:
                    connection.exec_driver_sql(statements[name], params)
    with engine.begin() as connection:
        connection.exec_driver_sql(statements["retail_loyalty_accounts"], accounts)
    seconds = time.perf_counter() - started
    sync_sequences(engine, list(RAW_TABLES))
    return seconds


def _insert_sql(engine: Any, table: str, rows: list[dict[str, Any]]) -> str:
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    names = list(rows[0])
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"


def sync_sequences(engine: Any, tables: list[str]) -> None:
    """PostgreSQL: move each id sequence past the ids the baseline gave explicitly, so the next
    import into the same database does not collide with them (SQLite needs nothing)."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in tables:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )


def main() -> int:
    url = os.environ.get("GUANXI_DATABASE_URL") or scratch_sqlite("pack-import")
    if url.startswith("postgresql"):
        from core.migrate import upgrade
        from core.packs.loader import get_registry

        upgrade(url, get_registry())
    os.environ["GUANXI_DATABASE_URL"] = url
    from core.settings import get_settings

    get_settings.cache_clear()  # loading the packs above read the settings before the URL was set
    from guanxi_retail.orders.importing import import_type
    from sqlmodel import Session, select

    from core.cli.main import main as guanxi
    from core.db import get_engine
    from core.importing.models import ImportJob

    lines = 10_000 if QUICK else 100_000
    engine = get_engine(url)
    sync_sequences(engine, list(RAW_TABLES))
    run = uuid.uuid4().hex[:6]
    shop, baseline = _shop(engine, f"bench-orders-{run}"), _shop(engine, f"bench-raw-{run}")
    path = write_file(Path(tempfile.mkdtemp()) / "orders.csv", lines, run)
    load = os.getloadavg()

    started, cpu_started = time.perf_counter(), time.process_time()
    guanxi(["import", "records", "retail-orders", str(path), "--tenant", shop.slug])
    import_seconds, import_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with Session(engine) as session:
        job = session.exec(select(ImportJob).where(ImportJob.tenant_id == shop.id)).one()
    raw_seconds = raw_insert_seconds(engine, shop.id, baseline.id, import_type().batch_size)

    print(f"database                   {engine.dialect.name}")
    print(f"order lines in file        {lines:>10,}  (accepted {job.accepted:,}, rejected {job.rejected:,})")
    print(f"import (CLI path)          {import_seconds:>10.2f} s  {lines / import_seconds:>9,.0f} lines/s")
    print(f"  CPU in this process      {import_cpu:>10.2f} s")
    print(f"baseline raw executemany   {raw_seconds:>10.2f} s  {lines / raw_seconds:>9,.0f} lines/s")
    ratio = import_seconds / raw_seconds
    print(f"import / raw insert        {ratio:>10.1f} x")
    print(f"load average at start      {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    ok = job.rejected == 0 and lines / import_seconds >= 10_000 and ratio <= 3
    print(f"goal >= 10,000 lines/s and <= 3x raw: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
