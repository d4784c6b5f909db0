"""Importing through the API: what an integration or a manager's script can rely on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
MESSY = DATA / "customers_messy.csv"
EXPECTED: dict[str, Any] = json.loads((DATA / "customers_messy.expected.json").read_text("utf-8"))
SMALL = "编号,姓名,手机\nA1,王芳,13800138000\nA2,,13800138001\nA3,李雷,not-a-phone\n".encode()


def _upload(client: Any, content: bytes, name: str = "list.csv", **data: Any) -> Any:
    return client.post("/api/v1/imports/customers", files={"file": (name, content, "text/csv")},
                       data=data)


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
    content = ("customer_external_id,occurred_at,kind,summary\n"
               "A1,2026-11-01 10:00,call,回访\nZZ,2026-11-01,call,x\n")
    answer = client.post("/api/v1/imports/interactions",
                         files={"file": ("calls.csv", content.encode(), "text/csv")})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["rejected"]) == (1, 1)


def test_a_file_over_the_import_limit_is_refused_with_413(make_tenant, make_user, guanxi_engine,
                                                          api_registry, monkeypatch):
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
