"""API throughput: ``guanxi serve`` against a bare FastAPI + SQLAlchemy app on the same database.

100,000 customers in one tenant on SQLite.  A bounded load generator (threads on loopback, a fixed
number of requests) measures ``GET /api/v1/customers/{id}`` and a name search.  The bare app runs
the same two SQL queries with no authentication, tenancy, record rules or hooks, in the same run,
so the ratio shows what Guanxi's layers cost.  Goals: reads >= 0.7 x bare, searches >= 0.6 x bare,
search p95 <= 50 ms.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from benchmarks._support import QUICK, percentile, scratch_sqlite

CUSTOMERS = 10_000 if QUICK else 100_000
REQUESTS = 600 if QUICK else 2_000
THREADS = 4
GOALS = {"read": 0.70, "search": 0.60}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def bare_app() -> Any:
    """The baseline: the same two queries, no auth, no tenancy layer, no hooks.

    Both servers run at uvicorn's log level 'warning' (no access log): logging is not what is compared.
    """
    from fastapi import FastAPI, HTTPException
    from sqlalchemy import or_, select, text

    from core.customers.conditions import prefix_match
    from core.db import make_engine
    from core.models import Customer
    from core.text import script_variants

    # reads begin DEFERRED, as Guanxi's read-only units of work do
    engine = make_engine(os.environ["GUANXI_DATABASE_URL"]).execution_options(sqlite_begin="DEFERRED")
    tenant = int(os.environ["BENCH_TENANT_ID"])
    app = FastAPI()

    @app.get("/customers/{customer_id}")
    def read(customer_id: int) -> dict[str, Any]:
        with engine.connect() as conn:
            row = (
                conn.execute(
                    text("SELECT * FROM customers WHERE tenant_id = :t AND id = :id"),
                    {"t": tenant, "id": customer_id},
                )
                .mappings()
                .first()
            )
        if row is None:
            raise HTTPException(404)
        return dict(row)

    @app.get("/customers")
    def search(q: str) -> dict[str, Any]:
        """The same name-prefix conditions Guanxi's search builds, as one Core statement."""
        names = [prefix_match(Customer.name, v, "sqlite") for v in script_variants(q)]
        statement = (
            select(Customer.__table__)
            .where(Customer.tenant_id == tenant, Customer.deleted_at.is_(None), or_(*names))
            .order_by(Customer.id)
            .limit(51)
        )
        with engine.connect() as conn:
            rows = conn.execute(statement).mappings().all()
        return {"items": [dict(r) for r in rows[:50]]}

    return app


def seed(url: str) -> tuple[int, str, list[int]]:
    """A tenant with CUSTOMERS customers and an owner; returns tenant id, token, customer ids."""
    from sqlalchemy import insert, select
    from sqlmodel import Session

    from core.auth.tokens import issue_access_token
    from core.db import make_engine
    from core.models import Customer
    from core.packs.loader import get_registry
    from core.tenancy import bind_registry
    from core.tenants.service import create_tenant
    from core.text import name_key
    from core.types import utcnow
    from core.users.service import create_user

    engine = make_engine(url)
    rng = random.Random(7)
    with bind_registry(Session(engine, expire_on_commit=False), get_registry()) as session:
        tenant = create_tenant(session=session, slug="bench", name="Bench")
        owner = create_user(
            session=session,
            tenant=tenant,
            email="owner@bench.example.com",
            password="bench password",
            role="owner",
        )
        now = utcnow()
        rows = []
        for i in range(CUSTOMERS):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            rows.append(
                {
                    "tenant_id": tenant.id,
                    "name": name,
                    "name_key": name_key(name),
                    "kind": "person",
                    "phones": [],
                    "emails": [],
                    "tags": [],
                    "pack_data": {},
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "birthday_lunar": False,
                    "lunar_birth_leap": False,
                    "owner_id": owner.id,
                    "external_id": f"b{i}",
                }
            )
        session.execute(insert(Customer), rows)
        session.commit()
        ids = list(session.execute(select(Customer.id).where(Customer.tenant_id == tenant.id)).scalars())
        token = issue_access_token(user=owner)[0]
    engine.dispose()
    return tenant.id, token, ids


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(args: list[str], env: dict[str, str], health: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [*args, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + health, timeout=1).status_code < 500:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server {args} did not start")


def load(
    base: str, headers: dict[str, str], paths: Callable[[random.Random], str], requests: int = REQUESTS
) -> tuple[float, list[float]]:
    """``requests`` requests over THREADS connections; returns (requests per second, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = requests // THREADS

    def worker(seed_: int) -> None:
        rng = random.Random(seed_)
        mine = []
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for _ in range(per_thread):
                start = time.perf_counter()
                answer = client.get(paths(rng))
                mine.append(time.perf_counter() - start)
                assert answer.status_code == 200, answer.text[:200]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies


def main() -> None:
    url = scratch_sqlite("api")
    tenant_id, token, ids = seed(url)
    env = {**os.environ, "GUANXI_DATABASE_URL": url, "BENCH_TENANT_ID": str(tenant_id)}
    queries = [s + g for s in SURNAMES for g in GIVEN[:5]]
    guanxi_paths = {
        "read": lambda rng: f"/api/v1/customers/{rng.choice(ids)}",
        "search": lambda rng: f"/api/v1/customers?q={rng.choice(queries)}",
    }
    bare_paths = {
        "read": lambda rng: f"/customers/{rng.choice(ids)}",
        "search": lambda rng: f"/customers?q={rng.choice(queries)}",
    }
    guanxi, g_base = serve(
        [sys.executable, "-m", "core.cli.main", "serve", "--log-level", "warning"], env, "/api/v1/health"
    )
    bare, b_base = serve(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.api_throughput:bare_app",
            "--factory",
            "--log-level",
            "warning",
        ],
        env,
        "/customers/1",
    )
    print(
        f"{CUSTOMERS} customers, {REQUESTS} requests per figure, {THREADS} client threads, "
        "one server worker each"
    )
    try:
        for name in ("read", "search"):
            load(g_base, {"Authorization": f"Bearer {token}"}, guanxi_paths[name], REQUESTS // 10)  # warm up
            load(b_base, {}, bare_paths[name], REQUESTS // 10)
            g_rps, g_lat = load(g_base, {"Authorization": f"Bearer {token}"}, guanxi_paths[name])
            b_rps, b_lat = load(b_base, {}, bare_paths[name])
            print(
                f"{name:>6}: guanxi {g_rps:7.0f} req/s (p50 {percentile(g_lat, 50) * 1000:.1f} ms, "
                f"p95 {percentile(g_lat, 95) * 1000:.1f} ms) | bare {b_rps:7.0f} req/s "
                f"(p50 {percentile(b_lat, 50) * 1000:.1f} ms, p95 {percentile(b_lat, 95) * 1000:.1f} ms)"
                f" | ratio {g_rps / b_rps:.2f} (goal >= {GOALS[name]:.2f})"
            )
    finally:
        for process in (guanxi, bare):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
