"""Territories: the default tree seeded on enable, and adding territories to it."""

from __future__ import annotations

import re

from sqlalchemy import insert
from sqlmodel import Session, select

from sdk import Conflict, InvalidInput, Problem, Tenant, utcnow

from .models import PharmaTerritory

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")

#: 全国 and the seven regions most Chinese pharma sales organisations report by.
DEFAULT_TERRITORIES: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("CN", "全国", None, None),
    ("EAST", "华东", "华东", "CN"),
    ("SOUTH", "华南", "华南", "CN"),
    ("NORTH", "华北", "华北", "CN"),
    ("CENTRAL", "华中", "华中", "CN"),
    ("SOUTHWEST", "西南", "西南", "CN"),
    ("NORTHWEST", "西北", "西北", "CN"),
    ("NORTHEAST", "东北", "东北", "CN"),
)


def seed_on_first_enable(*, session: Session, tenant: Tenant, first_time: bool) -> int:
    """The default tree, the first time the pack is enabled only: a tenant's later edits (a
    territory it deleted) are never undone by disabling and enabling the pack again."""
    return seed_default_territories(session=session, tenant=tenant) if first_time else 0


def seed_default_territories(*, session: Session, tenant: Tenant) -> int:
    """Add the default tree's missing codes (one read, one multi-row insert); return how many."""
    existing = set(session.exec(select(PharmaTerritory.code)).all())
    now = utcnow()
    rows = [
        {
            "tenant_id": tenant.id,
            "code": code,
            "name": name,
            "region": region,
            "parent_code": parent,
            "created_at": now,
        }
        for code, name, region, parent in DEFAULT_TERRITORIES
        if code not in existing
    ]
    if rows:
        table = PharmaTerritory.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
        session.execute(insert(table), rows)
    return len(rows)


def create_territory(
    *,
    session: Session,
    tenant: Tenant,
    code: str,
    name: str,
    region: str | None = None,
    parent_code: str | None = None,
) -> PharmaTerritory:
    """Add a territory under ``parent_code`` (or at the top when it is None)."""
    problems = []
    if not _CODE.match(code):
        problems.append(Problem("code", "use 1-32 letters, digits, '-', '_' or '.'"))
    if not name.strip():
        problems.append(Problem("name", "must not be empty"))
    if parent_code is not None and not territory_exists(session=session, code=parent_code):
        problems.append(Problem("parent_code", f"no territory '{parent_code}'"))
    if problems:
        raise InvalidInput(problems)
    if territory_exists(session=session, code=code):
        raise Conflict(f"territory code '{code}' is already used")
    territory = PharmaTerritory(
        tenant_id=tenant.id, code=code, name=name.strip(), region=region, parent_code=parent_code
    )
    session.add(territory)
    session.flush()
    return territory


def territory_exists(*, session: Session, code: str) -> bool:
    return session.exec(select(PharmaTerritory.id).where(PharmaTerritory.code == code)).first() is not None


def list_territories(*, session: Session) -> list[PharmaTerritory]:
    """All territories of the tenant by code (the tree is small: a few hundred rows at most)."""
    return list(session.exec(select(PharmaTerritory).order_by(PharmaTerritory.code)))
