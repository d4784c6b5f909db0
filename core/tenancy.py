"""Tenant-scoped sessions: the one place where tenant isolation is enforced for ORM statements.

A session opened with :func:`tenant_session` carries its tenant id in ``session.info``.  Every ORM
SELECT/UPDATE/DELETE it runs gets ``tenant_id = :tenant`` on every tenant-owned entity (through
``with_loader_criteria``, which also reaches joins, relationships and subqueries), and every
tenant-owned object it flushes is stamped with the tenant — or refused if it names another one.
Raw SQL (analytics) takes the tenant as a bound parameter instead and is tested for isolation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, column, event
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Session

from core.models import TenantOwned

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry

TENANT_KEY = "guanxi_tenant_id"
REGISTRY_KEY = "guanxi_pack_registry"


class NoPackRegistry(RuntimeError):
    """Work that calls pack hooks ran in a session opened without a pack registry."""


class CrossTenantWrite(RuntimeError):
    """An object of one tenant was about to be written through another tenant's session."""


def _tenant_column(cls: Any) -> Any:
    """The class's ``tenant_id`` column; SQLAlchemy first calls the criteria with the unmapped
    mixin itself (to analyse the lambda), where a bare column of the same name stands in."""
    table = getattr(cls, "__table__", None)
    return table.c.tenant_id if table is not None else column("tenant_id")


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    tenant_id = state.session.info.get(TENANT_KEY)
    if tenant_id is None or state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = state.statement.options(_tenant_criteria(tenant_id))


@lru_cache(maxsize=4096)
def _tenant_criteria(tenant_id: int) -> Any:
    """The criteria option for one tenant, built once: constructing it analyses the lambda, which
    cost more than the query itself when done for every statement."""
    return with_loader_criteria(
        TenantOwned,
        lambda cls: _tenant_column(cls) == tenant_id,
        include_aliases=True,
        track_closure_variables=True,
    )


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session: Session, _context: Any, _instances: Any) -> None:
    tenant_id = session.info.get(TENANT_KEY)
    if tenant_id is None:
        return
    for obj in session.new:
        if isinstance(obj, TenantOwned):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise CrossTenantWrite(f"{type(obj).__name__} belongs to another tenant")
    for obj in session.dirty:
        if isinstance(obj, TenantOwned) and obj.tenant_id != tenant_id:
            raise CrossTenantWrite(f"{type(obj).__name__} belongs to another tenant")


def bind_registry(session: Session, registry: PackRegistry | None) -> Session:
    """Let the work in ``session`` call hooks through ``registry`` (see :func:`session_registry`)."""
    if registry is not None:
        session.info[REGISTRY_KEY] = registry
    return session


def session_registry(session: Session) -> PackRegistry:
    """The pack registry the session's opener bound to it.

    Services call hooks through the registry of the unit of work they run in; the entry point that
    opened it (a request's caller, a job run, a CLI command, a test fixture) chose which.  There is
    no process-wide fallback: a session without one is a bug in its opener, said here plainly.
    """
    registry = session.info.get(REGISTRY_KEY)
    if registry is None:
        raise NoPackRegistry("this session calls pack hooks but was opened without registry=")
    return registry


def tenant_session(
    engine: Engine, tenant_id: int, *, read_only: bool = False, registry: PackRegistry | None = None
) -> Session:
    """A session that sees and writes only ``tenant_id``'s rows.

    ``read_only`` lets SQLite readers run concurrently (deferred BEGIN); writers take the write lock
    up front so concurrent edits queue instead of failing.
    """
    session = Session(reader(engine) if read_only else engine, expire_on_commit=False)
    session.info[TENANT_KEY] = tenant_id
    return bind_registry(session, registry)


@lru_cache(maxsize=32)
def reader(engine: Engine) -> Engine:
    """``engine`` for read-only work: its transactions begin DEFERRED (core.db).  Built once per
    engine: setting the option on each session's connection cost more than a primary-key read,
    and a session bound here still connects only when first used."""
    return engine.execution_options(sqlite_begin="DEFERRED")


def session_tenant_id(session: Session) -> int | None:
    return session.info.get(TENANT_KEY)


@contextmanager
def unit_of_work(
    engine: Engine,
    tenant_id: int | None,
    *,
    read_only: bool = False,
    dry_run: bool = False,
    keep_on: tuple[type[BaseException], ...] = (),
    registry: PackRegistry | None = None,
) -> Iterator[Session]:
    """One transaction: the only commit/rollback block of API, web pages, CLI and jobs.

    It commits when the block ends without an error and rolls back everything on any error, so a
    pack hook that raises undoes the whole request or job.  ``tenant_id`` scopes the session to one
    tenant; ``None`` is for work before or above tenants (signing in, operators, creating
    tenants).  ``read_only`` work and a ``dry_run`` never commit.  ``keep_on`` names the
    errors after which the work is still committed: a refused sign-in must keep its failed
    attempt, or throttling would never start.  ``registry`` is the pack registry the work calls
    hooks through; work that calls none (signing in, reading a feed) may leave it out.
    """
    if tenant_id is not None:
        session = tenant_session(engine, tenant_id, read_only=read_only, registry=registry)
    else:
        session = bind_registry(
            Session(reader(engine) if read_only else engine, expire_on_commit=False), registry
        )
    with session:
        try:
            yield session
        except keep_on:
            session.commit()
            raise
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
        elif not read_only:
            session.commit()
        # a read ends with the session's close: the pool rolls the connection back, and what it
        # loaded stays readable, detached


def commit_early(session: Session) -> None:
    """Commit a unit of work's changes so far, before it ends.

    Only for work that must not wait for the end: a request that hands over to import batches,
    which are units of work of their own and need the SQLite write lock this request holds.
    """
    session.commit()
