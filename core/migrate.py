"""``guanxi db upgrade``: core's Alembic branch plus one branch per installed pack.

Four promises, each tested:

* Every branch records its position in its own version table (:mod:`core.versiontables`), so
  core's position never depends on a pack being importable: a pack that was uninstalled, or fails
  to load, cannot make core look older than it is.  Databases from the single shared table are
  split once, on their next upgrade.
* A pack that is gone leaves its version table (and its tables and rows) untouched; the upgrade
  reports its revisions as missing and they count again when the pack comes back.
* The whole upgrade is one transaction (SQLite included: core.db turns off pysqlite's implicit
  commits), so a migration that fails midway leaves schema and data exactly as before.
* On SQLite, table rebuilds (batch ALTER) run with foreign keys off so ``ON DELETE CASCADE`` cannot
  silently empty pack tables; ``PRAGMA foreign_key_check`` runs before commit and any violation
  rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from core import versiontables as vt
from core.db import make_engine
from core.dbstats import refresh_statistics
from core.errors import GuanxiError
from core.packs.registry import PackRegistry

CORE_MIGRATIONS = Path(__file__).parent / "migrations"
CORE_BRANCH = vt.CORE_BRANCH


class MigrationFailed(GuanxiError):
    """An upgrade or downgrade failed; nothing was changed."""


@dataclass
class UpgradeReport:
    """Revisions stored before and after, and those that no installed pack knows."""

    before: set[str] = field(default_factory=set)
    after: set[str] = field(default_factory=set)
    missing_revisions: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return bool(self.missing_revisions)


def branches(registry: PackRegistry) -> dict[str, Path]:
    """Branch label -> versions directory, core first."""
    found = {CORE_BRANCH: CORE_MIGRATIONS / "versions"}
    for pack in registry.packs.values():
        if pack.migrations is not None:
            found[pack.migrations.branch] = Path(pack.migrations.versions_dir)
    return found


def alembic_config(registry: PackRegistry, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(CORE_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", ":".join(str(p) for p in branches(registry).values()))
    config.attributes["connection"] = connection
    return config


def _graph(config: Config, registry: PackRegistry) -> vt.RevisionGraph:
    try:
        return vt.RevisionGraph.load(ScriptDirectory.from_config(config), branches(registry))
    except KeyError as exc:  # Alembic's own message is the bare revision id
        raise vt.VersionTableError(
            f"a revision needs revision {exc} that neither core nor any installed pack has"
        ) from exc


def _stored_revisions(connection: Connection) -> set[str]:
    return set().union(*(vt.rows(connection, t) for t in vt.version_tables(connection)))


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise MigrationFailed(
            f"migration would break {len(problems)} foreign key reference(s), e.g. {problems[0]}; rolled back"
        )


def _run_branch(
    config: Config, connection: Connection, graph: vt.RevisionGraph, branch: str, *, up: bool
) -> None:
    """Move one branch to its head (or its base) on its own version table; other branches'
    revisions that its pending ones need are given as applied, and afterwards the table holds the
    branch's own revisions only."""
    table = vt.version_table(branch)
    if up:
        vt.write(connection, table, graph.given(branch, vt.rows(connection, table)))
    config.attributes["version_table"] = table
    if up:
        command.upgrade(config, f"{branch}@head")
    else:
        command.downgrade(config, f"{branch}@base")
    vt.keep_only(connection, table, graph.owned(branch))


def _missing(connection: Connection, graph: vt.RevisionGraph, installed: list[str]) -> list[str]:
    """Revisions in version tables that no installed branch knows."""
    ours = {vt.version_table(b) for b in installed}
    return sorted(
        revision
        for table in vt.version_tables(connection)
        if table not in ours
        for revision in vt.rows(connection, table) - set(graph.owner)
    )


def upgrade(url: str, registry: PackRegistry) -> UpgradeReport:
    """Upgrade core and every installed pack's branch to its head, in one transaction."""
    engine = make_engine(url, foreign_keys=False)
    report = UpgradeReport()
    try:
        with engine.begin() as connection:
            config = alembic_config(registry, connection)
            graph = _graph(config, registry)
            order = graph.order(list(branches(registry)))
            vt.adopt_shared_table(connection, graph, order)
            report.before = _stored_revisions(connection)
            for branch in order:
                stray = vt.rows(connection, vt.version_table(branch)) - set(graph.owner)
                if stray:
                    raise MigrationFailed(
                        f"the database has revision(s) {', '.join(sorted(stray))} of '{branch}' that "
                        "the installed version does not know (is it older than the database?)"
                    )
                _run_branch(config, connection, graph, branch, up=True)
            report.after = _stored_revisions(connection)
            report.missing_revisions = _missing(connection, graph, order)
            _check_foreign_keys(connection)
        if report.after != report.before:  # new tables or indexes: the planner should know them
            refresh_statistics(engine)
    except MigrationFailed:
        raise
    except vt.VersionTableError as exc:
        raise MigrationFailed(f"{exc}; nothing was changed") from exc
    except Exception as exc:
        raise MigrationFailed(f"upgrade failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()
    return report


def downgrade_branch(url: str, branch: str, registry: PackRegistry) -> None:
    """Remove one pack's schema (its branch down to base); core and other packs stay intact."""
    if branch == CORE_BRANCH or branch not in branches(registry):
        raise MigrationFailed(f"'{branch}' is not an installed pack branch")
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config(registry, connection)
            graph = _graph(config, registry)
            vt.adopt_shared_table(connection, graph, graph.order(list(branches(registry))))
            _run_branch(config, connection, graph, branch, up=False)
            _check_foreign_keys(connection)
    except MigrationFailed:
        raise
    except Exception as exc:
        raise MigrationFailed(f"downgrade failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()


def current_revisions(url: str) -> set[str]:
    """Every revision recorded, in every branch's version table (installed or not)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _stored_revisions(connection)
    finally:
        engine.dispose()
