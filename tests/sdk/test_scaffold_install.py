"""A vendor's first afternoon: scaffold a pack, pip-install it next to core in a fresh virtual
environment, and find it listed, migrated, routed for its tenant only and passing its own tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from freshvenv import REPO_ROOT, clean_env, make_venv, pip_install

from core.sdkdev.scaffold import PackSpec, scaffold

ROUTE_SCRIPT = """
import sys
from fastapi.testclient import TestClient
from sqlmodel import Session
from core.api.app import create_app
from core.auth.tokens import issue_access_token
from core.db import get_engine
from core.packs.loader import get_registry
from core.packs.state import enable_pack
from core.tenancy import bind_registry, unit_of_work
from core.tenants.service import create_tenant
from core.users.service import create_user

engine = get_engine(sys.argv[1])
registry = get_registry()
tenants = {}
for slug in ("grand-hotel", "corner-shop"):
    with bind_registry(Session(engine, expire_on_commit=False), registry) as session:
        tenant = create_tenant(session=session, slug=slug, name=slug)
        user = create_user(session=session, tenant=tenant, email=f"owner@{slug}.example",
                           password="correct horse battery staple", role="owner")
        session.commit()
    tenants[slug] = (tenant, user)
with unit_of_work(engine, tenants["grand-hotel"][0].id, registry=registry) as session:
    enable_pack(session=session, tenant=tenants["grand-hotel"][0], pack="hotel")
client = TestClient(create_app(engine=engine, registry=registry))
for slug, (tenant, user) in tenants.items():
    token = issue_access_token(user=user)[0]
    answer = client.get("/api/v1/hotel/entries", headers={"Authorization": f"Bearer {token}"})
    print(slug, answer.status_code)
"""


def _run(args: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=clean_env(**env), timeout=300
    )


@pytest.mark.slow
def test_scaffolded_pack_installs_migrates_routes_per_tenant_and_passes_its_tests(tmp_path):
    pack_dir = tmp_path / "guanxi-hotel"
    scaffold(PackSpec("hotel", title_zh_hans="酒店", title_zh_hant="酒店"), pack_dir)
    python = make_venv(tmp_path)
    pip_install(python, "-e", str(REPO_ROOT))
    pip_install(python, str(pack_dir))
    guanxi = python.parent / "guanxi"
    database = f"sqlite:///{tmp_path / 'crm.db'}"

    listed = _run([guanxi, "plugins", "list", "--json"], tmp_path, GUANXI_DATABASE_URL=database)
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["hotel"]["status"] == "installed" and rows["hotel"]["distribution"] == "guanxi-hotel"
    assert set(rows) == {"hotel"}, "the bundled packs must not leak into the fresh environment"

    upgraded = _run([guanxi, "db", "upgrade"], tmp_path, GUANXI_DATABASE_URL=database)
    assert upgraded.returncode == 0, upgraded.stderr
    tables = _run(
        [
            python,
            "-c",
            "import sys, sqlalchemy as sa; "
            "print(sa.inspect(sa.create_engine(sys.argv[1])).get_table_names())",
            database,
        ],
        tmp_path,
    )
    assert "hotel_entries" in tables.stdout, tables.stderr

    routed = _run([python, "-c", ROUTE_SCRIPT, database], tmp_path, GUANXI_DATABASE_URL=database)
    assert routed.returncode == 0, routed.stderr
    assert routed.stdout.split("\n")[-3:-1] == ["grand-hotel 200", "corner-shop 404"], routed.stdout

    checked = _run([guanxi, "plugins", "check", "hotel"], tmp_path, GUANXI_DATABASE_URL=database)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    tested = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], pack_dir)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-2000:]
    assert " passed" in tested.stdout and "failed" not in tested.stdout
