"""Import memory: peak resident memory while importing 1,000,000 generated customers.

The import runs in a child process so that its peak (``ru_maxrss`` of the child, read with
``resource.getrusage(RUSAGE_CHILDREN)``) is measured alone.  Same-run baseline: a child that only
starts up and imports the modules, i.e. what any ``guanxi`` command costs before it reads a row.
Target: <= 300 MB.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._support import QUICK

CHILD = """
import sys
from sqlmodel import Session
from core.db import make_engine
from core.importing.runner import import_customers
from core.packs.loader import get_registry, load_packs, set_registry
from core.tenants.service import create_tenant
set_registry(load_packs())
if sys.argv[1] != "baseline":
    engine = make_engine(sys.argv[2])
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug="bench-memory", name="bench")
        session.commit()
    report = import_customers(engine=engine, registry=get_registry(), tenant=tenant, source=sys.argv[1])
    print(report.accepted, report.rejected)
"""


def _child_peak_mb(args: list[str]) -> tuple[float, str]:
    """Peak RSS of one child run, in MB (ru_maxrss is in KiB on Linux)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True, env={**os.environ}
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after <= before:
        raise RuntimeError("this child's peak did not exceed an earlier child's; run separately")
    return after / 1024, result.stdout.strip()


def main() -> int:
    from benchmarks._support import scratch_sqlite
    from benchmarks.import_speed import write_file
    from core.packs.loader import load_packs, set_registry

    set_registry(load_packs())
    count = 100_000 if QUICK else 1_000_000
    path = write_file(Path(tempfile.mkdtemp()) / "customers.csv", count)
    url = scratch_sqlite("import-memory")
    baseline_mb, _ = _child_peak_mb(["baseline"])
    started = time.perf_counter()
    peak_mb, counts = _child_peak_mb([str(path), url])
    seconds = time.perf_counter() - started
    size_mb = path.stat().st_size / 1e6
    print(f"rows in file               {count:>10,}  ({size_mb:,.0f} MB CSV; accepted, rejected: {counts})")
    print(f"import time                {seconds:>10.1f} s  {count / seconds:>9,.0f} rows/s")
    print(f"peak RSS, import           {peak_mb:>10.0f} MB")
    print(f"peak RSS, start-up only    {baseline_mb:>10.0f} MB  (same-run baseline)")
    ok = peak_mb <= 300
    print(f"target <= 300 MB: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
