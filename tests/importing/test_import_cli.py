"""``guanxi import``, ``guanxi export`` and ``guanxi customers`` as an integrator scripts them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from cli_in_process import run_guanxi

from core.packs.loader import get_registry

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "tests" / "data" / "customers_messy.csv"
EXPECTED = json.loads((ROOT / "tests" / "data" / "customers_messy.expected.json").read_text("utf-8"))


@pytest.fixture
def guanxi(guanxi_database_url):
    """``guanxi`` through the console script's entry point, in this process, on the test database
    (tests/test_cli.py runs the installed script once to keep "no traceback" honest)."""
    return run_guanxi


@pytest.fixture
def slug(guanxi):
    name = f"imp-{uuid.uuid4().hex[:8]}"
    assert guanxi("tenants", "create", name, "--name", "导入测试").returncode == 0
    return name


def test_import_json_summary_lists_every_rejected_row(guanxi, slug, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = guanxi("import", "customers", str(MESSY), "--tenant", slug, "--json", "--rejects", str(rejects))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["accepted"], summary["rejected"]) == (EXPECTED["accepted"], EXPECTED["rejected"])
    assert sorted((r["line"], r["column"]) for r in summary["rejected_rows"]) == sorted(
        (r["line"], r["column"]) for r in EXPECTED["rejected_rows"]
    )
    assert all(r["reason"] for r in summary["rejected_rows"])
    assert len(rejects.read_text("utf-8-sig").splitlines()) == EXPECTED["rejected"] + 1


def test_dedupe_json_then_merge_then_export_round_trip(guanxi, slug, tmp_path):
    assert guanxi("import", "customers", str(MESSY), "--tenant", slug).returncode == 0
    result = guanxi("customers", "dedupe", "--tenant", slug, "--json")
    assert result.returncode == 0, result.stderr
    certain = json.loads(result.stdout)["certain"]
    assert sorted(sorted(c) for c in certain) == sorted(sorted(c) for c in EXPECTED["duplicate_clusters"])
    survivor, duplicate = certain[0][0], certain[0][1]
    merged = guanxi("customers", "merge", "--tenant", slug, survivor, duplicate)
    assert merged.returncode == 0, merged.stderr
    again = guanxi("customers", "merge", "--tenant", slug, survivor, duplicate)
    assert again.returncode != 0 and "not found" in again.stderr
    assert "Traceback" not in again.stderr
    export = tmp_path / "customers.xlsx"
    assert guanxi("export", "customers", "--tenant", slug, str(export)).returncode == 0
    back = json.loads(guanxi("import", "customers", str(export), "--tenant", slug, "--json").stdout)
    assert (back["created"], back["updated"], back["rejected"]) == (0, 0, 0)
    assert back["unchanged"] == EXPECTED["accepted"] - 1


def test_a_bad_mapping_is_a_one_line_error_naming_the_field(guanxi, slug):
    result = guanxi("import", "customers", str(MESSY), "--tenant", slug, "--mapping", "姓名=nmae")
    assert result.returncode != 0
    assert "nmae" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_cannot_be_imported_is_a_one_line_error_naming_the_line(guanxi, slug, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes("编号,姓名\nC1,王芳\n".encode() + b"C2,\xff\xfe\n")
    result = guanxi("import", "customers", str(broken), "--tenant", slug)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "line 3" in result.stderr and "UTF-8" in result.stderr


def test_resume_continues_a_stopped_job_after_its_last_saved_line(
    guanxi, slug, guanxi_engine, tmp_path, monkeypatch
):
    from sqlmodel import Session

    from core.importing import writer
    from core.importing.jobs import ImportStopped
    from core.importing.runner import import_customers
    from core.tenants.service import get_tenant

    source = tmp_path / "list.csv"
    source.write_text("编号,姓名\n" + "".join(f"R{i},客户{i}\n" for i in range(1, 26)), "utf-8")
    with Session(guanxi_engine, expire_on_commit=False) as session:
        tenant = get_tenant(session, slug)
    calls = {"n": 0}
    original = writer._insert

    def fail_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(writer, "_insert", fail_second)
        with pytest.raises(ImportStopped) as stopped:
            import_customers(
                engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=source, batch_size=10
            )
    other = tmp_path / "other.csv"
    other.write_text("编号,姓名\nX1,王芳\n", "utf-8")
    refused = guanxi("import", "resume", str(stopped.value.job_id), str(other), "--tenant", slug)
    assert refused.returncode == 1 and "same file" in refused.stderr
    result = guanxi("import", "resume", str(stopped.value.job_id), str(source), "--tenant", slug, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["resumed_after_line"], summary["created"]) == (11, 15)
