"""A run whose process died is retried after its own job's stale threshold, not a global one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from core.jobs.models import JobRun
from core.records import Job

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _left_running(engine, job: Job, tenant_id: int, started: datetime, attempts: int = 1) -> int:
    """A run some process claimed at ``started`` and never finished."""
    with Session(engine) as session:
        run = JobRun(
            tenant_id=tenant_id,
            name=job.name,
            key=uuid.uuid4().hex,
            status="running",
            attempts=attempts,
            max_attempts=job.max_attempts,
            run_after=started,
            started_at=started,
        )
        session.add(run)
        session.commit()
        assert run.id is not None
        return run.id


def _status(engine, run_id: int) -> tuple[str, int]:
    with Session(engine) as session:
        run = session.exec(select(JobRun).where(JobRun.id == run_id)).one()
        return run.status, run.attempts


def test_each_job_declares_how_long_a_run_may_hold_on(guanxi_engine, tenant, tick):
    calls: list[str] = []
    quick = Job(
        f"test.quick.{uuid.uuid4().hex[:6]}", lambda ctx: calls.append("quick"), stale_after_seconds=300
    )
    slow = Job(
        f"test.slow.{uuid.uuid4().hex[:6]}", lambda ctx: calls.append("slow"), stale_after_seconds=4 * 3600
    )
    started = NOW - timedelta(hours=2)
    quick_run = _left_running(guanxi_engine, quick, tenant.id, started)
    slow_run = _left_running(guanxi_engine, slow, tenant.id, started)

    tick([quick, slow], now=NOW)

    assert _status(guanxi_engine, quick_run) == ("succeeded", 2)
    assert _status(guanxi_engine, slow_run) == ("running", 1)
    assert calls == ["quick"]


def test_the_default_threshold_is_an_hour(guanxi_engine, tenant, tick):
    job = Job(f"test.default.{uuid.uuid4().hex[:6]}", lambda ctx: None)
    assert job.stale_after_seconds == 3600
    recent = _left_running(guanxi_engine, job, tenant.id, NOW - timedelta(minutes=59))
    old = _left_running(guanxi_engine, job, tenant.id, NOW - timedelta(minutes=61), attempts=job.max_attempts)

    tick([job], now=NOW)

    assert _status(guanxi_engine, recent) == ("running", 1)
    assert _status(guanxi_engine, old)[0] == "failed"
