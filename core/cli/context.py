"""What every CLI command needs: the engine, a tenant by slug, and printing for people or scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console

from core.errors import NotFound

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from core.models import Tenant
    from core.packs.registry import PackRegistry

# The database layer is imported inside the functions: ``guanxi --help`` and every command
# module import this one, and SQLAlchemy alone takes longer to load than the rest of the help.
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def engine() -> Engine:
    from core.db import get_engine

    return get_engine()


def registry() -> PackRegistry:
    """The CLI's pack registry: the process-wide one, loaded once and handed to what commands call."""
    from core.packs.loader import get_registry

    return get_registry()


def load_tenant(slug: str) -> Tenant:
    from core.tenancy import unit_of_work
    from core.tenants.service import get_tenant

    with unit_of_work(engine(), None, read_only=True) as session:
        return get_tenant(session, slug)


@contextmanager
def tenant_work(slug: str, *, pack: str | None = None) -> Iterator[tuple[Session, Tenant]]:
    """One unit of work for the tenant named ``slug``.

    A pack's command passes ``pack``: it then refuses to act for a tenant that has not enabled it,
    exactly as the pack's routes answer 404 there.
    """
    from core.packs.state import enabled_packs
    from core.tenancy import unit_of_work

    tenant = load_tenant(slug)
    assert tenant.id is not None
    with unit_of_work(engine(), tenant.id, registry=registry()) as session:
        session.add(tenant)
        if pack is not None and pack not in enabled_packs(session, tenant):
            raise NotFound(f"pack '{pack}' is not enabled for tenant '{slug}'")
        yield session, tenant


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
