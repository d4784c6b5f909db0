"""Jobs run once per key, retry with backoff, and end up in front of admins when they keep failing."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fakepacks.fixtures import RECORDER
from sqlmodel import Session, select

from core.db import make_engine
from core.errors import GuanxiError
from core.jobs.lease import new_holder, release_lease
from core.jobs.models import JobRun
from core.jobs.queue import EmbeddedQueue
from core.jobs.registry import build_catalog, job_catalog
from core.jobs.runner import backoff, run_due
from core.records import Job

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _name() -> str:
    return f"test.{uuid.uuid4().hex[:10]}"


def _runs(engine, name: str) -> list[JobRun]:
    with Session(engine) as session:
        return list(session.exec(select(JobRun).where(JobRun.name == name).order_by(JobRun.id)))


def test_a_job_enqueued_twice_under_one_key_runs_once(guanxi_engine, tenant, tick):
    calls: list[str] = []
    job = Job(_name(), lambda ctx, **args: calls.append(args["who"]))
    queue = EmbeddedQueue(engine=guanxi_engine, catalog=build_catalog([(None, job)]))

    assert queue.enqueue(name=job.name, key="order-1", args={"who": "李娜"}, tenant_id=tenant.id)
    assert not queue.enqueue(name=job.name, key="order-1", args={"who": "李娜"}, tenant_id=tenant.id)
    tick([job], now=datetime.now(UTC))
    tick([job], now=datetime.now(UTC))

    assert calls == ["李娜"]
    [run] = _runs(guanxi_engine, job.name)
    assert (run.status, run.attempts, run.tenant_id) == ("succeeded", 1, tenant.id)


def test_a_job_runs_in_its_tenants_unit_of_work_and_a_failure_rolls_it_back(
    guanxi_engine, tenant, make_customer, tick
):
    customer = make_customer(tenant, name="王芳")

    def rename_then_fail(ctx, **_):
        from core.models import Customer

        row = ctx.session.get(Customer, customer.id)
        row.name = "改了"
        ctx.session.flush()
        raise RuntimeError("the shop's server did not answer")

    job = Job(_name(), rename_then_fail, max_attempts=1)
    EmbeddedQueue(engine=guanxi_engine, catalog=build_catalog([(None, job)])).enqueue(
        name=job.name, key="k", tenant_id=tenant.id
    )
    tick([job], now=datetime.now(UTC))

    from core.models import Customer

    with Session(guanxi_engine) as session:
        assert session.get(Customer, customer.id).name == "王芳"
    [run] = _runs(guanxi_engine, job.name)
    assert run.status == "failed" and run.error == "RuntimeError: the shop's server did not answer"


def test_backoff_doubles_after_each_failed_attempt():
    assert [backoff(base_seconds=60, attempt=n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def test_failing_job_is_retried_with_backoff_then_shown_failed_in_api_and_page(
    guanxi_engine, make_tenant, make_user, api_client, web_client, tick
):
    tenant = make_tenant(locale="en")
    admin = make_user(tenant, role="admin")
    attempts: list[datetime] = []

    def sync_orders(ctx, **_):
        attempts.append(ctx.now)
        raise ConnectionError("shop API unreachable")

    job = Job(_name(), sync_orders, max_attempts=3, backoff_seconds=60)
    EmbeddedQueue(engine=guanxi_engine, catalog=build_catalog([(None, job)])).enqueue(
        name=job.name, key="nightly", tenant_id=tenant.id
    )
    start = datetime.now(UTC)
    for seconds in (0, 30, 61, 120, 181, 500):
        tick([job], now=start + timedelta(seconds=seconds))

    assert attempts == [start, start + timedelta(seconds=61), start + timedelta(seconds=181)]
    [run] = _runs(guanxi_engine, job.name)
    assert (run.status, run.attempts) == ("failed", 3)

    answer = api_client(admin).get("/api/v1/jobs", params={"status": "failed"})
    assert answer.status_code == 200
    [shown] = [r for r in answer.json() if r["name"] == job.name]
    assert shown["error"] == "ConnectionError: shop API unreachable" and shown["attempts"] == 3

    page = web_client(admin).get("/settings/jobs")
    assert page.status_code == 200
    assert "ConnectionError: shop API unreachable" in page.text and "Failed jobs" in page.text
    # a phone hides the header row, so every cell carries its column's name
    row = page.text.split('id="job-run-', 1)[1].split("</tr>", 1)[0]
    for column in ("Job", "Status", "Attempts", "Started", "Finished"):
        assert f'data-label="{column}"' in row


def test_admin_retries_a_failed_run_and_it_runs_again(guanxi_engine, tenant, make_user, api_client, tick):
    admin = make_user(tenant, role="admin")
    outcomes = iter([RuntimeError("down"), None])

    def flaky(ctx, **_):
        error = next(outcomes)
        if error:
            raise error

    job = Job(_name(), flaky, max_attempts=1)
    EmbeddedQueue(engine=guanxi_engine, catalog=build_catalog([(None, job)])).enqueue(
        name=job.name, key="k", tenant_id=tenant.id
    )
    tick([job], now=datetime.now(UTC))
    [run] = _runs(guanxi_engine, job.name)
    client = api_client(admin)
    assert client.post(f"/api/v1/jobs/{run.id}/retry").json()["status"] == "queued"
    assert client.post(f"/api/v1/jobs/{run.id}/retry").status_code == 409
    tick([job], now=datetime.now(UTC) + timedelta(seconds=1))
    assert _runs(guanxi_engine, job.name)[0].status == "succeeded"


def test_reps_cannot_see_jobs_and_admins_see_only_their_tenants(
    guanxi_engine, make_tenant, make_user, api_client, tick
):
    mine, theirs = make_tenant(), make_tenant()
    job = Job(_name(), lambda ctx: None)
    queue = EmbeddedQueue(engine=guanxi_engine, catalog=build_catalog([(None, job)]))
    queue.enqueue(name=job.name, key="theirs", tenant_id=theirs.id)
    assert api_client(make_user(mine, role="rep")).get("/api/v1/jobs").status_code == 403
    listed = api_client(make_user(mine, role="admin")).get("/api/v1/jobs").json()
    assert all(r["name"] != job.name for r in listed)
    [run] = _runs(guanxi_engine, job.name)
    assert api_client(make_user(mine, role="admin")).post(f"/api/v1/jobs/{run.id}/retry").status_code == 404


def test_two_processes_racing_for_due_jobs_run_each_job_once(jobs_database_url, tenant):
    """Two schedulers with engines of their own, in threads, tick at the same moment."""
    calls: list[int] = []
    job = Job(_name(), lambda ctx: calls.append(ctx.tenant.id))
    catalog = build_catalog([(None, job)])
    engines = [make_engine(jobs_database_url), make_engine(jobs_database_url)]
    EmbeddedQueue(engine=engines[0], catalog=catalog).enqueue(name=job.name, key="once", tenant_id=tenant.id)
    holders = [new_holder("a"), new_holder("b")]
    now = datetime.now(UTC)
    barrier = threading.Barrier(2)
    reports: list = []

    def process(index: int) -> None:
        barrier.wait()
        reports.append(run_due(engines[index], catalog, now=now, holder=holders[index]))

    threads = [threading.Thread(target=process, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine, holder in zip(engines, holders, strict=True):
        release_lease(engine, holder=holder)
        engine.dispose()

    assert calls == [tenant.id]
    assert sorted(report.held for report in reports) == [False, True]


def test_guanxi_register_jobs_pack_job_fires_only_for_tenants_that_enabled_it(
    guanxi_engine, recorder, use_packs, make_tenant, tick
):
    registry = use_packs(RECORDER)
    catalog = job_catalog(registry)
    assert catalog.owners["recorder.hourly"] == "recorder"
    assert catalog.owners["core.reminders.daily"] is None
    with_pack, without = make_tenant(packs=["recorder"]), make_tenant()
    recorder.EVENTS.clear()
    hourly = build_catalog([("recorder", catalog.jobs["recorder.hourly"])])

    tick(hourly, now=NOW + timedelta(minutes=5))
    tick(hourly, now=NOW + timedelta(minutes=50))

    fired = [(tenant_id, at) for event, tenant_id, at in recorder.EVENTS if event == "job"]
    assert (with_pack.id, NOW) in fired and all(tenant_id != without.id for tenant_id, _ in fired)
    assert len([f for f in fired if f[0] == with_pack.id]) == 1


def test_a_job_name_declared_twice_names_both_declarers():
    job = Job("retail.expire_points", lambda ctx: None)
    with pytest.raises(GuanxiError, match="retail and pharma-sales"):
        build_catalog([("retail", job), ("pharma-sales", job)])
