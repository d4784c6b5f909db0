"""An import started on the web page is a job: queued with its upload, run by the job runner,
resumed by a retry when the process running it died."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select
from webhelpers import csrf_from

from core.importing.models import ImportJob, ImportUpload
from core.jobs.models import JobRun
from core.types import utcnow

JOB = "core.import_upload"


def _many(prefix: str, count: int) -> bytes:
    lines = ["编号,姓名,手机", *(f"{prefix}{i},客户{i},139{i:08d}" for i in range(1, count + 1))]
    return ("\n".join(lines) + "\n").encode()


def _upload(client: Any, content: bytes, name: str = "list.csv") -> str:
    token = csrf_from(client.get("/import").text)
    answer = client.post(
        "/import",
        data={"csrf_token": token},
        files={"file": (name, content, "text/csv")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def _status(client: Any, job_url: str) -> str:
    return str(client.get(f"{job_url}/status", headers={"HX-Request": "true"}).text)


def test_a_web_upload_is_queued_as_a_job_with_its_file(make_tenant, make_user, browser_client, guanxi_engine):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "manager"))
    job_url = _upload(client, _many("Q", 3))
    job_id = int(job_url.rsplit("/", 1)[1])
    with Session(guanxi_engine) as session:
        [run] = session.exec(select(JobRun).where(JobRun.name == JOB, JobRun.tenant_id == tenant.id)).all()
        assert run.args == {"job_id": job_id} and run.status == "queued"
        [upload] = session.exec(select(ImportUpload).where(ImportUpload.job_id == job_id)).all()
        assert upload.content == _many("Q", 3) and upload.file_name == "list.csv"
    status = _status(client, job_url)
    assert "Waiting to start…" in status and "hx-get" in status
    assert "客户1" not in client.get("/customers").text


def test_running_due_jobs_completes_the_import_and_deletes_the_upload(
    make_tenant, make_user, browser_client, guanxi_engine, run_due_jobs
):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "manager"))
    job_url = _upload(client, _many("R", 3))
    run_due_jobs(now=utcnow(), jobs=[JOB])
    with Session(guanxi_engine) as session:
        [run] = session.exec(select(JobRun).where(JobRun.name == JOB, JobRun.tenant_id == tenant.id)).all()
        assert (run.status, run.attempts) == ("succeeded", 1)
    status = _status(client, job_url)
    assert "Import finished" in status and '<dd id="import-accepted">3</dd>' in status
    assert "客户2" in client.get("/customers").text
    with Session(guanxi_engine) as session:
        assert session.exec(select(ImportUpload).where(ImportUpload.tenant_id == tenant.id)).all() == []


def test_an_import_whose_process_died_is_resumed_by_the_runs_retry(
    make_tenant, make_user, browser_client, guanxi_engine, run_due_jobs, monkeypatch
):
    from core.importing import runner

    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "manager"))
    job_url = _upload(client, _many("K", 1500))
    original, batches = runner._write_batch, []

    def dies_after_first_batch(*args: Any, **kwargs: Any) -> None:
        if batches:
            raise KeyboardInterrupt  # the process is killed while the second batch is written
        batches.append(1)
        original(*args, **kwargs)

    monkeypatch.setattr(runner, "_write_batch", dies_after_first_batch)
    with pytest.raises(KeyboardInterrupt):
        run_due_jobs(now=utcnow(), jobs=[JOB])
    monkeypatch.setattr(runner, "_write_batch", original)
    with Session(guanxi_engine) as session:
        [run] = session.exec(select(JobRun).where(JobRun.name == JOB, JobRun.tenant_id == tenant.id)).all()
        assert run.status == "running"  # left behind by the dead process
        job = session.exec(select(ImportJob).where(ImportJob.tenant_id == tenant.id)).one()
        assert (job.last_line, job.accepted) == (1001, 1000)

    report = run_due_jobs(now=utcnow() + timedelta(hours=2), jobs=[JOB])
    assert run.id in report.succeeded
    status = _status(client, job_url)
    assert "Import finished" in status and '<dd id="import-accepted">1,500</dd>' in status


def test_an_upload_that_cannot_be_queued_does_not_block_the_next_one(
    make_tenant, guanxi_engine, guanxi_registry, monkeypatch
):
    import io

    from core.importing import webjobs
    from core.importing.runner import CUSTOMERS

    tenant = make_tenant(locale="en")

    def upload(content: bytes, name: str) -> int:
        return webjobs.enqueue_upload(
            engine=guanxi_engine,
            registry=guanxi_registry,
            tenant=tenant,
            kind=CUSTOMERS,
            stream=io.BytesIO(content),
            file_name=name,
            mapping=None,
        )

    def queue_down(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(webjobs, "_store_and_enqueue", queue_down)
    with pytest.raises(RuntimeError):
        upload(_many("A", 2), "a.csv")
    monkeypatch.undo()
    job_id = upload(_many("B", 2), "b.csv")  # not refused as busy: the failed claim was released
    with Session(guanxi_engine) as session:
        jobs = {
            j.file_name: j.status
            for j in session.exec(select(ImportJob).where(ImportJob.tenant_id == tenant.id))
        }
        assert jobs == {"a.csv": "failed", "b.csv": "running"}
        assert session.get(ImportJob, job_id).file_name == "b.csv"
