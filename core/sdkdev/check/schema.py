"""Checks of a pack's schema: its Alembic branch, a real upgrade and downgrade, its tables.

The branch rule: every revision in the pack's versions directory carries the pack's label or
descends from the revision that does, and no revision anywhere else claims the label.  A revision
that revises core (instead of ``depends_on`` it) would move core's head and break every other pack.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from core.migrate import CORE_MIGRATIONS, branches, downgrade_branch, upgrade
from core.packs.registry import LoadedPack, PackRegistry
from core.sdkdev.check.findings import Report
from core.sdkdev.names import pack_names
from core.versiontables import SHARED_TABLE


def _subset(registry: PackRegistry, pack: LoadedPack, with_pack: bool) -> PackRegistry:
    """Core plus the pack's dependencies (transitively), and the pack itself if ``with_pack``."""
    wanted: set[str] = set()
    todo = list(pack.info.depends)
    while todo:
        name = todo.pop()
        if name in registry.packs and name not in wanted:
            wanted.add(name)
            todo += list(registry.packs[name].info.depends)
    if with_pack:
        wanted.add(pack.name)
    return PackRegistry(
        pm=registry.pm, problems=[], packs={n: p for n, p in registry.packs.items() if n in wanted}
    )


def _labels(script: Any) -> set[str]:
    return set(script.branch_labels or ())


def _downs(script: Any) -> tuple[str, ...]:
    """The revisions ``script`` revises (its ``depends_on`` is not among them)."""
    down = script.down_revision
    return () if down is None else (down,) if isinstance(down, str) else tuple(down)


def check_branch(report: Report, registry: PackRegistry, pack: LoadedPack) -> bool:
    """The pack's revisions form one branch under its own label; True when it is sound."""
    location = pack.migrations
    if location is None:
        report.fail(
            "migrations",
            "guanxi_register_migrations returns nothing; a pack with tables needs its own Alembic branch",
        )
        return False
    before = len(report.failures)
    label, versions = location.branch, Path(location.versions_dir).resolve()
    if label != pack.name:
        report.fail("migrations", f"branch label is '{label}'; it must be the pack name '{pack.name}'")
    if not versions.is_dir():
        report.fail("migrations", f"versions directory {versions} does not exist")
        return False
    dirs = [
        str(CORE_MIGRATIONS / "versions"),
        *(
            str(p)
            for p in branches(_subset(registry, pack, True)).values()
            if Path(p) != CORE_MIGRATIONS / "versions"
        ),
    ]
    try:
        script = ScriptDirectory(str(CORE_MIGRATIONS), version_locations=dirs)
        revisions = list(script.walk_revisions())
    except Exception as exc:
        report.fail("migrations", f"{versions.name}: the revisions do not form a history: {exc}")
        return False
    own = {r.revision: r for r in revisions if Path(r.path).resolve().parent == versions}
    if not own:
        report.fail("migrations", f"no revisions in {versions}")
        return False
    for rev in revisions:
        if rev.revision not in own and label in _labels(rev):
            report.fail(
                "migrations",
                f"{Path(rev.path).name}: revision {rev.revision} outside the pack's "
                f"versions directory carries its label '{label}'",
            )
    for rev in own.values():
        where = f"{Path(rev.path).name}: revision {rev.revision}"
        if _labels(rev) - {label}:
            report.fail(
                "migrations",
                f"{where} carries label(s) {sorted(_labels(rev) - {label})}, not the pack's '{label}'",
            )
        for down in _downs(rev):
            if down not in own:
                report.fail(
                    "migrations",
                    f"{where} revises '{down}', outside the '{label}' branch; "
                    "a pack's first revision uses depends_on for core",
                )
        if not _downs(rev):
            if label not in _labels(rev):
                report.fail("migrations", f"{where} starts a branch without the label '{label}'")
            if not rev.dependencies:
                report.fail("migrations", f"{where} does not depends_on a core revision")
    heads = [r for r in own.values() if not any(r.revision in _downs(o) for o in own.values())]
    bases = [r for r in own.values() if not _downs(r)]
    if len(heads) > 1 or len(bases) > 1:
        report.fail(
            "migrations",
            f"the '{label}' branch has {len(bases)} base(s) and {len(heads)} head(s): "
            f"{sorted(r.revision for r in heads)}; it must be one line of revisions",
        )
    if len(report.failures) == before:
        report.ok("migrations", f"{len(own)} revision(s) form one branch '{label}'")
        return True
    return False


