"""One import at a time per tenant: a second one is refused, naming the job that runs.

Two uploads of the same list at once used to both write it (every row twice for rows without an
external id).  The lock is a row in the database (the job, marked running by its owner), so it
holds across worker processes and machines, not only threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select

from core.errors import Conflict
from core.importing.models import ImportJob
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session


class Paused:
    """A progress callback that holds its import after the first committed batch."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def __call__(self, _done: int, _total: int | None) -> None:
        if not self.reached.is_set():
            self.reached.set()
            assert self.release.wait(60), "the test never released the import"


@contextmanager
def paused_import(engine: Any, tenant: Any, path: Any) -> Iterator[dict[str, Any]]:
    """Run an import in a thread, held after its first batch while the block runs."""
    paused, outcome = Paused(), {}

    def run() -> None:
        try:
            outcome["report"] = import_customers(
                engine=engine,
                registry=get_registry(),
                tenant=tenant,
                source=path,
                batch_size=10,
                progress=paused,
            )
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert paused.reached.wait(60)
        yield outcome
    finally:
        paused.release.set()
        thread.join(60)
    assert "error" not in outcome, outcome.get("error")


def _rows(prefix: str, n: int, with_ids: bool = False) -> list[list[str]]:
    return [
        ["编号", "姓名", "手机"],
        *(
            [f"{prefix}{i}" if with_ids else "", f"{prefix}客户{i}", f"13{ord(prefix) % 10}{i:08d}"]
            for i in range(1, n + 1)
        ),
    ]


def _count(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalar(select(func.count()).select_from(Customer))


def _running_job_id(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalars(select(ImportJob.id).where(ImportJob.status == "running")).one()


def test_the_same_file_imported_twice_at_once_is_refused_and_stored_once(guanxi_engine, tenant, write_csv):
    path = write_csv(_rows("S", 40))
    with paused_import(guanxi_engine, tenant, path) as first:
        job_id = _running_job_id(guanxi_engine, tenant)
        with pytest.raises(Conflict, match=rf"\b{job_id}\b"):
            import_customers(
                engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
            )
        assert _count(guanxi_engine, tenant) == 10
    assert first["report"].created == 40
    assert _count(guanxi_engine, tenant) == 40


def test_another_file_of_the_same_tenant_waits_until_the_running_import_ends(
    guanxi_engine, tenant, write_csv
):
    running, other = write_csv(_rows("A", 30), name="a.csv"), write_csv(_rows("B", 5), name="b.csv")
    with paused_import(guanxi_engine, tenant, running):
        job_id = _running_job_id(guanxi_engine, tenant)
        with pytest.raises(Conflict, match=rf"\b{job_id}\b.*a\.csv"):
            import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=other)
    assert (
        import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=other).created
        == 5
    )
    assert _count(guanxi_engine, tenant) == 35


def test_a_dry_run_and_another_tenant_are_not_held_up_by_a_running_import(
    guanxi_engine, tenant, make_tenant, write_csv
):
    path = write_csv(_rows("D", 30))
    other = make_tenant()
    with paused_import(guanxi_engine, tenant, path):
        dry = import_customers(
            engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, dry_run=True
        )
        assert dry.accepted == 30
        assert (
            import_customers(engine=guanxi_engine, registry=get_registry(), tenant=other, source=path).created
            == 30
        )
    assert _count(guanxi_engine, tenant) == 30
