"""A fixture to run a pack's jobs the way ``guanxi serve`` would, at a moment the test chooses.

    def test_points_expire_on_schedule(make_tenant, run_due_jobs):
        tenant = make_tenant(packs=["retail"])
        ...
        new_year = datetime(2026, 1, 1, 0, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
        run_due_jobs(now=new_year, jobs=["retail.loyalty_daily"])

No timer and no sleep: each call is one scheduler tick with the given clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import pytest

__all__ = ["run_due_jobs"]


@pytest.fixture
def run_due_jobs(guanxi_engine: Any, guanxi_registry: Any) -> Iterator[Callable[..., Any]]:
    """``run_due_jobs(now=..., jobs=None)``: one tick of the scheduler over core's and the loaded
    packs' jobs (or only those named), returning its report; the lease is let go afterwards."""
    from core.jobs.lease import new_holder, release_lease
    from core.jobs.registry import JobCatalog, job_catalog
    from core.jobs.runner import run_due

    holder = new_holder("test")

    def run(*, now: datetime, jobs: Iterable[str] | None = None) -> Any:
        catalog = job_catalog(guanxi_registry)
        if jobs is not None:
            names = set(jobs)
            catalog = JobCatalog(
                {n: j for n, j in catalog.jobs.items() if n in names},
                {n: o for n, o in catalog.owners.items() if n in names},
                guanxi_registry,
            )
        return run_due(guanxi_engine, catalog, now=now, holder=holder)

    yield run
    release_lease(guanxi_engine, holder=holder)
