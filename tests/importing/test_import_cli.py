"""``guanxi import``, ``guanxi export`` and ``guanxi customers`` as an integrator scripts them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "tests" / "data" / "customers_messy.csv"
EXPECTED = json.loads((ROOT / "tests" / "data" / "customers_messy.expected.json").read_text("utf-8"))


@pytest.fixture
def guanxi(guanxi_database_url):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GUANXI_DATABASE_URL": guanxi_database_url}
        return subprocess.run([sys.executable, "-m", "core.cli.main", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=300)

    return run


@pytest.fixture
def slug(guanxi):
    name = f"imp-{uuid.uuid4().hex[:8]}"
    assert guanxi("tenants", "create", name, "--name", "导入测试").returncode == 0
    return name


def test_import_json_summary_lists_every_rejected_row(guanxi, slug, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = guanxi("import", "customers", str(MESSY), "--tenant", slug, "--json",
                    "--rejects", str(rejects))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["accepted"], summary["rejected"]) == (EXPECTED["accepted"],
                                                          EXPECTED["rejected"])
    assert sorted((r["line"], r["column"]) for r in summary["rejected_rows"]) == sorted(
        (r["line"], r["column"]) for r in EXPECTED["rejected_rows"])
    assert all(r["reason"] for r in summary["rejected_rows"])
    assert len(rejects.read_text("utf-8-sig").splitlines()) == EXPECTED["rejected"] + 1


def test_dedupe_json_then_merge_then_export_round_trip(guanxi, slug, tmp_path):
    assert guanxi("import", "customers", str(MESSY), "--tenant", slug).returncode == 0
    result = guanxi("customers", "dedupe", "--tenant", slug, "--json")
    assert result.returncode == 0, result.stderr
    certain = json.loads(result.stdout)["certain"]
    assert sorted(sorted(c) for c in certain) == sorted(
        sorted(c) for c in EXPECTED["duplicate_clusters"])
    survivor, duplicate = certain[0][0], certain[0][1]
    merged = guanxi("customers", "merge", "--tenant", slug, survivor, duplicate)
    assert merged.returncode == 0, merged.stderr
    again = guanxi("customers", "merge", "--tenant", slug, survivor, duplicate)
    assert again.returncode != 0 and "not found" in again.stderr
    assert "Traceback" not in again.stderr
    export = tmp_path / "customers.xlsx"
    assert guanxi("export", "customers", "--tenant", slug, str(export)).returncode == 0
    back = json.loads(guanxi("import", "customers", str(export), "--tenant", slug,
                             "--json").stdout)
    assert (back["created"], back["updated"], back["rejected"]) == (0, 0, 0)
    assert back["unchanged"] == EXPECTED["accepted"] - 1


def test_a_bad_mapping_is_a_one_line_error_naming_the_field(guanxi, slug):
    result = guanxi("import", "customers", str(MESSY), "--tenant", slug, "--mapping", "姓名=nmae")
    assert result.returncode != 0
    assert "nmae" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
