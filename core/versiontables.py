"""Where each Alembic branch's position is stored: one version table per branch.

With a single shared ``alembic_version`` table, Alembic stores only the heads of the combined
graph: a pack revision that ``depends_on`` core's head *replaces* core's row.  Set that pack aside
(uninstalled, or failing to import) and core looks as if nothing had ever been applied, so the next
upgrade re-runs core's first migration ("table ... already exists").  Here every branch keeps its
own table, ``alembic_version_<branch>``, holding only that branch's revisions, so core's position
(and any pack's) is read without importing, or even knowing, any other pack.

A branch's upgrade runs on its own table.  Revisions of other branches that its pending revisions
need (a pack's ``depends_on`` core) have already been applied, since branches run in dependency
order, core first; they are written into the table as *given* for the run, so Alembic neither
re-applies them nor asks for their graph beyond what is installed, and taken out again afterwards.

Databases migrated before per-branch tables keep working: :func:`adopt_shared_table` splits the old
table once, deriving each installed branch's heads from the rows and everything they descend from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, MetaData, PrimaryKeyConstraint, String, Table, inspect, text

from core.errors import GuanxiError

SHARED_TABLE = "alembic_version"
TABLE_PREFIX = "alembic_version_"
CORE_BRANCH = "core"


class VersionTableError(GuanxiError):
    """The stored positions cannot be trusted; nothing was changed."""


def version_table(branch: str) -> str:
    """The version table of ``branch`` (pack names use '-', which table names avoid)."""
    return TABLE_PREFIX + branch.replace("-", "_")


def _table(name: str) -> Table:
    """The same table Alembic creates (it checks for it first, so either side may create it)."""
    return Table(
        name,
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name=f"{name}_pkc"),
    )


def version_tables(connection: Connection) -> list[str]:
    """Every version table in the database, the old shared one included."""
    return sorted(
        n for n in inspect(connection).get_table_names() if n == SHARED_TABLE or n.startswith(TABLE_PREFIX)
    )


def rows(connection: Connection, table: str) -> set[str]:
    if not inspect(connection).has_table(table):
        return set()
    return set(connection.execute(text(f'SELECT version_num FROM "{table}"')).scalars())


def write(connection: Connection, table: str, revisions: Iterable[str]) -> None:
    """Add ``revisions`` to ``table``, creating it if needed."""
    _table(table).create(connection, checkfirst=True)
    for revision in sorted(set(revisions)):
        connection.execute(text(f'INSERT INTO "{table}" (version_num) VALUES (:r)'), {"r": revision})


def keep_only(connection: Connection, table: str, revisions: set[str]) -> None:
    """Delete every row of ``table`` not in ``revisions``; drop the table once it is empty."""
    for revision in rows(connection, table) - revisions:
        connection.execute(text(f'DELETE FROM "{table}" WHERE version_num = :r'), {"r": revision})
    if inspect(connection).has_table(table) and not rows(connection, table):
        _table(table).drop(connection)


@dataclass
class RevisionGraph:
    """Core's and the installed packs' revisions: which branch owns each, and what each needs."""

    script: ScriptDirectory
    owner: dict[str, str]

    @classmethod
    def load(cls, script: ScriptDirectory, branch_dirs: dict[str, Path]) -> RevisionGraph:
        """Each revision belongs to the branch whose versions directory holds its file."""
        by_dir = {Path(d).resolve(): branch for branch, d in branch_dirs.items()}
        owner = {}
        for rev in script.walk_revisions():
            where = Path(rev.path).resolve().parent
            if where not in by_dir:
                raise VersionTableError(f"{rev.path}: revision {rev.revision} is in no branch's directory")
            owner[rev.revision] = by_dir[where]
        return cls(script, owner)

    def owned(self, branch: str) -> set[str]:
        return {rev for rev, b in self.owner.items() if b == branch}

    def needs(self, revision: str) -> set[str]:
        """The revisions ``revision`` revises or ``depends_on`` (branch labels resolved)."""
        rev = self.script.get_revision(revision)
        down = rev.down_revision
        found = set() if down is None else {down} if isinstance(down, str) else set(down)
        dependencies = rev.dependencies
        for dependency in [dependencies] if isinstance(dependencies, str) else dependencies or ():
            found |= {r.revision for r in self.script.get_revisions(dependency) if r is not None}
        return found

    def applied(self, heads: Iterable[str]) -> set[str]:
        """``heads`` and every revision they descend from, across branches."""
        seen: set[str] = set()
        todo = [h for h in heads if h in self.owner]
        while todo:
            revision = todo.pop()
            if revision not in seen:
                seen.add(revision)
                todo += self.needs(revision)
        return seen

    def heads(self, revisions: set[str]) -> set[str]:
        """The members of ``revisions`` that no other member descends from."""
        below = set().union(*(self.applied(self.needs(r)) for r in revisions)) if revisions else set()
        return revisions - below

    def given(self, branch: str, stored: set[str]) -> set[str]:
        """Revisions of other branches that the branch's pending revisions need: already applied,
        because those branches ran first; Alembic is told so for the run."""
        done = self.applied(stored)
        pending = self.owned(branch) - done
        needed = set().union(*(self.needs(r) for r in pending)) if pending else set()
        return self.heads(needed - self.owned(branch) - done)

    def order(self, branches: list[str]) -> list[str]:
        """Branches in an order where every branch runs after the branches it needs; core first."""
        wants = {b: {self.owner[n] for r in self.owned(b) for n in self.needs(r)} - {b} for b in branches}
        ordered: list[str] = []
        while len(ordered) < len(branches):
            ready = [b for b in branches if b not in ordered and wants[b] <= set(ordered)]
            if not ready:
                stuck = sorted(set(branches) - set(ordered))
                raise VersionTableError(
                    f"branches {', '.join(stuck)} need each other's revisions; a "
                    "pack's revisions may depend on core or other packs, not in a cycle"
                )
            ordered.append(ready[0])
        return ordered


def adopt_shared_table(connection: Connection, graph: RevisionGraph, branches: list[str]) -> None:
    """Move the old shared table's rows into per-branch tables, once per installed branch.

    A row there may stand for several branches (a pack revision that absorbed core's head), so a
    branch's position is the heads among everything the known rows descend from.  Rows no installed
    pack knows stay in the old table until their pack is installed again.  Core's position must be
    certain before anything runs: when no row is core's own, core's head is not below a known row,
    and some rows are unknown, one of those may hold core's position, and the upgrade stops.
    """
    stored = rows(connection, SHARED_TABLE)
    if not stored:
        keep_only(connection, SHARED_TABLE, set())
        return
    known, unknown = stored & set(graph.owner), stored - set(graph.owner)
    applied = graph.applied(known)
    core_unknown = not rows(connection, version_table(CORE_BRANCH))
    if core_unknown and unknown and not stored & graph.owned(CORE_BRANCH):
        head = graph.heads(graph.owned(CORE_BRANCH))
        if not head <= applied:
            raise VersionTableError(
                f"core's schema version is recorded only together with revision(s) "
                f"{', '.join(sorted(unknown))} of packs that are not installed or fail to load; "
                "install them (or fix what stops them loading) and run 'guanxi db upgrade' once, "
                "so that each branch gets its own version table"
            )
    for branch in branches:
        table = version_table(branch)
        mine = graph.heads(applied & graph.owned(branch))
        if mine and not rows(connection, table):
            write(connection, table, mine)
    keep_only(connection, SHARED_TABLE, unknown)
