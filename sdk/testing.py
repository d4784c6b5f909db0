"""pytest plugin for Guanxi and its packs (registered through the ``pytest11`` entry point).

The suite runs on a migrated scratch database: embedded SQLite by default, or the PostgreSQL named
by ``GUANXI_TEST_DATABASE_URL``.  Each test gets fresh tenants rather than a truncated database, so
tests stay isolated on both databases the way real tenants are.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from sdk.testing_api import *  # noqa: F403  (API-client fixtures: app, make_user, api_client, ...)
from sdk.testing_jobs import *  # noqa: F403  (run_due_jobs: a scheduler tick at a chosen moment)
from sdk.testing_walks import *  # noqa: F403  (security walks over the route table, walk_kit)
from sdk.testing_web import *  # noqa: F403  (web_client: signed-in page sessions)

__all__ = ["hooks_for", "scratch_database", "test_database_url"]


def hooks_for(session: Session, tenant: Any) -> Any:
    """The hooks as core calls them for ``tenant``: only the packs it enabled take part.

    One typed method per hook: ``hooks_for(session, tenant).import_types(tenant=tenant)`` returns
    the :class:`ImportType` records a ``guanxi_register_import_types`` call collects for that
    tenant; use it to test that a pack's contribution appears for tenants that enabled it and not
    for others.  ``session`` is a unit of work from the ``uow`` fixture.
    """
    from core.packs.state import hooks_for as core_hooks_for

    return _TypedHooks(core_hooks_for(session, tenant))


class _TypedHooks:
    """The tenant's hooks, plus core API 1.0's ``register("<things>", tenant=)``, which keeps
    working for this minor version with a :class:`DeprecationWarning` naming the typed method."""

    def __init__(self, hooks: Any) -> None:
        self._hooks = hooks

    def __getattr__(self, name: str) -> Any:
        return getattr(self._hooks, name)

    def register(self, what: str, *, tenant: Any) -> list[Any]:
        import warnings

        warnings.warn(
            f"hooks_for(...).register({what!r}, tenant=) is deprecated since core API 1.0; use "
            f"hooks_for(...).{what}(tenant=) instead, register() is removed in 2.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return list(getattr(self._hooks, what)(tenant=tenant))


TEST_DATABASE_ENV = "GUANXI_TEST_DATABASE_URL"


def test_database_url() -> str | None:
    """The PostgreSQL URL the suite should use, if any."""
    return os.environ.get(TEST_DATABASE_ENV) or None


def pytest_configure(config: pytest.Config) -> None:
    """Tests sign tokens and cookies with a random key of their own: nothing secret is built in."""
    import secrets

    os.environ.setdefault("GUANXI_SECRET_KEY", secrets.token_urlsafe(32))
    # Production-cost argon2 in every test user would dominate the suite; tests get the cheapest
    # parameters argon2 allows (core.security reads this).
    os.environ.setdefault("GUANXI_PASSWORD_HASH_COST", "test")
    # No scheduler thread in test apps: tests tick ``app.state.scheduler`` with a clock they choose.
    os.environ.setdefault("GUANXI_JOBS_EMBEDDED", "false")


def pytest_report_header(config: pytest.Config) -> str:
    url = test_database_url()
    if url:
        return f"guanxi: database {make_url(url).render_as_string(hide_password=True)}"
    return f"guanxi: embedded SQLite (set {TEST_DATABASE_ENV} to run on PostgreSQL; skipped here)"


@contextmanager
def scratch_database(tmp_dir: Any) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a fresh database on the test PostgreSQL server."""
    base = test_database_url()
    if not base:
        yield f"sqlite:///{tmp_dir}/scratch-{uuid.uuid4().hex[:8]}.db"
        return
    from core.db import normalize_url

    url = make_url(normalize_url(base))
    name = f"guanxi_scratch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def active_registry() -> Any:
    """The registry the running test uses: the process-wide one, which fixtures such as
    ``use_packs`` swap for a test.  Fixtures open their units of work with it."""
    from core.packs.loader import get_registry

    return get_registry()


