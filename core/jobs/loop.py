"""The embedded scheduler of ``guanxi serve``: every worker process ticks, one at a time works.

Each serving process starts a daemon thread that calls :meth:`EmbeddedScheduler.tick` every
``GUANXI_JOBS_INTERVAL_SECONDS``; the database lease (:mod:`core.jobs.lease`) lets only one of
them run due jobs, so several uvicorn workers or several hosts are safe.  ``GUANXI_JOBS_EMBEDDED=
false`` keeps the thread off (the online edition runs jobs on its broker; the test suite ticks by
hand with a clock of its choosing).  There is no in-process timer library: a tick is a plain call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from core.jobs.lease import new_holder, release_lease
from core.jobs.registry import JobCatalog, job_catalog
from core.jobs.runner import RunDueReport, run_due
from core.settings import get_settings
from core.types import utcnow

log = logging.getLogger("guanxi.jobs")


class EmbeddedScheduler:
    """One process's side of the scheduler: its lease holder name and its ticking thread."""

    def __init__(self, *, engine: Engine, catalog: JobCatalog, interval_seconds: int, kind: str = "serve"):
        self.engine = engine
        self.catalog = catalog
        self.interval = max(interval_seconds, 1)
        self.holder = new_holder(kind)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, now: datetime | None = None) -> RunDueReport:
        """Run what is due at ``now``; the lease outlives a few missed ticks, then passes on."""
        return run_due(
            self.engine,
            self.catalog,
            now=now or utcnow(),
            holder=self.holder,
            lease_seconds=self.interval * 4,
        )

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # a database hiccup must not end the loop for the process's lifetime
                log.exception("job scheduler tick failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="guanxi-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
        release_lease(self.engine, holder=self.holder)


@asynccontextmanager
async def scheduler_lifespan(app: Any) -> AsyncIterator[None]:
    """Give every serving process a scheduler (``app.state.scheduler``), ticking unless switched off."""
    settings = get_settings()
    scheduler = EmbeddedScheduler(
        engine=app.state.engine,
        catalog=job_catalog(app.state.registry),
        interval_seconds=settings.jobs_interval_seconds,
    )
    app.state.scheduler = scheduler
    if settings.jobs_embedded:
        scheduler.start()
    try:
        yield
    finally:
        scheduler.stop()
