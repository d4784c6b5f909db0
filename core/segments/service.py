"""Saved segments: create, change, delete, and evaluate as one SQL statement.

A segment's filters are validated against the fields the tenant can use (core's plus its enabled
packs', ``guanxi_register_segment_fields``) when saved and again when evaluated, since a pack may
have been disabled since.  Evaluation returns a ``SELECT customers.id ...`` that campaigns and
exports embed in their own statements, or the ids themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlmodel import Session, col

from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.models import Customer, Tenant
from core.packs.state import hooks_for
from core.segments.models import Segment
from core.segments.sql import live_customers
from core.text import clean_text
from core.types import utcnow


def segment_condition(*, session: Session, tenant: Tenant, filters: dict[str, Any]) -> ColumnElement[bool]:
    """All filters ANDed into one condition over ``customers``; every bad filter is reported."""
    if not isinstance(filters, dict):
        raise InvalidInput([Problem("filters", "give an object mapping field keys to values")])
    fields = hooks_for(session, tenant).segment_fields(tenant=tenant)
    problems: list[Problem] = []
    conditions: list[ColumnElement[bool]] = []
    for key, value in filters.items():
        field = fields.get(key)
        if field is None:
            problems.append(Problem(f"filters.{key}", f"unknown field; known: {', '.join(sorted(fields))}"))
            continue
        try:
            conditions.append(field.condition(tenant=tenant, value=value))
        except ValueError as exc:
            problems.append(Problem(f"filters.{key}", str(exc)))
    if problems:
        raise InvalidInput(problems)
    return and_(live_customers(tenant), *conditions)


def segment_select(*, session: Session, tenant: Tenant, filters: dict[str, Any]) -> Select[Any]:
    """``SELECT customers.id`` of the segment: embed it (``Customer.id.in_(...)``) or run it."""
    condition = segment_condition(session=session, tenant=tenant, filters=filters)
    return select(col(Customer.id)).where(condition).order_by(col(Customer.id))


def get_segment(*, session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    tenant_id = session.info.get("guanxi_tenant_id")
    if segment is None or (tenant_id is not None and segment.tenant_id != tenant_id):
        raise NotFound(f"segment {segment_id} not found")
    return segment


def segment_customer_ids(*, session: Session, tenant: Tenant, segment_id: int) -> list[int]:
    """The ids of the segment's customers now, in one query."""
    segment = get_segment(session=session, segment_id=segment_id)
    statement = segment_select(session=session, tenant=tenant, filters=segment.filters)
    return list(session.execute(statement).scalars())


def count_segment(*, session: Session, tenant: Tenant, filters: dict[str, Any]) -> int:
    inner = segment_select(session=session, tenant=tenant, filters=filters).order_by(None).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def _name(name: str) -> str:
    cleaned = clean_text(name)
    if not cleaned:
        raise InvalidInput([Problem("name", "give the segment a name")])
    if len(cleaned) > 200:
        raise InvalidInput([Problem("name", "at most 200 characters")])
    return cleaned


def _check_unique(session: Session, name: str, segment_id: int | None = None) -> None:
    """A clear Conflict for a taken name; the unique key stays the guard against races."""
    taken = select(col(Segment.id)).where(col(Segment.name) == name)
    if segment_id is not None:
        taken = taken.where(col(Segment.id) != segment_id)
    if session.execute(taken).first() is not None:
        raise Conflict(f"a segment named '{name}' already exists")


def create_segment(
    *, session: Session, tenant: Tenant, name: str, filters: dict[str, Any], description: str = ""
) -> Segment:
    """Save a segment after checking every filter against the tenant's fields."""
    name = _name(name)
    segment_condition(session=session, tenant=tenant, filters=filters)
    _check_unique(session, name)
    segment = Segment(tenant_id=tenant.id, name=name, filters=filters, description=clean_text(description))
    session.add(segment)
    session.flush()
    return segment


def update_segment(
    *,
    session: Session,
    tenant: Tenant,
    segment_id: int,
    name: str | None = None,
    filters: dict[str, Any] | None = None,
    description: str | None = None,
) -> Segment:
    segment = get_segment(session=session, segment_id=segment_id)
    if name is not None:
        _check_unique(session, _name(name), segment.id)
        segment.name = _name(name)
    if filters is not None:
        segment_condition(session=session, tenant=tenant, filters=filters)
        segment.filters = filters
    if description is not None:
        segment.description = clean_text(description)
    segment.updated_at = utcnow()
    session.add(segment)
    session.flush()
    return segment


def delete_segment(*, session: Session, segment_id: int) -> None:
    session.delete(get_segment(session=session, segment_id=segment_id))
    session.flush()


def list_segments(*, session: Session) -> list[Segment]:
    return list(session.execute(select(Segment).order_by(Segment.name)).scalars())
