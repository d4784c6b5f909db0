"""An import whose process died (restart, crash, ``kill -9``) is found and can be resumed.

A running job names its owner (host, process id, and a token of that process's life) and renews a
lease with every committed batch.  When the server starts, jobs whose owner is gone are marked
interrupted and the uploads those processes left behind are deleted; resuming continues after the
last committed line.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core.errors import Conflict
from core.importing.leases import Owner
from core.importing.models import ImportJob
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session, unit_of_work
from core.types import utcnow

ROOT = Path(__file__).resolve().parents[2]
CHILD = r"""
import sys, time
from sqlmodel import Session
from core.db import make_engine
from core.importing.runner import CUSTOMERS, run_import
from core.importing.uploads import saved_upload
from core.models import Tenant
from core.packs.loader import load_packs

registry = load_packs()
engine = make_engine(sys.argv[1])
with Session(engine, expire_on_commit=False) as session:
    tenant = session.get(Tenant, int(sys.argv[2]))

def progress(done, total):
    if done > 100:
        print("paused", flush=True)
        time.sleep(600)

with open(sys.argv[3], "rb") as stream, saved_upload(stream, "list.csv") as path:
    run_import(engine=engine, registry=registry, tenant=tenant, kind=CUSTOMERS, source=path,
               batch_size=50, progress=progress)
"""


def _count(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalar(select(func.count()).select_from(Customer))


def _job(engine, tenant) -> ImportJob:
    with tenant_session(engine, tenant.id) as session:
        return session.scalars(select(ImportJob)).one()


def _leftover_uploads(folder: Path) -> list[Path]:
    return sorted(folder.glob("guanxi-import-*"))


def _start_up(app) -> None:
    with TestClient(app):  # runs the application's start-up, as ``guanxi serve`` does
        pass


def test_an_import_killed_with_sigkill_is_found_at_start_up_and_resumes_where_it_stopped(
    guanxi_engine, guanxi_database_url, tenant, app, tmp_path, monkeypatch
):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    source = tmp_path / "list.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["姓名", "手机"], *([f"客户{i}", f"137{i:08d}"] for i in range(1, 251))]
        )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, guanxi_database_url, str(tenant.id), str(source)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(uploads)},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "paused"
        assert _count(guanxi_engine, tenant) == 100 and len(_leftover_uploads(uploads)) == 1
        with pytest.raises(Conflict):  # the other process holds the tenant's import
            import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=source)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert _job(guanxi_engine, tenant).status == "running"  # nobody could say otherwise yet

    _start_up(app)
    job = _job(guanxi_engine, tenant)
    assert (job.status, job.last_line) == ("interrupted", 101)
    assert _leftover_uploads(uploads) == []

    again = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=source)
    assert (again.resumed_after_line, again.created) == (101, 150)
    assert _count(guanxi_engine, tenant) == 250
    assert _job(guanxi_engine, tenant).status == "done"


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def _running(engine, tenant, owner: Owner, heartbeat_age: timedelta) -> int:
    with unit_of_work(engine, tenant.id) as session:
        job = ImportJob(
            tenant_id=tenant.id,
            record_type="customers",
            file_hash="f" * 64,
            file_name="x.csv",
            last_line=7,
            status="running",
            owner=str(owner),
            heartbeat_at=utcnow() - heartbeat_age,
        )
        session.add(job)
        session.flush()
        return int(job.id)


def test_start_up_marks_only_jobs_whose_owner_is_gone_as_interrupted(guanxi_engine, make_tenant, app):
    here = socket.gethostname()
    cases = {
        "dead process here": (Owner(here, _dead_pid(), "t1"), timedelta(0), "interrupted"),
        "live process here": (Owner(here, os.getppid(), "t2"), timedelta(0), "running"),
        "other host, lease lapsed": (Owner("elsewhere", 42, "t3"), timedelta(hours=1), "interrupted"),
        "other host, lease fresh": (Owner("elsewhere", 43, "t4"), timedelta(seconds=5), "running"),
    }
    jobs = {}
    for name, (owner, age, expected) in cases.items():
        tenant = make_tenant()  # one running import per tenant at most
        jobs[name] = (tenant, _running(guanxi_engine, tenant, owner, age), expected)
    _start_up(app)
    for name, (tenant, job_id, expected) in jobs.items():
        with tenant_session(guanxi_engine, tenant.id) as session:
            job = session.get(ImportJob, job_id)
        assert job.status == expected, name
        if expected == "interrupted":
            assert "line 7" in (job.error or ""), name


def test_an_import_held_by_a_dead_owner_is_taken_over_without_waiting_for_a_restart(
    guanxi_engine, tenant, write_csv
):
    path = write_csv([["姓名", "手机"], *([f"客户{i}", f"136{i:08d}"] for i in range(1, 6))])
    job_id = _running(guanxi_engine, tenant, Owner(socket.gethostname(), _dead_pid(), "t"), timedelta(0))
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert report.created == 5
    with tenant_session(guanxi_engine, tenant.id) as session:
        assert session.get(ImportJob, job_id).status == "interrupted"
