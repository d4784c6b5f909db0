"""Big imports: batches commit on their own, and an interrupted import resumes where it stopped."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.importing.jobs import ImportStopped
from core.importing.models import ImportJob
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session


class Interrupted(Exception):
    pass


def _rows(n: int) -> list[list[str]]:
    return [["编号", "姓名", "手机"], *([f"R{i:05d}", f"客户{i}", f"138{i:08d}"] for i in range(1, n + 1))]


def _count(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalar(select(func.count()).select_from(Customer))


def test_an_interrupted_import_resumes_after_the_last_committed_batch(guanxi_engine, tenant, write_csv):
    path = write_csv(_rows(250))

    def stop_after_first_batches(done: int, _total: int | None) -> None:
        if done > 100:
            raise Interrupted

    with pytest.raises(ImportStopped) as stopped:
        import_customers(
            engine=guanxi_engine,
            registry=get_registry(),
            tenant=tenant,
            source=path,
            batch_size=50,
            progress=stop_after_first_batches,
        )
    assert isinstance(stopped.value.__cause__, Interrupted)
    assert _count(guanxi_engine, tenant) == 100  # two batches of 50 were committed
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=50
    )
    assert report.resumed_after_line == 101
    assert (report.created, report.accepted) == (150, 150)
    assert _count(guanxi_engine, tenant) == 250
    with tenant_session(guanxi_engine, tenant.id) as session:
        job = session.scalars(select(ImportJob)).one()
    assert (job.status, job.last_line, job.created, job.accepted) == ("done", 251, 250, 250)


def test_a_finished_file_imported_again_is_checked_again_and_creates_nothing(
    guanxi_engine, tenant, write_csv
):
    path = write_csv(_rows(30))
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=7)
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=7
    )
    assert again.resumed_after_line is None
    assert (again.created, again.unchanged) == (0, 30)
    assert _count(guanxi_engine, tenant) == 30


def test_a_failing_batch_leaves_no_part_of_itself_behind(guanxi_engine, tenant, write_csv, monkeypatch):
    from core.importing import runner

    path = write_csv(_rows(20))
    calls = {"n": 0}
    original = runner.jobs.record_progress

    def fail_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Interrupted
        return original(*args, **kwargs)

    monkeypatch.setattr(runner.jobs, "record_progress", fail_second_batch)
    with pytest.raises(ImportStopped) as stopped:
        import_customers(
            engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
        )
    assert isinstance(stopped.value.__cause__, Interrupted)
    assert _count(guanxi_engine, tenant) == 10
