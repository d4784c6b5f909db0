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


def check_upgrade(report: Report, registry: PackRegistry, pack: LoadedPack) -> bool:
    """Upgrade and downgrade on a scratch SQLite file; then check the tables the pack created.

    True when the pack's schema is sound enough to run requests against.
    """
    before = len(report.failures)
    with tempfile.TemporaryDirectory(prefix="guanxi-check-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'check.db'}"
        try:
            upgrade(url, _subset(registry, pack, False))
            base = _tables(url)
            upgrade(url, _subset(registry, pack, True))
            created = _tables(url) - base
            _check_tables(report, url, pack, created)
            check_drift(report, url, pack)
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
    return len(report.failures) == before


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


def _tenant_key_form(diff: tuple[Any, ...], tenant_led: set[tuple[str, str]]) -> bool:
    """Whether ``diff`` is only the tenant-led form the migrations give a model's key.

    A model declares ``customer_id -> customers.id``; the pack's migration turns it into
    ``(tenant_id, customer_id) -> customers(tenant_id, id)`` (``sdk.migrations``), with the parent's
    ``uq_<table>_tenant_id`` key behind it.  Autogenerate sees that as a removed and an added
    key: the same schema written the safer way, not drift.
    """
    kind, thing = diff[0], diff[1]
    if kind == "remove_index":
        return bool(thing.unique) and thing.name == f"uq_{thing.table.name}_tenant_id"
    if kind == "remove_fk":
        return [c.name for c in thing.columns][:1] == ["tenant_id"]
    if kind == "add_fk":
        columns = [c.name for c in thing.columns]
        return len(columns) == 1 and (thing.table.name, columns[0]) in tenant_led
    return False


def _describe(diff: Any) -> str:
    """One readable line for an autogenerate difference (a tuple, or a list of column changes)."""
    if isinstance(diff, list):  # modify_* on one column: [(kind, schema, table, column, info, old, new)]
        kind, _schema, table, column, _info, old, new = diff[0]
        return f"{kind} {table}.{column}: the database has {old!r}, the model {new!r}"
    kind, thing = diff[0], diff[1]
    if kind in ("add_column", "remove_column"):
        return f"{kind} {diff[2]}.{diff[3].name}"
    name = getattr(thing, "name", None) or ",".join(getattr(thing, "columns", {}).keys())
    table = getattr(getattr(thing, "table", None), "name", "")
    return f"{kind} {table + '.' if table and table != name else ''}{name}"


def check_drift(report: Report, url: str, pack: LoadedPack) -> None:
    """Compare the tables the pack's migrations built with its models (Alembic's autogenerate).

    A model changed without a migration works in tests that create tables from the metadata and
    fails on every real database; this finds it before a firm upgrades.  Only the pack's own tables
    are compared (core's and other packs' are theirs to check).
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from core.db import make_engine

    own = {t.name for t in (getattr(m, "__table__", None) for m in pack.models) if t is not None}
    if not own:
        return

    def include_object(thing: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = name if type_ == "table" else getattr(getattr(thing, "table", None), "name", None)
        return table in own

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tenant_led = {
                (table, fk["constrained_columns"][1])
                for table in own
                for fk in inspect(connection).get_foreign_keys(table)
                if fk["constrained_columns"][:1] == ["tenant_id"] and len(fk["constrained_columns"]) == 2
            }
            context = MigrationContext.configure(
                connection, opts={"include_object": include_object, "compare_type": True}
            )
            diffs = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    drift = [d for d in diffs if isinstance(d, list) or not _tenant_key_form(d, tenant_led)]
    for diff in drift:
        report.fail(
            "drift",
            f"the models and the migrations disagree: {_describe(diff)}; "
            "write a migration for the model change (alembic revision --autogenerate)",
        )
    if not drift:
        report.ok("drift", f"the migrations build what the models declare ({len(own)} table(s))")
