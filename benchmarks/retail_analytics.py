"""Retail analytics on 100,000 customers and 1,000,000 order lines (goals: RFM <= 2 s, BG/NBD +
Gamma-Gamma fit and CLV for every customer <= 3 s end to end, association rules <= 20 s).

Same-run baseline: ``lifetimes`` (if installed) fitting and valuing the same summary arrays.  The
data is written with SQLAlchemy Core executemany.  SQLite by default; set
``GUANXI_BENCH_DATABASE_URL`` to a PostgreSQL server URL to run there (a scratch database is
created and dropped).  ``GUANXI_BENCH_QUICK=1`` uses a tenth of the data.
"""

from __future__ import annotations

import os
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
from guanxi_retail.analytics.bgnbd import fit_bgnbd
from guanxi_retail.analytics.clv import compute_clv, fit_models, predict
from guanxi_retail.analytics.rfm import compute_rfm
from guanxi_retail.analytics.rules import compute_rules
from guanxi_retail.analytics.summary import customer_summary
from guanxi_retail.analytics.units import Horizon
from guanxi_retail.catalog.models import RetailCategory, RetailProduct
from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from benchmarks._support import QUICK, scratch_sqlite
from core.db import make_engine, normalize_url
from core.importing.writer import new_customer_row
from core.migrate import upgrade
from core.models import Customer
from core.packs.loader import get_registry
from core.packs.state import enable_pack
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant

CUSTOMERS = 10_000 if QUICK else 100_000
LINES = 100_000 if QUICK else 1_000_000
PRODUCTS, CATEGORIES = 2_000, 50
AS_OF = datetime(2026, 6, 30, tzinfo=UTC)
CHUNK = 50_000


