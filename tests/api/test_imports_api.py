"""Importing through the API: what an integration or a manager's script can rely on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.models import Customer
from core.tenancy import tenant_session

DATA = Path(__file__).resolve().parents[1] / "data"
MESSY = DATA / "customers_messy.csv"
EXPECTED: dict[str, Any] = json.loads((DATA / "customers_messy.expected.json").read_text("utf-8"))
SMALL = "编号,姓名,手机\nA1,王芳,13800138000\nA2,,13800138001\nA3,李雷,not-a-phone\n".encode()


def _upload(client: Any, content: bytes, name: str = "list.csv", **data: Any) -> Any:
    return client.post("/api/v1/imports/customers", files={"file": (name, content, "text/csv")}, data=data)


def test_messy_file_through_the_api_gives_the_oracles_counts(make_tenant, make_user, api_client):
    manager = make_user(make_tenant(), "manager")
    answer = _upload(api_client(manager), MESSY.read_bytes(), "customers_messy.csv")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["accepted"], body["rejected"]) == (EXPECTED["accepted"], EXPECTED["rejected"])
    assert body["file"] == "customers_messy.csv" and body["job_id"] is not None
    expected_lines = sorted(r["line"] for r in EXPECTED["rejected_rows"])
    assert sorted(r["line"] for r in body["rejects"]) == expected_lines


def test_job_status_and_rejects_report_follow_the_upload(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "admin"))
    body = _upload(client, SMALL).json()
    assert (body["accepted"], body["rejected"]) == (1, 2)
    status = client.get(f"/api/v1/imports/{body['job_id']}").json()
    assert status["status"] == "done" and status["accepted"] == 1 and status["rejected"] == 2
    assert status["file_name"] == "list.csv" and status["last_line"] == 4
    report = client.get(f"/api/v1/imports/{body['job_id']}/rejects.csv")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["line", "column", "reason", "external_id"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("3", "姓名", "A2"), ("4", "手机", "A3")]


def test_reimporting_a_file_replaces_its_rejects_report(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "manager"))
    first = _upload(client, SMALL).json()
    second = _upload(client, SMALL).json()
    assert first["job_id"] == second["job_id"] and second["created"] == 0
    report = client.get(f"/api/v1/imports/{second['job_id']}/rejects.csv").content.decode("utf-8-sig")
    assert len(report.strip().splitlines()) == 3


def test_dry_run_writes_nothing_and_has_no_job(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "manager"))
    body = _upload(client, SMALL, dry_run="true").json()
    assert body["dry_run"] is True and body["job_id"] is None and body["created"] == 1
    assert client.get("/api/v1/customers").json()["items"] == []


def test_mapping_names_a_column_the_headers_do_not(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "manager"))
    content = "Kunde,手机\n王芳,13800138000\n".encode()
    refused = _upload(client, content)
    assert refused.status_code == 422
    body = _upload(client, content, mapping=["Kunde=name"]).json()
    assert body["accepted"] == 1 and body["columns"]["name"] == "Kunde"


def test_another_tenants_job_is_not_found(make_tenant, make_user, api_client):
    mine = api_client(make_user(make_tenant(), "manager"))
    job_id = _upload(mine, SMALL).json()["job_id"]
    theirs = api_client(make_user(make_tenant(), "owner"))
    assert theirs.get(f"/api/v1/imports/{job_id}").status_code == 404
    assert theirs.get(f"/api/v1/imports/{job_id}/rejects.csv").status_code == 404


@pytest.mark.parametrize("role", ["rep", "technician", "viewer"])
def test_only_managers_and_up_may_import(make_tenant, make_user, api_client, role):
    client = api_client(make_user(make_tenant(), role))
    assert _upload(client, SMALL).status_code == 403


def test_interactions_import_through_the_api(make_tenant, make_user, api_client, make_customer):
    tenant = make_tenant()
    make_customer(tenant, name="王芳", external_id="A1")
    client = api_client(make_user(tenant, "manager"))
    content = (
        "customer_external_id,occurred_at,kind,summary\nA1,2026-11-01 10:00,call,回访\nZZ,2026-11-01,call,x\n"
    )
    answer = client.post(
        "/api/v1/imports/interactions", files={"file": ("calls.csv", content.encode(), "text/csv")}
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["rejected"]) == (1, 1)


def test_a_file_over_the_import_limit_is_refused_with_413(
    make_tenant, make_user, guanxi_engine, api_registry, monkeypatch
):
    from fastapi.testclient import TestClient

    from core.api.app import create_app
    from core.auth.tokens import issue_access_token
    from core.settings import get_settings

    monkeypatch.setenv("GUANXI_MAX_IMPORT_BYTES", "4096")
    get_settings.cache_clear()
    try:
        app = create_app(engine=guanxi_engine, registry=api_registry)
    finally:
        monkeypatch.delenv("GUANXI_MAX_IMPORT_BYTES")
        get_settings.cache_clear()
    user = make_user(make_tenant(), "manager")
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {issue_access_token(user=user)[0]}"
        assert _upload(client, SMALL).status_code == 200
        big = SMALL + b"".join(f"B{i},张三{i},13800138000\n".encode() for i in range(400))
        assert len(big) > 4096
        answer = _upload(client, big)
        assert answer.status_code == 413
        assert client.get("/api/v1/customers").status_code == 200


def test_imports_have_a_higher_body_limit_than_other_routes(app):
    from core.api.limits import BodySizeLimit
    from core.settings import get_settings

    limiter = BodySizeLimit(app, max_bytes=10, larger={"/api/v1/imports/": 1000})
    assert limiter.limit_for("/api/v1/imports/customers") == 1000
    assert limiter.limit_for("/api/v1/customers") == 10
    assert get_settings().max_import_bytes > get_settings().max_body_bytes


def _many(prefix: str, count: int) -> bytes:
    lines = ["编号,姓名,手机", *(f"{prefix}{i},客户{i},139{i:08d}" for i in range(1, count + 1))]
    return ("\n".join(lines) + "\n").encode()


def test_a_second_upload_while_one_runs_is_refused_with_409_naming_the_job(
    make_tenant, make_user, api_client, guanxi_engine, monkeypatch
):
    import threading

    from core.importing import runner

    first_batch_saved, release, answers = threading.Event(), threading.Event(), {}
    original = runner._write_batch

    def held(*args, **kwargs):
        original(*args, **kwargs)
        if not first_batch_saved.is_set():
            first_batch_saved.set()
            release.wait(30)

    monkeypatch.setattr(runner, "_write_batch", held)
    tenant = make_tenant()
    first, second = api_client(make_user(tenant, "manager")), api_client(make_user(tenant, "admin"))
    content = _many("C", 1500)
    thread = threading.Thread(target=lambda: answers.setdefault("first", _upload(first, content)))
    thread.start()
    try:
        assert first_batch_saved.wait(30)
        refused = _upload(second, content)
        assert refused.status_code == 409
        job_id = int(refused.json()["detail"].split()[2])
        assert second.get(f"/api/v1/imports/{job_id}").json()["status"] == "running"
    finally:
        release.set()
        thread.join(60)
    assert answers["first"].status_code == 200 and answers["first"].json()["job_id"] == job_id
    assert answers["first"].json()["created"] == 1500
    with tenant_session(guanxi_engine, tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 1500


def test_a_file_in_an_unknown_encoding_is_refused_with_422_before_anything_is_saved(
    make_tenant, make_user, api_client
):
    client = api_client(make_user(make_tenant(), "manager"))
    content = _many("E", 30_000) + b"E0,\xff\xfe,13800138000\n"
    answer = _upload(client, content, "broken.csv")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "file"
    assert "line 30002" in answer.json()["detail"][0]["reason"]
    assert client.get("/api/v1/customers").json()["items"] == []


def test_a_nul_byte_is_a_rejected_row_not_a_failed_upload(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "manager"))
    answer = _upload(client, "编号,姓名\nN1,王芳\nN2,李\x00雷\nN3,张伟\n".encode())
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["rejected"]) == (2, 1)
    assert answer.json()["rejects"][0]["external_id"] == "N2"


def test_an_import_that_fails_midway_says_what_was_saved_and_resumes_there(
    make_tenant, make_user, api_client, monkeypatch
):
    from core.importing import writer

    calls = {"n": 0}
    original = writer._insert

    def fail_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    client = api_client(make_user(make_tenant(), "manager"))
    content = _many("M", 2500)
    with monkeypatch.context() as patch:
        patch.setattr(writer, "_insert", fail_third)
        failed = _upload(client, content, "big.csv")
    assert failed.status_code == 500
    body = failed.json()
    assert "nothing was saved" not in body["detail"] and "up to line 2001 are saved" in body["detail"]
    status = client.get(f"/api/v1/imports/{body['job_id']}").json()
    assert (status["status"], status["last_line"], status["accepted"]) == ("failed", 2001, 2000)
    assert "RuntimeError" in status["error"]

    other = client.post(
        f"/api/v1/imports/{body['job_id']}/resume", files={"file": ("big.csv", _many("O", 3), "text/csv")}
    )
    assert other.status_code == 422 and other.json()["detail"][0]["field"] == "file"
    resumed = client.post(
        f"/api/v1/imports/{body['job_id']}/resume", files={"file": ("big.csv", content, "text/csv")}
    )
    assert resumed.status_code == 200, resumed.text
    assert (resumed.json()["resumed_after_line"], resumed.json()["created"]) == (2001, 500)
    assert client.get(f"/api/v1/imports/{body['job_id']}").json()["accepted"] == 2500
    again = client.post(
        f"/api/v1/imports/{body['job_id']}/resume", files={"file": ("big.csv", content, "text/csv")}
    )
    assert again.status_code == 409


def test_an_xlsx_bomb_is_refused_with_422(make_tenant, make_user, api_client, tmp_path):
    import zipfile

    client = api_client(make_user(make_tenant(), "manager"))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row>" + b"0" * 20_000_000 + b"</row>")
    assert bomb.stat().st_size < 100_000
    answer = _upload(client, bomb.read_bytes(), "bomb.xlsx")
    assert answer.status_code == 422 and "zip bomb" in answer.json()["detail"][0]["reason"]


def test_uploads_are_deleted_when_the_import_ends_or_fails(
    make_tenant, make_user, api_client, tmp_path, monkeypatch
):
    import tempfile

    from core.importing import writer

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client = api_client(make_user(make_tenant(), "manager"))
    assert _upload(client, SMALL).status_code == 200
    assert _upload(client, b"\xff\xfe\xff\n", "broken.csv").status_code == 422

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "_insert", fail)
    assert _upload(client, _many("F", 5), "fails.csv").status_code == 500
    assert list(tmp_path.glob("guanxi-import-*")) == []