def _tables(url: str) -> set[str]:
    """The database's tables, leaving out Alembic's version tables (bookkeeping, not schema)."""
    from core.db import make_engine

    engine = make_engine(url)
    try:
        return {t for t in inspect(engine).get_table_names() if not t.startswith(SHARED_TABLE)}
    finally:
        engine.dispose()


def check_upgrade(report: Report, registry: PackRegistry, pack: LoadedPack) -> None:
    """Upgrade and downgrade on a scratch SQLite file; then check the tables the pack created."""
    with tempfile.TemporaryDirectory(prefix="guanxi-check-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'check.db'}"
        try:
            upgrade(url, _subset(registry, pack, False))
            base = _tables(url)
            upgrade(url, _subset(registry, pack, True))
            created = _tables(url) - base
            _check_tables(report, url, pack, created)
            downgrade_branch(url, pack.migrations.branch, _subset(registry, pack, True))  # type: ignore[union-attr]
            left = _tables(url) - base
            if left:
                report.fail("migrations", f"downgrade leaves table(s) behind: {', '.join(sorted(left))}")
            elif base - _tables(url):
                report.fail(
                    "migrations",
                    f"downgrade dropped table(s) it does not own: {', '.join(sorted(base - _tables(url)))}",
                )
            else:
                upgrade(url, _subset(registry, pack, True))
                report.ok(
                    "migrations",
                    f"upgrade, downgrade and upgrade again on a scratch database ({len(created)} table(s))",
                )
        except Exception as exc:
            report.fail("migrations", " ".join(str(exc).split())[:400])


def _check_tables(report: Report, url: str, pack: LoadedPack, created: set[str]) -> None:
    from core.db import make_engine

    prefix = pack_names(pack.name).table_prefix
    engine = make_engine(url)
    before = len(report.failures)
    try:
        inspector = inspect(engine)
        for table in sorted(created):
            if not table.startswith(prefix):
                report.fail("tables", f"table '{table}' is not prefixed '{prefix}'")
            columns = {c["name"] for c in inspector.get_columns(table)}
            if "tenant_id" not in columns:
                report.fail(
                    "tables", f"table '{table}' has no tenant_id column: pack tables are tenant-owned"
                )
                continue
            if not any(
                fk["constrained_columns"] == ["tenant_id"]
                and fk["referred_table"] == "tenants"
                and fk["referred_columns"] == ["id"]
                for fk in inspector.get_foreign_keys(table)
            ):
                report.fail("tables", f"table '{table}': tenant_id has no foreign key to tenants.id")
            keys: list[Sequence[str | None]] = [i["column_names"] for i in inspector.get_indexes(table)]
            keys += [u["column_names"] for u in inspector.get_unique_constraints(table)]
            keys.append(inspector.get_pk_constraint(table).get("constrained_columns") or [])
            if not any(cols and cols[0] == "tenant_id" for cols in keys):
                report.fail(
                    "tables", f"table '{table}': no index, unique or primary key starts with tenant_id"
                )
        for model in pack.models:
            name = getattr(getattr(model, "__table__", None), "name", None)
            if name and name not in created:
                report.fail(
                    "tables",
                    f"model {model.__name__}: table '{name}' is not created by the pack's migrations",
                )
    finally:
        engine.dispose()
    if len(report.failures) == before:
        report.ok("tables", f"tenant-owned and prefixed '{prefix}': {', '.join(sorted(created)) or 'none'}")