@contextmanager
def database():
    server = os.environ.get("GUANXI_BENCH_DATABASE_URL")
    if not server:
        yield scratch_sqlite("retail-analytics")
        return
    url = make_url(normalize_url(server))
    name = f"guanxi_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name).render_as_string(hide_password=False)
        upgrade(target, get_registry())
        yield target
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _chunks(rows):
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def generate(engine, tenant_id: int) -> tuple[int, int]:
    """Customers with BG/NBD-like histories, orders of 1-5 lines drawn mostly from one category."""
    rng = np.random.default_rng(42)
    now = datetime.now(UTC)
    with Session(engine) as session:
        session.execute(
            insert(Customer.__table__),
            [
                new_customer_row(tenant_id=tenant_id, now=now, name=f"客户{i}", name_key=f"kehu{i}")
                for i in range(CUSTOMERS)
            ],
        )
        customer_ids = np.array(
            session.execute(select(Customer.id).where(Customer.tenant_id == tenant_id).order_by(Customer.id))
            .scalars()
            .all()
        )
        session.execute(
            insert(RetailCategory.__table__),
            [{"tenant_id": tenant_id, "code": f"C{i}", "name": f"类{i}"} for i in range(CATEGORIES)],
        )
        category_ids = (
            session.execute(
                select(RetailCategory.id)
                .where(RetailCategory.tenant_id == tenant_id)
                .order_by(RetailCategory.id)
            )
            .scalars()
            .all()
        )
        session.execute(
            insert(RetailProduct.__table__),
            [
                {
                    "tenant_id": tenant_id,
                    "sku": f"P{i}",
                    "name": f"商品{i}",
                    "currency": "CNY",
                    "category_id": category_ids[i % CATEGORIES],
                    "price": Decimal("10"),
                }
                for i in range(PRODUCTS)
            ],
        )
        product_ids = np.array(
            session.execute(
                select(RetailProduct.id)
                .where(RetailProduct.tenant_id == tenant_id)
                .order_by(RetailProduct.id)
            )
            .scalars()
            .all()
        )
        # orders: per-customer rates from a gamma mixture, first purchase within two years
        lines_per_order = 3.0
        n_orders = int(LINES / lines_per_order)
        rate = rng.gamma(0.8, 1.0, CUSTOMERS)
        owner = rng.choice(CUSTOMERS, size=n_orders - CUSTOMERS, p=rate / rate.sum())
        owners = np.concatenate([np.arange(CUSTOMERS), owner])
        first = rng.uniform(0, 730, CUSTOMERS)
        days_ago = np.where(owners < CUSTOMERS, first[owners] * rng.uniform(0, 1, owners.size), 0)
        days_ago[:CUSTOMERS] = first
        stamps = [AS_OF - timedelta(days=float(d)) for d in days_ago]
        totals = np.round(rng.gamma(2.0, 60.0, owners.size) + 5, 2)
        for part in _chunks(list(range(owners.size))):
            session.execute(
                insert(RetailOrder.__table__),
                [
                    {
                        "tenant_id": tenant_id,
                        "customer_id": int(customer_ids[owners[i]]),
                        "ordered_at": stamps[i],
                        "total": float(totals[i]),
                        "currency": "CNY",
                        "created_at": now,
                    }
                    for i in part
                ],
            )
        order_ids = np.array(
            session.execute(
                select(RetailOrder.id).where(RetailOrder.tenant_id == tenant_id).order_by(RetailOrder.id)
            )
            .scalars()
            .all()
        )
        count = rng.integers(1, 6, order_ids.size)
        line_order = np.repeat(order_ids, count)[:LINES]
        theme = np.repeat(rng.integers(0, CATEGORIES, order_ids.size), count)[:LINES]
        within = np.minimum(rng.zipf(1.6, line_order.size) - 1, PRODUCTS // CATEGORIES - 1)
        product = product_ids[(theme + within * CATEGORIES) % PRODUCTS]
        amount = np.round(rng.gamma(2.0, 20.0, line_order.size) + 1, 2)
        cost = np.where(rng.random(line_order.size) < 0.7, np.round(amount * 0.6, 2), np.nan)
        rows = [
            {
                "tenant_id": tenant_id,
                "order_id": int(o),
                "product_id": int(p),
                "quantity": 1,
                "unit_price": float(a),
                "amount": float(a),
                "cost": None if np.isnan(c) else float(c),
            }
            for o, p, a, c in zip(line_order, product, amount, cost, strict=True)
        ]
        for part in _chunks(rows):
            session.execute(insert(RetailOrderLine.__table__), part)
        session.commit()
    return int(order_ids.size), int(line_order.size)


def timed(label: str, action, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - began)
    print(f"{label:<52} {best:7.2f} s (best of {repeat})", flush=True)
    return result, best


def lifetimes_baseline(summary, horizon_months: int) -> None:
    try:
        import pandas as pd
        from lifetimes import BetaGeoFitter, GammaGammaFitter
    except ImportError:
        print("lifetimes not installed: no same-run baseline")
        return

    def run() -> None:
        bg = BetaGeoFitter().fit(summary.frequency, summary.recency, summary.age)
        repeat = (summary.frequency > 0) & (summary.monetary > 0)
        gg = GammaGammaFitter().fit(summary.frequency[repeat], summary.monetary[repeat])
        gg.customer_lifetime_value(
            bg,
            pd.Series(summary.frequency),
            pd.Series(summary.recency),
            pd.Series(summary.age),
            pd.Series(summary.monetary),
            time=horizon_months,
            discount_rate=0.01,
            freq="W",
        )

    timed("lifetimes: BG/NBD + Gamma-Gamma fit + CLV (arrays given)", run, repeat=1)


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with database() as url:
        engine = make_engine(url)
        print(f"database: {engine.dialect.name}")
        with Session(engine, expire_on_commit=False) as session:
            tenant = create_tenant(session=session, slug=f"bench-{uuid.uuid4().hex[:6]}", name="Bench")
            session.commit()
        with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
            enable_pack(session=session, tenant=tenant, pack="retail")
        began = time.perf_counter()
        orders, lines = generate(engine, tenant.id)
        print(
            f"generated {CUSTOMERS:,} customers, {orders:,} orders, {lines:,} lines "
            f"in {time.perf_counter() - began:.1f} s"
        )
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        horizon = Horizon(12, "month")

        def in_unit(work):
            def run():
                with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
                    return work(session)

            return run

        timed(
            "RFM for the tenant (SQL scoring + store)",
            in_unit(lambda s: compute_rfm(session=s, tenant=tenant, as_of=AS_OF)),
        )
        summary, _ = timed(
            "  CLV step: summary query -> arrays",
            in_unit(lambda s: customer_summary(session=s, tenant=tenant, as_of=AS_OF, time_unit="week")),
        )
        (bg, gg), _ = timed("  CLV step: BG/NBD + Gamma-Gamma fit", lambda: fit_models(summary))
        timed(
            "  CLV step: CLV for every customer (12 months)",
            lambda: predict(bg=bg, gg=gg, summary=summary, horizon=horizon, discount_rate=0.01),
        )
        timed(
            "  BG/NBD fit alone",
            lambda: fit_bgnbd(
                frequency=summary.frequency, recency=summary.recency, T=summary.age, time_unit="week"
            ),
        )
        timed(
            "CLV end to end (query, fits, CLV, store)",
            in_unit(
                lambda s: compute_clv(
                    session=s,
                    tenant=tenant,
                    as_of=AS_OF,
                    time_unit="week",
                    horizon=horizon,
                    discount_rate=0.01,
                )
            ),
        )
        print(
            f"  fit: r={bg.r:.3f} alpha={bg.alpha:.3f} a={bg.a:.3f} b={bg.b:.3f} "
            f"converged={bg.converged}; p={gg.p:.3f} q={gg.q:.3f} v={gg.v:.3f}"
        )
        lifetimes_baseline(summary, 12)
        rules, _ = timed(
            "association rules, products (min support 0.0005)",
            in_unit(
                lambda s: compute_rules(
                    session=s, tenant=tenant, as_of=AS_OF, min_support=0.0005, min_confidence=0.05
                )
            ),
            repeat=1,
        )
        print(f"  {rules.results['n_rules']:,} rules from {rules.results['n_baskets']:,} baskets")
        timed(
            "association rules, categories",
            in_unit(
                lambda s: compute_rules(
                    session=s,
                    tenant=tenant,
                    as_of=AS_OF,
                    level="category",
                    min_support=0.001,
                    min_confidence=0.05,
                )
            ),
            repeat=1,
        )
        engine.dispose()
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
