"""``guanxi db upgrade``: core's Alembic branch plus one branch per installed pack.

Three promises, each tested:

* A pack whose distribution is gone leaves its revision in ``alembic_version``; plain Alembic then
  fails with "Can't locate revision".  We set such revisions aside for the run, upgrade every
  installed branch, put them back and report the pack as missing.  Its tables are not touched.
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
from sqlalchemy import Connection, inspect, text

from core.db import make_engine
from core.errors import GuanxiError
from core.plugins import PackRegistry, get_registry

CORE_MIGRATIONS = Path(__file__).parent / "migrations"
CORE_BRANCH = "core"
VERSION_TABLE = "alembic_version"


class MigrationFailed(GuanxiError):
    """An upgrade or downgrade failed; nothing was changed."""


@dataclass
class UpgradeReport:
    """Revisions stored before and after, and those of packs that are no longer installed."""

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
    config.set_main_option(
        "version_locations", ":".join(str(p) for p in branches(registry).values())
    )
    config.attributes["connection"] = connection
    return config


def _stored_revisions(connection: Connection) -> set[str]:
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    return {row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise MigrationFailed(
            f"migration would break {len(problems)} foreign key reference(s), e.g. {problems[0]}; "
            "rolled back"
        )


def upgrade(url: str, registry: PackRegistry | None = None) -> UpgradeReport:
    """Upgrade core and every installed pack's branch to its head, in one transaction."""
    registry = registry or get_registry()
    engine = make_engine(url, foreign_keys=False)
    report = UpgradeReport()
    try:
        with engine.begin() as connection:
            config = alembic_config(registry, connection)
            script = ScriptDirectory.from_config(config)
            known = {rev.revision for rev in script.walk_revisions()}
            orphans = sorted(_stored_revisions(connection) - known)
            for rev in orphans:
                connection.execute(
                    text(f"DELETE FROM {VERSION_TABLE} WHERE version_num = :rev"), {"rev": rev}
                )
            report.before = _stored_revisions(connection)
            for branch in branches(registry):
                command.upgrade(config, f"{branch}@head")
            report.after = _stored_revisions(connection)
            for rev in orphans:
                connection.execute(
                    text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:rev)"), {"rev": rev}
                )
            _check_foreign_keys(connection)
            report.missing_revisions = orphans
    except MigrationFailed:
        raise
    except Exception as exc:
        raise MigrationFailed(f"upgrade failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()
    return report


def downgrade_branch(url: str, branch: str, registry: PackRegistry | None = None) -> None:
    """Remove one pack's schema (its branch down to base); core and other packs stay intact."""
    registry = registry or get_registry()
    if branch == CORE_BRANCH or branch not in branches(registry):
        raise MigrationFailed(f"'{branch}' is not an installed pack branch")
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config(registry, connection)
            command.downgrade(config, f"{branch}@base")
            _check_foreign_keys(connection)
    except MigrationFailed:
        raise
    except Exception as exc:
        raise MigrationFailed(f"downgrade failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()


def current_revisions(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _stored_revisions(connection)
    finally:
        engine.dispose()
