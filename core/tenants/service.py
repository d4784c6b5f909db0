"""Tenants: create, find, list."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from sqlmodel import Session, select

from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.models import Tenant

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
LOCALES = ("en", "zh_Hans", "zh_Hant")


def validate_tenant_fields(*, slug: str, locale: str, timezone: str, phone_region: str) -> None:
    problems = []
    if not SLUG.match(slug):
        problems.append(Problem("slug", "use 2-63 lower-case letters, digits and dashes"))
    if locale not in LOCALES:
        problems.append(Problem("locale", f"must be one of {', '.join(LOCALES)}"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem("timezone", f"unknown time zone '{timezone}'"))
    if phone_region not in phonenumbers.SUPPORTED_REGIONS:
        problems.append(Problem("phone_region", f"unknown phone region '{phone_region}'"))
    if problems:
        raise InvalidInput(problems)


def create_tenant(
    *,
    session: Session,
    slug: str,
    name: str,
    locale: str = "zh_Hans",
    timezone: str = "Asia/Shanghai",
    phone_region: str = "CN",
    currency: str = "CNY",
) -> Tenant:
    """Create a tenant on the ``basic`` edition (upgrade it with :func:`core.editions.change_edition`)."""
    validate_tenant_fields(slug=slug, locale=locale, timezone=timezone, phone_region=phone_region)
    if session.exec(select(Tenant).where(Tenant.slug == slug)).first() is not None:
        raise Conflict(f"tenant '{slug}' already exists")
    tenant = Tenant(
        slug=slug,
        name=name.strip() or slug,
        locale=locale,
        timezone=timezone,
        phone_region=phone_region,
        currency=currency,
    )
    session.add(tenant)
    session.flush()
    return tenant


def get_tenant(session: Session, slug: str) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise NotFound(f"no tenant '{slug}'")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.exec(select(Tenant).order_by(Tenant.slug)).all())
