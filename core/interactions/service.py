"""Interactions: log one, read a customer's timeline (core's and the enabled packs' records)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlmodel import Session, and_, col, or_, select

from core.customers.service import get_customer
from core.errors import InvalidInput, Problem
from core.interactions.limits import check_interaction_limits
from core.models import Interaction, Tenant
from core.packs.state import hooks_for
from core.text import clean_text


def log_interaction(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    data: dict[str, Any],
    user_id: int | None = None,
    source: str = "core",
) -> Interaction:
    """Record an interaction; ``source`` is ``core`` or the pack that wrote it."""
    get_customer(session=session, customer_id=customer_id)
    occurred_at = data.get("occurred_at")
    if isinstance(occurred_at, datetime) and occurred_at.tzinfo is None:
        raise InvalidInput([Problem("occurred_at", "give a time zone (e.g. 2026-05-01T10:00+08:00)")])
    values = {k: v for k, v in data.items() if v is not None}
    if "summary" in values:
        values["summary"] = clean_text(values["summary"])
    check_interaction_limits(values)
    if values.get("amount") is not None and not values.get("currency"):
        values["currency"] = tenant.currency
    interaction = Interaction(
        tenant_id=tenant.id, customer_id=customer_id, user_id=user_id, source=source, **values
    )
    session.add(interaction)
    session.flush()
    hooks_for(session, tenant).on_interaction_logged(session=session, tenant=tenant, interaction=interaction)
    return interaction


def timeline(
    *,
    session: Session,
    customer_id: int,
    sources: Collection[str] | None = None,
    limit: int = 50,
    before: tuple[datetime, int] | None = None,
) -> list[Interaction]:
    """A customer's interactions alone, newest first (the API and the page merge every source with
    :func:`core.timeline.service.merged_timeline`).

    ``sources`` keeps core's and the enabled packs' interactions (``None``: every source), so a
    pack the tenant has since disabled keeps its records stored but shows none of them.
    ``before`` is the (occurred_at, id) of the last row of the previous page, so pages neither
    skip nor repeat rows while new interactions arrive.
    """
    statement = select(Interaction).where(col(Interaction.customer_id) == customer_id)
    if sources is not None:
        statement = statement.where(col(Interaction.source).in_(sorted(sources)))
    if before is not None:
        at, last_id = before
        statement = statement.where(
            or_(
                col(Interaction.occurred_at) < at,
                and_(col(Interaction.occurred_at) == at, col(Interaction.id) < last_id),
            )
        )
    statement = statement.order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc()).limit(
        limit
    )
    return list(session.exec(statement).all())
