"""Retail orders: record one (with its lines), list them, and turn a purchase interaction into one.

Every function is one step of the caller's unit of work (it flushes, never commits).  The session is
tenant-scoped, so lookups here only ever see the caller's tenant.

Orders and timeline purchases map one to one, whichever side starts: an order recorded here logs its
purchase with ``source`` = ``retail`` (which the interaction hook ignores), and a purchase logged
elsewhere becomes an order through :func:`order_from_interaction` (which logs nothing).  Either way
the order earns loyalty points once, keyed by the order.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, select

from sdk import Conflict, Interaction, InvalidInput, Problem, Tenant, get_customer, log_interaction

from ..catalog.models import CHANNELS
from ..loyalty.earning import award_order_points
from .lines import LineInput, price_lines
from .models import RetailOrder

PACK = "retail"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CENT = Decimal("0.01")
_MAX = Decimal("1e12")


def order_problems(
    *, total: Any, currency: str, ordered_at: datetime | None, channel: str | None
) -> list[Problem]:
    problems = []
    if not isinstance(total, Decimal) or not total.is_finite():
        problems.append(Problem("total", "give an exact amount, e.g. 388.00"))
    elif total < 0 or total >= _MAX or total != total.quantize(_CENT):
        problems.append(Problem("total", "must be between 0 and 999999999999.99 with at most 2 decimals"))
    if not _CURRENCY.match(currency):
        problems.append(Problem("currency", f"'{currency}' is not an ISO 4217 code such as CNY"))
    if ordered_at is not None and ordered_at.tzinfo is None:
        problems.append(Problem("ordered_at", "give a time zone (e.g. 2026-05-01T10:00+08:00)"))
    if channel is not None and channel not in CHANNELS:
        problems.append(Problem("channel", f"must be one of {', '.join(CHANNELS)}"))
    return problems


def create_order(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    total: Decimal | None = None,
    lines: list[LineInput] | None = None,
    currency: str | None = None,
    ordered_at: datetime | None = None,
    channel: str | None = None,
    store: str | None = None,
    external_ref: str | None = None,
    user_id: int | None = None,
) -> RetailOrder:
    """Record an order and put the purchase on the customer's timeline, in one unit of work.

    The timeline interaction carries ``source`` = ``retail`` so the pack's own interaction hook
    does not turn it into a second order.  With ``lines`` the total is their sum (a ``total``
    given as well must match it); without lines ``total`` is required.
    """
    currency = (currency or tenant.currency).upper()
    priced = price_lines(session=session, lines=lines, currency=currency) if lines else []
    if priced:
        line_total = sum((line.amount for line in priced), Decimal("0"))
        if total is not None and total != line_total:
            raise InvalidInput([Problem("total", f"is {total} but the lines add up to {line_total}")])
        total = line_total
    elif total is None:
        raise InvalidInput([Problem("total", "give the order total or its lines")])
    problems = order_problems(total=total, currency=currency, ordered_at=ordered_at, channel=channel)
    if problems:
        raise InvalidInput(problems)
    customer = get_customer(session=session, customer_id=customer_id)
    if external_ref is not None:
        taken = session.exec(select(RetailOrder.id).where(RetailOrder.external_ref == external_ref)).first()
        if taken is not None:
            raise Conflict(f"external_ref '{external_ref}' is already used by order {taken}")
    data: dict[str, Any] = {
        "kind": "purchase",
        "channel": channel,
        "summary": f"{store} 购买" if store else "购买",
        "amount": total,
        "currency": currency,
        "occurred_at": ordered_at,
        "payload": {k: v for k, v in (("store", store), ("external_ref", external_ref)) if v},
    }
    interaction = log_interaction(
        session=session,
        tenant=tenant,
        customer_id=customer_id,
        data=data,
        user_id=user_id,
        source=PACK,
    )
    order = RetailOrder(
        tenant_id=tenant.id,
        customer_id=customer_id,
        ordered_at=interaction.occurred_at,
        total=total,
        currency=currency,
        channel=channel,
        store=store,
        source_interaction_id=interaction.id,
        external_ref=external_ref,
    )
    session.add(order)
    session.flush()
    assert order.id is not None
    rows = [line.row(tenant_id=tenant.id, order_id=order.id) for line in priced]
    session.add_all(rows)
    session.flush()
    award_order_points(session=session, tenant=tenant, order=order, lines=rows, customer=customer)
    return order


def is_order_interaction(interaction: Interaction) -> bool:
    """A purchase with an amount, logged outside the pack, is an order the pack should know about."""
    return interaction.kind == "purchase" and interaction.amount is not None and interaction.source != PACK


def order_from_interaction(*, session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """Add the order for a purchase interaction just logged, and award its points."""
    if not is_order_interaction(interaction):
        return
    assert interaction.amount is not None  # a purchase without an amount is no order
    store = (interaction.payload or {}).get("store")
    order = RetailOrder(
        tenant_id=tenant.id,
        customer_id=interaction.customer_id,
        ordered_at=interaction.occurred_at,
        total=interaction.amount,
        currency=interaction.currency or tenant.currency,
        channel=interaction.channel,
        store=store if isinstance(store, str) else None,
        source_interaction_id=interaction.id,
    )
    session.add(order)
    session.flush()
    award_order_points(session=session, tenant=tenant, order=order, lines=[])


def list_orders(
    *,
    session: Session,
    visible: ColumnElement[bool] = true(),
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[RetailOrder]:
    """Orders newest first (by id, so pages stay stable while orders arrive).

    ``visible`` is the caller's record rule (``sdk.visible_to(caller, RetailOrder.customer_id)``).
    """
    statement = select(RetailOrder).where(visible)
    if customer_id is not None:
        statement = statement.where(RetailOrder.customer_id == customer_id)
    if before_id is not None:
        statement = statement.where(col(RetailOrder.id) < before_id)
    statement = statement.order_by(col(RetailOrder.id).desc()).limit(max(1, min(limit, 500)))
    return list(session.exec(statement).all())
