"""Job tests run on a database of their own: periodic jobs fire for every tenant in it, and the
scheduler's lease is one row, so the rest of the suite's tenants and clocks stay out of the way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from core.db import make_engine
from core.jobs.lease import new_holder, release_lease
from core.jobs.registry import JobCatalog, build_catalog
from core.jobs.runner import RunDueReport, run_due
from core.migrate import upgrade
from core.records import Job
from sdk.testing import scratch_database


@pytest.fixture(scope="module")
def jobs_database_url(tmp_path_factory: pytest.TempPathFactory, guanxi_registry: Any) -> Iterator[str]:
    with scratch_database(tmp_path_factory.mktemp("jobs")) as url:
        upgrade(url, guanxi_registry)
        yield url


@pytest.fixture(scope="module")
def guanxi_engine(jobs_database_url: str) -> Iterator[Engine]:
    engine = make_engine(jobs_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tick(guanxi_engine: Engine) -> Iterator[Callable[..., RunDueReport]]:
    """``tick(catalog_or_jobs, now=...)``: one scheduler tick as one process; the lease is let go after
    the test so the next test's clock starts fresh."""
    holders: list[str] = []

    def run(jobs: JobCatalog | list[Job], *, now: Any, holder: str | None = None) -> RunDueReport:
        catalog = jobs if isinstance(jobs, JobCatalog) else build_catalog([(None, job) for job in jobs])
        holder = holder or (holders[0] if holders else new_holder("test"))
        holders.append(holder)
        return run_due(guanxi_engine, catalog, now=now, holder=holder)

    yield run
    for holder in set(holders):
        release_lease(guanxi_engine, holder=holder)
