"""Server time of the customers list and the customer page with 100,000 customers and 1,000,000
interactions in one SQLite tenant (goal: p95 <= 150 ms each).

Data is bulk-loaded with SQLAlchemy Core executemany; pages are requested through the whole app
(middleware, session cookie, templates) with an in-process client, signed in as an owner and as a
rep (whose record rules add conditions to every query).  A second, small tenant is the same-run
baseline: the figures show what the data volume itself costs.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from benchmarks._support import QUICK, percentile, scratch_sqlite, summary
from core.db import make_engine
from core.models import Customer, Interaction
from core.packs.loader import get_registry
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant
from core.users.service import create_user

CUSTOMERS = 10_000 if QUICK else 100_000
INTERACTIONS = 100_000 if QUICK else 1_000_000
REQUESTS = 50 if QUICK else 300
PASSWORD = "benchmark password"
BATCH = 10_000


def _tenant(engine, name):
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(
            session=session, slug=f"w-{uuid.uuid4().hex[:8]}", name=name, phone_region="TW"
        )
        session.commit()
    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
        owner = create_user(
            session=session,
            tenant=tenant,
            email=f"o-{tenant.slug}@example.com",
            password=PASSWORD,
            role="owner",
        )
        rep = create_user(
            session=session,
            tenant=tenant,
            email=f"r-{tenant.slug}@example.com",
            password=PASSWORD,
            role="rep",
            team="north",
        )
    return tenant, owner, rep


def _load(engine, tenant, owner, rep, customers, interactions) -> list[int]:
    rng = random.Random(7)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with engine.begin() as connection:
        rows = []
        for i in range(customers):
            name = f"客户{i:06d}"
            rows.append(
                {
                    "tenant_id": tenant.id,
                    "kind": "person",
                    "name": name,
                    "name_key": f"kehu{i:06d}",
                    "phone": f"+8869{i:08d}",
                    "phones": [f"+8869{i:08d}"],
                    "emails": [],
                    "tags": ["vip"] if i % 50 == 0 else [],
                    "owner_id": rep.id if i % 10 == 0 else owner.id,
                    "team": "north" if i % 20 == 0 else None,
                    "pack_data": {},
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "birthday_lunar": False,
                    "lunar_birth_leap": False,
                }
            )
            if len(rows) == BATCH:
                connection.execute(insert(Customer.__table__), rows)
                rows = []
        if rows:
            connection.execute(insert(Customer.__table__), rows)
        first = connection.exec_driver_sql(
            "SELECT min(id), max(id) FROM customers WHERE tenant_id = ?", (tenant.id,)
        ).one()
        ids = list(range(first[0], first[1] + 1))
        rows = []
        for n in range(interactions):
            rows.append(
                {
                    "tenant_id": tenant.id,
                    "customer_id": rng.choice(ids),
                    "kind": "visit",
                    "summary": f"拜访 {n}",
                    "occurred_at": now - timedelta(minutes=n),
                    "payload": {},
                    "source": "core",
                    "created_at": now,
                    "user_id": owner.id,
                }
            )
            if len(rows) == BATCH:
                connection.execute(insert(Interaction.__table__), rows)
                rows = []
        if rows:
            connection.execute(insert(Interaction.__table__), rows)
    print(
        f"loaded {customers:,} customers and {interactions:,} interactions in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return ids


def _client(app, user):
    import re

    from fastapi.testclient import TestClient

    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
    answer = client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def _measure(client, paths) -> list[float]:
    for path in paths[:10]:
        client.get(path)  # warm-up: templates compiled, catalogs loaded
    times = []
    for path in paths:
        started = time.perf_counter()
        answer = client.get(path)
        times.append(time.perf_counter() - started)
        assert answer.status_code in (200, 404), (path, answer.status_code)
    return times


def main() -> None:
    from core.api.app import create_app

    engine = make_engine(scratch_sqlite("web"))
    big, big_owner, big_rep = _tenant(engine, "Big")
    small, small_owner, _ = _tenant(engine, "Small")
    ids = _load(engine, big, big_owner, big_rep, CUSTOMERS, INTERACTIONS)
    small_ids = _load(engine, small, small_owner, small_owner, 1_000, 10_000)
    app = create_app(engine=engine)
    rng = random.Random(11)
    owner, rep, baseline = _client(app, big_owner), _client(app, big_rep), _client(app, small_owner)
    prefixes = ["客户0", "kehu01", "客户09", "+886900000123", "kehu0999"]
    cases = {
        "customers list (owner)": (owner, ["/customers"] * REQUESTS),
        "customers search (owner)": (
            owner,
            [f"/customers?q={rng.choice(prefixes)}" for _ in range(REQUESTS)],
        ),
        "customers tag filter (owner)": (owner, ["/customers?tag=vip"] * REQUESTS),
        "customers list (rep)": (rep, ["/customers"] * REQUESTS),
        "customer page (owner)": (owner, [f"/customers/{rng.choice(ids)}" for _ in range(REQUESTS)]),
        "customer page (rep)": (rep, [f"/customers/{rng.choice(ids)}" for _ in range(REQUESTS)]),
        "baseline: customers list, 1,000 customers": (baseline, ["/customers"] * REQUESTS),
        "baseline: customer page, 1,000 customers": (
            baseline,
            [f"/customers/{rng.choice(small_ids)}" for _ in range(REQUESTS)],
        ),
    }
    worst = 0.0
    for name, (client, paths) in cases.items():
        times = _measure(client, paths)
        p95 = percentile(times, 95)
        if not name.startswith("baseline"):
            worst = max(worst, p95)
        print(f"{name:45s} {summary(times)}")
    verdict = "OK" if worst <= 0.150 else "TOO SLOW"
    print(f"worst p95 {worst * 1000:.1f} ms (goal <= 150 ms): {verdict}")


if __name__ == "__main__":
    main()
