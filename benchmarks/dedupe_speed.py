"""Duplicate detection speed over 100,000 customers of one tenant.

Customers come from the import benchmark's generator (mixed scripts, ~2% shared phones) and are
imported first.  Figures: certain clusters alone, certain + possible (fuzzy) duplicates, and the
same run's baseline: just reading the tenant's rows (the one query detection starts with).
Target: <= 30 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks._support import QUICK, scratch_sqlite
from core.packs.loader import get_registry


def main() -> int:
    from sqlalchemy import select
    from sqlmodel import Session

    from benchmarks.import_speed import write_file
    from core.db import make_engine
    from core.dedupe.service import find_duplicates
    from core.importing.runner import import_customers
    from core.models import Customer
    from core.packs.loader import load_packs, set_registry
    from core.tenancy import tenant_session
    from core.tenants.service import create_tenant

    set_registry(load_packs())
    count = 10_000 if QUICK else 100_000
    engine = make_engine(scratch_sqlite("dedupe-speed"))
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug="bench-dedupe", name="bench")
        session.commit()
    path = write_file(Path(tempfile.mkdtemp()) / "customers.csv", count)
    import_customers(engine=engine, registry=get_registry(), tenant=tenant, source=path)

    table = Customer.__table__
    with tenant_session(engine, tenant.id, read_only=True) as session:
        started = time.perf_counter()
        rows = (
            session.connection()
            .execute(
                select(table.c.id, table.c.name, table.c.phones, table.c.emails, table.c.birthday).where(
                    table.c.tenant_id == tenant.id
                )
            )
            .all()
        )
        read_seconds = time.perf_counter() - started
        started = time.perf_counter()
        certain = find_duplicates(session=session, tenant=tenant, fuzzy=False)
        certain_seconds = time.perf_counter() - started
        started = time.perf_counter()
        full = find_duplicates(session=session, tenant=tenant)
        full_seconds = time.perf_counter() - started
    print(f"customers                  {len(rows):>10,}")
    print(f"baseline: read rows        {read_seconds:>10.2f} s")
    print(f"certain clusters           {certain_seconds:>10.2f} s  ({len(certain.certain):,} clusters)")
    print(f"certain + possible         {full_seconds:>10.2f} s  ({len(full.possible):,} pairs)")
    ok = full_seconds <= 30
    print(f"target <= 30 s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
