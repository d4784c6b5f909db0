"""The import page: a manager uploads a list, watches it run, reads the summary and the rejects."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from webhelpers import csrf_from

from core.types import utcnow

DATA = Path(__file__).resolve().parents[1] / "data"
EXPECTED: dict[str, Any] = json.loads((DATA / "customers_messy.expected.json").read_text("utf-8"))
SMALL = "编号,姓名,手机\nW1,王芳,13800138000\nW2,,13800138001\nW3,李雷,not-a-phone\n".encode()


def _upload(client: Any, content: bytes, name: str = "list.csv", **fields: str) -> Any:
    token = csrf_from(client.get("/import").text)
    return client.post(
        "/import",
        data={"csrf_token": token, **fields},
        files={"file": (name, content, "text/csv")},
        follow_redirects=False,
    )


def _finished(client: Any, job_url: str, run_due_jobs: Any) -> str:
    """Run the due import jobs (as ``guanxi serve``'s runner would), then read the job's status."""
    run_due_jobs(now=utcnow(), jobs=["core.import_upload"])
    fragment = client.get(f"{job_url}/status", headers={"HX-Request": "true"}).text
    assert "hx-get" not in fragment, "the import did not finish"
    return fragment


def test_manager_sees_the_import_page_in_the_navigation(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    assert 'href="/import"' in client.get("/").text
    page = client.get("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text


@pytest.mark.parametrize("role", ["rep", "viewer"])
def test_reps_and_viewers_have_no_import_page(make_tenant, make_user, browser_client, role):
    client = browser_client(make_user(make_tenant(locale="en"), role))
    assert 'href="/import"' not in client.get("/").text
    assert client.get("/import").status_code == 403


def test_upload_runs_in_the_background_and_shows_summary_and_rejects(
    make_tenant, make_user, browser_client, run_due_jobs
):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    answer = _upload(client, SMALL)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/import/jobs/")
    job_url = answer.headers["location"]
    queued = client.get(job_url).text
    assert 'id="import-waiting"' in queued and "hx-get" in queued, "a queued import says it waits"
    summary = _finished(client, job_url, run_due_jobs)
    assert "Import finished" in summary and "import-waiting" not in summary
    assert '<dd id="import-accepted">1</dd>' in summary and '<dd id="import-rejected">2</dd>' in summary
    report = client.get(f"{job_url}/rejects.csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == ["W2", "W3"]
    assert "王芳" in client.get("/customers").text


def test_messy_file_on_the_page_gives_the_oracles_counts(
    make_tenant, make_user, browser_client, run_due_jobs
):
    client = browser_client(make_user(make_tenant(locale="en"), "admin"))
    answer = _upload(client, (DATA / "customers_messy.csv").read_bytes(), "customers_messy.csv")
    summary = _finished(client, answer.headers["location"], run_due_jobs)
    assert f'<dd id="import-accepted">{EXPECTED["accepted"]:,}</dd>' in summary
    assert f'<dd id="import-rejected">{EXPECTED["rejected"]}</dd>' in summary


def test_dry_run_shows_what_would_happen_and_saves_nothing(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    answer = _upload(client, SMALL, dry_run="on")
    assert answer.status_code == 200 and "Nothing was saved" in answer.text
    assert '<dd id="import-accepted">1</dd>' in answer.text
    assert "<td>W2</td>" in answer.text and "<td>W3</td>" in answer.text
    assert "王芳" not in client.get("/customers").text


def test_a_file_without_a_name_column_is_refused_next_to_the_form(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    answer = _upload(client, b"foo,bar\n1,2\n")
    assert answer.status_code == 422 and 'id="import-errors"' in answer.text


def test_upload_without_the_csrf_token_is_refused(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    answer = client.post("/import", files={"file": ("list.csv", SMALL, "text/csv")})
    assert answer.status_code == 403


def test_another_tenants_job_is_not_found(make_tenant, make_user, browser_client, run_due_jobs):
    mine = browser_client(make_user(make_tenant(locale="en"), "manager"))
    job_url = _upload(mine, SMALL).headers["location"]
    _finished(mine, job_url, run_due_jobs)
    theirs = browser_client(make_user(make_tenant(locale="en"), "owner"))
    assert theirs.get(job_url).status_code == 404
    assert theirs.get(f"{job_url}/rejects.csv").status_code == 404


@pytest.mark.browser
def test_browser_upload_ends_on_the_summary_with_a_rejects_download(
    make_tenant, make_user, open_page, tmp_path, run_due_jobs
):
    from test_browser import sign_in

    page = open_page()
    sign_in(page, make_user(make_tenant(locale="en"), "manager"))
    page.locator("#main-nav a[href='/import']").click()
    page.wait_for_url("**/import")
    upload = tmp_path / "shop-list.csv"
    upload.write_bytes(SMALL)
    page.locator("#f-file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/import/jobs/*")
    run_due_jobs(now=utcnow(), jobs=["core.import_upload"])
    page.get_by_role("heading", name="Import finished").wait_for(timeout=15_000)
    assert page.locator("#import-accepted").inner_text() == "1"
    assert page.locator("#import-rejected").inner_text() == "2"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download rejected rows (CSV)").click()
    assert download.value.suggested_filename.endswith("-rejects.csv")
    assert page.guanxi_errors == []


def _many(prefix: str, count: int) -> bytes:
    lines = ["编号,姓名,手机", *(f"{prefix}{i},客户{i},139{i:08d}" for i in range(1, count + 1))]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "is neither UTF-8 nor GB18030 text"),
        ("zh_Hans", "既不是 UTF-8 也不是 GB18030 编码的文本"),
        ("zh_Hant", "既不是 UTF-8 也不是 GB18030 編碼的文字"),
    ],
)
def test_a_file_in_an_unknown_encoding_is_refused_in_the_users_language(
    make_tenant, make_user, browser_client, locale, words
):
    client = browser_client(make_user(make_tenant(locale=locale), "manager"))
    answer = _upload(client, "编号,姓名\nE1,王芳\n".encode() + b"E2,\xff\xfe\xff\n")
    assert answer.status_code == 422 and 'id="import-errors"' in answer.text
    assert words in answer.text and "list.csv" in answer.text


def test_a_second_upload_while_an_import_runs_is_refused_naming_the_job(
    make_tenant, make_user, browser_client, run_due_jobs
):
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    job_url = _upload(client, _many("P", 1500), "first.csv").headers["location"]
    refused = _upload(client, _many("Q", 5), "second.csv")
    assert refused.status_code == 409 and 'id="import-errors"' in refused.text
    assert f"import job {job_url.rsplit('/', 1)[1]} (&#39;first.csv&#39;)" in refused.text
    assert '<dd id="import-accepted">1,500</dd>' in _finished(client, job_url, run_due_jobs)


def test_a_stopped_import_says_why_and_resumes_with_the_same_file(
    make_tenant, make_user, browser_client, monkeypatch, run_due_jobs
):
    from core.importing import writer

    calls = {"n": 0}
    original = writer._insert

    def fail_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, "_insert", fail_second)
    client = browser_client(make_user(make_tenant(locale="en"), "manager"))
    content = _many("R", 1500)
    job_url = _upload(client, content, "stops.csv").headers["location"]
    stopped = _finished(client, job_url, run_due_jobs)
    assert "Import stopped" in stopped and "RuntimeError" in stopped
    assert "up to line 1001 are saved" in stopped and 'id="import-resume"' in stopped
    monkeypatch.setattr(writer, "_insert", original)

    token = csrf_from(client.get(job_url).text)
    wrong = client.post(
        f"{job_url}/resume",
        data={"csrf_token": token},
        files={"file": ("other.csv", _many("Z", 3), "text/csv")},
    )
    assert wrong.status_code == 422 and "choose that same file" in wrong.text
    resumed = client.post(
        f"{job_url}/resume",
        data={"csrf_token": token},
        files={"file": ("stops.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert resumed.status_code == 303 and resumed.headers["location"] == job_url
    summary = _finished(client, job_url, run_due_jobs)
    assert "Import finished" in summary and '<dd id="import-accepted">1,500</dd>' in summary


def test_every_import_problem_the_page_shows_is_translated():
    from babel.messages.pofile import read_po

    from core.importing.messages import TEMPLATES

    for locale in ("en", "zh_Hans", "zh_Hant"):
        with (DATA.parent.parent / "core" / "web" / "locale" / locale / "LC_MESSAGES" / "messages.po").open(
            "rb"
        ) as handle:
            catalog = {m.id: m.string for m in read_po(handle) if m.id}
        assert not [t for t in TEMPLATES if not catalog.get(t)], locale
