"""The ``guanxi`` command as an integrator uses it: JSON for scripts, one-line errors, no tracebacks.

Commands run in this process through the console script's entry point (``cli_in_process``); one
test runs the installed ``guanxi`` script itself, so the exit code and the absence of a traceback
are also checked as a shell sees them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cli_in_process import run_guanxi

GUANXI_SCRIPT = Path(sys.executable).with_name("guanxi")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(guanxi_database_url):
    """``guanxi`` in this process, on the test database (the fixture sets GUANXI_DATABASE_URL)."""
    return run_guanxi


@pytest.fixture
def run_script(guanxi_database_url):
    """The installed ``guanxi`` console script, in a fresh process."""

    def invoke(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GUANXI_DATABASE_URL": guanxi_database_url}
        return subprocess.run(
            [str(GUANXI_SCRIPT), *args],
            capture_output=True,
            text=True,
            env=env,
            input=input,
            cwd=ROOT,
            timeout=120,
        )

    return invoke


def _assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_plugins_list_json_names_the_four_packs_with_versions(run):
    result = run("plugins", "list", "--json")
    assert result.returncode == 0, result.stderr
    packs = {row["name"]: row for row in json.loads(result.stdout)}
    for name in ("retail", "pharma-sales", "equipment", "appliance-repair"):
        assert packs[name]["status"] == "installed"
        assert packs[name]["version"]


def test_tenant_create_list_and_upgrade(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    assert run("tenants", "create", slug, "--name", "测试商行").returncode == 0
    listed = {t["slug"]: t for t in json.loads(run("tenants", "list", "--json").stdout)}
    assert listed[slug]["edition"] == "basic"
    result = run("tenants", "upgrade", slug, "--edition", "professional")
    assert result.returncode == 0, result.stderr
    listed = {t["slug"]: t for t in json.loads(run("tenants", "list", "--json").stdout)}
    assert listed[slug]["edition"] == "professional"


def test_duplicate_tenant_is_one_line_error(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    run("tenants", "create", slug, "--name", "A")
    _assert_one_line_error(run("tenants", "create", slug, "--name", "B"), "already exists")


def test_unknown_edition_is_one_line_error(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    run("tenants", "create", slug, "--name", "A")
    _assert_one_line_error(
        run("tenants", "upgrade", slug, "--edition", "platinum"), "unknown edition 'platinum'"
    )


def test_unknown_tenant_is_one_line_error(run_script):
    _assert_one_line_error(
        run_script("plugins", "status", "--tenant", "nobody-here"), "no tenant 'nobody-here'"
    )


def test_users_create_validates_and_prompts_for_password(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    run("tenants", "create", slug, "--name", "A")
    _assert_one_line_error(
        run("users", "create", "not-an-email", "--tenant", slug, "--password", "x"), "email"
    )
    result = run(
        "users",
        "create",
        f"{slug}@example.cn",
        "--tenant",
        slug,
        "--role",
        "owner",
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.returncode == 0, result.stderr


def test_enable_disable_and_status(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    run("tenants", "create", slug, "--name", "A")
    assert run("plugins", "enable", "equipment", "--tenant", slug).returncode == 0
    status = {
        r["name"]: r["status"]
        for r in json.loads(run("plugins", "status", "--tenant", slug, "--json").stdout)
    }
    assert status["equipment"] == "enabled" and status["retail"] == "available"
    assert run("plugins", "disable", "equipment", "--tenant", slug).returncode == 0
    status = {
        r["name"]: r["status"]
        for r in json.loads(run("plugins", "status", "--tenant", slug, "--json").stdout)
    }
    assert status["equipment"] == "disabled"


def test_declined_purge_exits_non_zero_and_deletes_nothing(run):
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    run("tenants", "create", slug, "--name", "A")
    run("plugins", "enable", "equipment", "--tenant", slug)
    result = run("plugins", "purge", "equipment", "--tenant", slug, input="n\n")
    assert result.returncode == 1
    assert "nothing deleted" in result.stderr
    status = {
        r["name"]: r["status"]
        for r in json.loads(run("plugins", "status", "--tenant", slug, "--json").stdout)
    }
    assert status["equipment"] == "enabled"


def test_a_pack_command_named_like_a_core_command_neither_replaces_nor_hides_it(use_packs):
    use_packs(("shadow", "shadow_cli"))
    listed = run_guanxi("--help")
    assert "Tenants (client firms)" in listed.stdout and "shadow pack" not in listed.stdout
    assert run_guanxi("tenants", "steal").returncode != 0
    assert "Tenants (client firms)" in run_guanxi("tenants", "--help").stdout