@pytest.fixture(scope="session")
def guanxi_registry() -> Any:
    """Every installed pack, loaded once (the process-wide registry)."""
    from core.packs.loader import load_packs, set_registry

    registry = load_packs()
    set_registry(registry)
    return registry


@pytest.fixture(scope="session")
def guanxi_database_url(tmp_path_factory: pytest.TempPathFactory, guanxi_registry: Any) -> Iterator[str]:
    """A database migrated to the heads of core and every installed pack, shared by the session."""
    from core.migrate import upgrade

    with scratch_database(tmp_path_factory.mktemp("db")) as url:
        upgrade(url, guanxi_registry)
        os.environ["GUANXI_DATABASE_URL"] = url
        from core.settings import get_settings

        get_settings.cache_clear()
        yield url


@pytest.fixture(scope="session")
def guanxi_engine(guanxi_database_url: str) -> Iterator[Engine]:
    from core.db import get_engine

    engine = get_engine(guanxi_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_tenant(guanxi_engine: Engine) -> Callable[..., Any]:
    """Create a tenant with a unique slug, optionally with packs enabled or on an edition."""
    from core.editions import change_edition
    from core.packs.state import enable_pack
    from core.tenants.service import create_tenant

    def make(*, packs: tuple[str, ...] | list[str] = (), edition: str | None = None, **fields: Any) -> Any:
        fields.setdefault("slug", f"t-{uuid.uuid4().hex[:10]}")
        fields.setdefault("name", f"Tenant {fields['slug']}")
        with Session(guanxi_engine, expire_on_commit=False) as session:
            tenant = create_tenant(session=session, **fields)
            session.commit()
        from core.tenancy import unit_of_work

        if edition or packs:
            assert tenant.id is not None
            with unit_of_work(guanxi_engine, tenant.id, registry=active_registry()) as session:
                if edition:
                    change_edition(session=session, tenant=tenant, edition=edition)
                for pack in packs:
                    enable_pack(session=session, tenant=tenant, pack=pack)
        return tenant

    return make


@pytest.fixture
def tenant(make_tenant: Callable[..., Any]) -> Any:
    """A fresh tenant on the basic edition with no pack enabled."""
    return make_tenant()


@pytest.fixture
def uow(guanxi_engine: Engine) -> Callable[[Any], Any]:
    """``with uow(tenant) as session:`` — one committed unit of work for a tenant."""
    from core.tenancy import unit_of_work

    return lambda tenant: unit_of_work(guanxi_engine, tenant.id, registry=active_registry())


@pytest.fixture
def make_customer(uow: Callable[[Any], Any]) -> Callable[..., Any]:
    """Create and commit a customer for a tenant; fields default to a plausible person."""
    from core.customers.service import create_customer

    counter = iter(range(1, 10**9))

    def make(tenant: Any, **data: Any) -> Any:
        n = next(counter)
        data.setdefault("name", f"测试客户{n}")
        with uow(tenant) as session:
            return create_customer(session=session, tenant=tenant, data=data)

    return make


@pytest.fixture
def make_interaction(uow: Callable[[Any], Any]) -> Callable[..., Any]:
    """Log and commit an interaction for a customer."""
    from core.interactions.service import log_interaction

    def make(tenant: Any, customer: Any, **data: Any) -> Any:
        data.setdefault("kind", "note")
        data.setdefault("summary", "test interaction")
        with uow(tenant) as session:
            return log_interaction(session=session, tenant=tenant, customer_id=customer.id, data=data)

    return make


@pytest.fixture
def scratch_database_url(tmp_path: Any) -> Iterator[str]:
    """An empty database of the kind under test, for migration tests."""
    with scratch_database(tmp_path) as url:
        yield url
