"""A hostile or broken file never leaves half an import behind with a lie about it.

Problems a row has become that row's reject; problems the whole file has are refused (422) before a
single row is written; a failure nobody foresaw marks the job failed with its reason, and what the
job and its rejects report say is exactly what was stored.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput
from core.importing import writer
from core.importing.jobs import ImportStopped
from core.importing.models import ImportJob, ImportReject
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session

HEADER = ["编号", "姓名", "手机", "地址"]


def _good(first: int, last: int) -> list[list[str]]:
    return [[f"G{i:05d}", f"客户{i}", f"139{i:08d}", "北京"] for i in range(first, last + 1)]


def _count(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalar(select(func.count()).select_from(Customer))


def _job(engine, tenant) -> ImportJob:
    with tenant_session(engine, tenant.id) as session:
        return session.scalars(select(ImportJob)).one()


def _external_ids(engine, tenant) -> set[str]:
    with tenant_session(engine, tenant.id) as session:
        return set(session.scalars(select(Customer.external_id)))


def test_a_cell_over_the_csv_limit_rejects_its_row_and_every_other_row_imports(
    guanxi_engine, tenant, tmp_path
):
    huge = "长" * (csv.field_size_limit() + 10)
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerows([HEADER, *_good(1, 30), ["H1", "王芳", "13800138000", huge]])
        out.writerows(_good(31, 40))
        # a quoted cell over the limit that spans lines: the rest of it is not read as rows
        handle.write(f'H2,李雷,13800138001,"{huge}\n"",X9,not a row"\n')
        out.writerows(_good(41, 50))
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
    )
    assert sorted((r.line, r.external_id) for r in report.rejects) == [(32, None), (43, None)]
    assert all("longer" in r.reason for r in report.rejects)
    assert (report.accepted, report.rejected) == (50, 2)
    assert _external_ids(guanxi_engine, tenant) == {f"G{i:05d}" for i in range(1, 51)}
    job = _job(guanxi_engine, tenant)
    assert (job.status, job.accepted, job.rejected, job.last_line) == ("done", 50, 2, 54)


def test_bytes_neither_utf8_nor_gb18030_are_refused_before_anything_is_written(
    guanxi_engine, tenant, tmp_path
):
    path = tmp_path / "broken.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *_good(1, 30_000)])
    with path.open("ab") as handle:  # far after the first megabyte the encoding is guessed from
        handle.write(b"B1,\xff\xfe\xff,13800138000,x\n")
    with pytest.raises(InvalidInput) as refused:
        import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert refused.value.problems[0].field == "file"
    assert "line 30002" in refused.value.problems[0].reason
    assert "UTF-8" in refused.value.problems[0].reason
    assert _count(guanxi_engine, tenant) == 0
    with tenant_session(guanxi_engine, tenant.id) as session:
        assert session.scalars(select(ImportJob)).all() == []


def test_a_gb18030_file_is_still_read_whole(guanxi_engine, tenant, tmp_path):
    path = tmp_path / "gbk.csv"
    rows = [HEADER, *_good(1, 50), ["GB1", "繁體與简体", "13800138000", "臺北"]]
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.accepted, report.rejected) == (51, 0)
    with tenant_session(guanxi_engine, tenant.id) as session:
        assert session.scalar(select(Customer.name).where(Customer.external_id == "GB1")) == "繁體與简体"


def test_a_nul_byte_rejects_its_row_on_every_database(guanxi_engine, tenant, tmp_path):
    path = tmp_path / "nul.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [HEADER, *_good(1, 25), ["N1", "王\x00芳", "13800138000", "x"], *_good(26, 30)]
        )
    report = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
    )
    assert [(r.line, r.column, r.external_id) for r in report.rejects] == [(27, "姓名", "N1")]
    assert "NUL" in report.rejects[0].reason
    assert _external_ids(guanxi_engine, tenant) == {f"G{i:05d}" for i in range(1, 31)}


def _fail_on_third_batch(monkeypatch) -> None:
    calls = {"n": 0}
    original = writer._insert

    def insert(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, "_insert", insert)


def test_a_failing_import_marks_its_job_failed_with_the_reason_and_what_was_saved(
    guanxi_engine, tenant, write_csv, monkeypatch
):
    _fail_on_third_batch(monkeypatch)
    rows = [HEADER, *_good(1, 50)]
    rows[5][2] = "not-a-phone"  # line 6: one reject in the first, committed batch
    with pytest.raises(ImportStopped) as stopped:
        import_customers(
            engine=guanxi_engine,
            registry=get_registry(),
            tenant=tenant,
            source=write_csv(rows),
            batch_size=10,
        )
    assert "line 21" in str(stopped.value) and "RuntimeError" in str(stopped.value)
    job = _job(guanxi_engine, tenant)
    assert job.status == "failed" and "RuntimeError" in (job.error or "")
    assert job.last_line == 21 and job.finished_at is not None
    assert (job.accepted, job.rejected) == (19, 1) == (_count(guanxi_engine, tenant), 1)
    with tenant_session(guanxi_engine, tenant.id) as session:
        kept = session.scalars(select(ImportReject.line).where(ImportReject.job_id == job.id)).all()
    assert kept == [6]


def test_a_failed_import_resumes_after_its_last_committed_line(guanxi_engine, tenant, write_csv, monkeypatch):
    path: Path = write_csv([HEADER, *_good(1, 50)])
    with monkeypatch.context() as patch:
        _fail_on_third_batch(patch)
        with pytest.raises(ImportStopped):
            import_customers(
                engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
            )
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path, batch_size=10
    )
    assert again.resumed_after_line == 21 and again.created == 30
    assert _count(guanxi_engine, tenant) == 50
    job = _job(guanxi_engine, tenant)
    assert (job.status, job.accepted, job.error) == ("done", 50, None)
