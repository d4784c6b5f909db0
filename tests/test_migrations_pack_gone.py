"""A pack that is uninstalled, or installed but failing to load, never makes core look older.

The pack here is a fresh scaffold (``guanxi plugins new``), whose first revision ``depends_on``
core's head, exactly as the guide tells vendors.  It is imported from its own ``src/`` and handed to
core through a registry, the way an installed distribution's entry point would be.
"""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from importlib_metadata import EntryPoint
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from core import versiontables
from core.api.app import create_app
from core.auth.tokens import issue_access_token
from core.cli.main import build_cli
from core.customers.service import create_customer
from core.db import make_engine
from core.migrate import MigrationFailed, alembic_config, branches, current_revisions, upgrade
from core.packs.loader import get_registry, load_packs, set_registry
from core.packs.registry import PackRegistry
from core.packs.state import enable_pack
from core.sdkdev.scaffold import PackSpec, core_head_revision, scaffold
from core.settings import get_settings
from core.tenancy import bind_registry, unit_of_work
from core.tenants.service import create_tenant
from core.users.service import create_user
from core.versiontables import SHARED_TABLE, version_table

RECORDER = ("recorder", "recorder")


@dataclass
class ScaffoldedPack:
    slug: str
    root: Path

    @property
    def package(self) -> str:
        return f"guanxi_{self.slug}"

    @property
    def first_revision(self) -> str:
        return f"{self.slug}_0001"

    @property
    def table(self) -> str:
        return f"{self.slug}_entries"

    def installed(self) -> PackRegistry:
        """The registry of a deployment where this pack is installed: it becomes process-wide."""
        entry = EntryPoint(name=self.slug, value=f"{self.package}.plugin", group="guanxi.plugins")
        return _use(load_packs([entry]))

    @staticmethod
    def uninstalled() -> PackRegistry:
        return _use(load_packs([]))

    def break_import(self) -> None:
        """The pack's plugin module now imports a dependency that is not installed."""
        plugin = self.root / "src" / self.package / "plugin.py"
        plugin.write_text(plugin.read_text() + "\nimport guanxi_no_such_dependency  # noqa: E402, F401\n")
        sys.modules.pop(f"{self.package}.plugin", None)


def _use(registry: PackRegistry) -> PackRegistry:
    set_registry(registry)
    return registry


@pytest.fixture
def pack(tmp_path, monkeypatch, scratch_database_url) -> Iterator[ScaffoldedPack]:
    """A scaffolded pack importable from ``tmp_path``, and the CLI pointed at a scratch database;
    its modules, tables and the registry are put back afterwards."""
    slug = f"lodging{uuid.uuid4().hex[:6]}"
    root = tmp_path / slug
    scaffold(PackSpec(slug, title_zh_hans="住宿", title_zh_hant="住宿"), root)
    monkeypatch.syspath_prepend(str(root / "src"))
    monkeypatch.setenv("GUANXI_DATABASE_URL", scratch_database_url)
    get_settings.cache_clear()
    original, modules, tables = get_registry(), set(sys.modules), set(SQLModel.metadata.tables)
    yield ScaffoldedPack(slug, root)
    set_registry(original)
    get_settings.cache_clear()
    for name in set(sys.modules) - modules:
        del sys.modules[name]
    for name in set(SQLModel.metadata.tables) - tables:
        SQLModel.metadata.remove(SQLModel.metadata.tables[name])


def _cli(*args: str) -> str:
    result = CliRunner().invoke(build_cli(), list(args))
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result.output


def _firm_with_an_entry(url: str, pack: ScaffoldedPack, registry: PackRegistry) -> tuple[str, str]:
    """A tenant that enabled the pack and wrote one entry; returns its slug and an owner's token."""
    engine = make_engine(url)
    try:
        with bind_registry(Session(engine, expire_on_commit=False), registry) as session:
            tenant = create_tenant(session=session, slug=f"f-{uuid.uuid4().hex[:8]}", name="Firm")
            owner = create_user(
                session=session,
                tenant=tenant,
                email="owner@firm.example",
                password="correct horse battery staple",
                role="owner",
            )
            session.commit()
        with unit_of_work(engine, tenant.id, registry=registry) as session:
            enable_pack(session=session, tenant=tenant, pack=pack.slug)
        service = importlib.import_module(f"{pack.package}.service")
        with unit_of_work(engine, tenant.id, registry=registry) as session:
            customer = create_customer(session=session, tenant=tenant, data={"name": "王芳"})
            service.add_entry(session=session, tenant=tenant, customer_id=customer.id, title="First stay")
        headers = {"Authorization": f"Bearer {issue_access_token(user=owner)[0]}"}
        return tenant.slug, headers["Authorization"]
    finally:
        engine.dispose()


def _served(url: str, registry: PackRegistry, token: str, path: str) -> tuple[int, object]:
    engine = make_engine(url)
    try:
        answer = TestClient(create_app(engine=engine, registry=registry)).get(
            path, headers={"Authorization": token}
        )
        return answer.status_code, answer.json()
    finally:
        engine.dispose()


def _entry_titles(url: str, pack: ScaffoldedPack) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(f"SELECT title FROM {pack.table}")).scalars())
    finally:
        engine.dispose()


def test_scaffold_depends_on_cores_head_so_these_tests_cover_the_vendors_case(pack):
    migration = next(pack.root.rglob(f"{pack.first_revision}_initial.py")).read_text()
    assert f'depends_on: str | Sequence[str] | None = "{core_head_revision()}"' in migration


