"""Creating customers through the service with all four packs enabled vs none (goal: ratio <= 1.25).

Both tenants live in the same database and are measured in alternating rounds, so warm-up and file
growth do not favour either side.  Two modes: one unit of work per customer (like API calls, with a
commit each) and batches of 500 per unit of work (like an import), which exposes hook overhead.
"""

from __future__ import annotations

import time
import uuid

from sqlmodel import Session

from benchmarks._support import QUICK, scratch_sqlite
from core.customers.service import create_customer
from core.db import make_engine
from core.packs.loader import get_registry
from core.packs.state import enable_pack
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant

PACKS = ("retail", "pharma-sales", "equipment", "appliance-repair")
TOTAL = 2_000 if QUICK else 10_000
ROUNDS = 10


def _tenant(engine, packs):
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=f"b-{uuid.uuid4().hex[:8]}", name="Bench")
        session.commit()
    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
        for pack in packs:
            enable_pack(session=session, tenant=tenant, pack=pack)
    return tenant


def _data(i: int) -> dict:
    return {
        "name": f"客户{i}",
        "phones": [f"138{i:08d}"],
        "emails": [f"c{i}@example.cn"],
        "tags": ["VIP"] if i % 7 == 0 else [],
        "city": "上海",
    }


def _per_customer(engine, tenant, start, count):
    began = time.perf_counter()
    for i in range(start, start + count):
        with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
            create_customer(session=session, tenant=tenant, data=_data(i))
    return time.perf_counter() - began


def _batched(engine, tenant, start, count, batch=500):
    began = time.perf_counter()
    for offset in range(start, start + count, batch):
        with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
            for i in range(offset, min(offset + batch, start + count)):
                create_customer(session=session, tenant=tenant, data=_data(i))
    return time.perf_counter() - began


def main() -> None:
    registry = get_registry()
    missing = [p for p in PACKS if p not in registry.packs]
    if missing:
        raise SystemExit(f"packs not installed: {missing}")
    engine = make_engine(scratch_sqlite("create"))
    for mode, run in (("one unit of work per customer", _per_customer), ("batches of 500", _batched)):
        none, full = _tenant(engine, ()), _tenant(engine, PACKS)
        times = {"none": 0.0, "all": 0.0}
        per_round = TOTAL // ROUNDS
        for r in range(ROUNDS):
            start = r * per_round + (0 if mode.startswith("one") else 10**7)
            times["none"] += run(engine, none, start, per_round)
            times["all"] += run(engine, full, start + 5 * 10**6, per_round)
        ratio = times["all"] / times["none"]
        print(
            f"{mode}: {TOTAL} customers, no packs {times['none']:.2f} s "
            f"({TOTAL / times['none']:.0f}/s), four packs {times['all']:.2f} s "
            f"({TOTAL / times['all']:.0f}/s), ratio {ratio:.3f} (goal <= 1.25)"
        )


if __name__ == "__main__":
    main()