def test_db_upgrade_and_serving_keep_working_after_a_scaffolded_pack_is_uninstalled(
    pack, scratch_database_url
):
    registry = pack.installed()
    _cli("db", "upgrade")
    _tenant, token = _firm_with_an_entry(scratch_database_url, pack, registry)

    registry = pack.uninstalled()
    output = _cli("db", "upgrade")
    assert "nothing to apply" in output and pack.first_revision in output
    assert _served(scratch_database_url, registry, token, "/api/v1/customers")[0] == 200
    assert _served(scratch_database_url, registry, token, f"/api/v1/{pack.slug}/entries")[0] == 404
    assert pack.first_revision in current_revisions(scratch_database_url)

    registry = pack.installed()
    assert "nothing to apply" in _cli("db", "upgrade")
    assert _entry_titles(scratch_database_url, pack) == ["First stay"]
    assert _served(scratch_database_url, registry, token, "/api/v1/customers")[0] == 200


def test_tenants_upgrade_works_after_a_scaffolded_pack_is_uninstalled(pack, scratch_database_url):
    registry = pack.installed()
    upgrade(scratch_database_url, registry)
    tenant, _token = _firm_with_an_entry(scratch_database_url, pack, registry)
    pack.uninstalled()
    assert "is now on professional" in _cli("tenants", "upgrade", tenant, "--edition", "professional")
    assert _entry_titles(scratch_database_url, pack) == ["First stay"]


def test_a_pack_that_fails_to_load_does_not_make_core_migrations_run_again(pack, scratch_database_url):
    registry = pack.installed()
    upgrade(scratch_database_url, registry)
    _tenant, token = _firm_with_an_entry(scratch_database_url, pack, registry)

    pack.break_import()
    broken = load_packs([EntryPoint(name=pack.slug, value=f"{pack.package}.plugin", group="guanxi.plugins")])
    assert [p.pack for p in broken.problems] == [pack.slug]
    assert "ModuleNotFoundError" in str(broken.problems[0])
    set_registry(broken)
    output = _cli("db", "upgrade")
    assert "nothing to apply" in output and f"skipped pack {pack.slug}" in " ".join(output.split())
    assert _served(scratch_database_url, broken, token, "/api/v1/customers")[0] == 200
    assert _entry_titles(scratch_database_url, pack) == ["First stay"]
    assert pack.table in inspect_tables(scratch_database_url)


def inspect_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _upgrade_the_old_way(url: str, registry: PackRegistry) -> None:
    """What ``db upgrade`` did before per-branch version tables: every branch on one shared table."""
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config(registry, connection)
            config.attributes["version_table"] = SHARED_TABLE
            for branch in branches(registry):
                command.upgrade(config, f"{branch}@head")
    finally:
        engine.dispose()


def _version_tables(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {t: versiontables.rows(connection, t) for t in versiontables.version_tables(connection)}
    finally:
        engine.dispose()


def test_database_from_the_shared_version_table_keeps_every_position(pack, scratch_database_url, use_packs):
    with_packs = use_packs(RECORDER, installed=False)
    registry = pack.installed()
    both = PackRegistry(pm=registry.pm, problems=[], packs={**with_packs.packs, **registry.packs})
    _upgrade_the_old_way(scratch_database_url, both)
    old = _version_tables(scratch_database_url)
    assert old == {SHARED_TABLE: {pack.first_revision, "recorder_0001"}}, "core's head was absorbed"
    _firm_with_an_entry(scratch_database_url, pack, registry)

    report = upgrade(scratch_database_url, both)
    assert report.after == report.before and not report.missing_revisions
    assert _version_tables(scratch_database_url) == {
        version_table("core"): {core_head_revision()},
        version_table(pack.slug): {pack.first_revision},
        version_table("recorder"): {"recorder_0001"},
    }
    pack.uninstalled()
    assert upgrade(scratch_database_url, with_packs).missing_revisions == [pack.first_revision]
    assert _entry_titles(scratch_database_url, pack) == ["First stay"]


def test_shared_table_rows_of_an_uninstalled_pack_wait_for_it(pack, scratch_database_url, use_packs):
    registry = use_packs(RECORDER, installed=False)
    _upgrade_the_old_way(scratch_database_url, registry)
    report = upgrade(scratch_database_url, pack.uninstalled())
    assert report.missing_revisions == ["recorder_0001"]
    assert _version_tables(scratch_database_url) == {
        version_table("core"): {core_head_revision()},
        SHARED_TABLE: {"recorder_0001"},
    }
    assert not upgrade(scratch_database_url, use_packs(RECORDER, installed=False)).missing_revisions
    assert _version_tables(scratch_database_url)[version_table("recorder")] == {"recorder_0001"}
    assert SHARED_TABLE not in _version_tables(scratch_database_url)


def test_shared_table_that_holds_core_only_in_a_missing_pack_asks_for_the_pack(pack, scratch_database_url):
    _upgrade_the_old_way(scratch_database_url, pack.installed())
    _firm_with_an_entry(scratch_database_url, pack, pack.installed())
    before = _version_tables(scratch_database_url)
    with pytest.raises(MigrationFailed, match=f"{pack.first_revision} of packs that are not installed"):
        upgrade(scratch_database_url, pack.uninstalled())
    assert _version_tables(scratch_database_url) == before
    upgrade(scratch_database_url, pack.installed())
    pack.uninstalled()
    assert "nothing to apply" in _cli("db", "upgrade")
    assert _entry_titles(scratch_database_url, pack) == ["First stay"]
