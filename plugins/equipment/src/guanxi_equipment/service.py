"""Opportunities: open one, change it, move it through the tenant's stages, list the pipeline, and
follow a customer's change of owner.

Each function is one step of the caller's unit of work (it flushes, never commits).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, true, update
from sqlmodel import Session, col, select

from sdk import Customer, InvalidInput, Problem, Tenant, User, get_customer, utcnow
from sdk.records import RecordTransition, StateMachine, save, visible_record

from .models import EquipmentOpportunity
from .stages import stages_for

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CENT = Decimal("0.01")


def _money_problems(amount: Decimal | None, currency: str | None) -> list[Problem]:
    problems = []
    if amount is not None and (
        not amount.is_finite() or amount < 0 or amount >= Decimal("1e12") or amount != amount.quantize(_CENT)
    ):
        problems.append(Problem("amount", "must be between 0 and 999999999999.99 with at most 2 decimals"))
    if currency is not None and not _CURRENCY.match(currency):
        problems.append(Problem("currency", f"'{currency}' is not an ISO 4217 code such as CNY"))
    return problems


def create_opportunity(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    title: str,
    stage: str | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
    expected_close: date | None = None,
    owner_id: int | None = None,
) -> EquipmentOpportunity:
    """Open an opportunity; it starts at the first stage and belongs to the customer's owner
    unless told otherwise."""
    stages = {s["key"]: s for s in stages_for(session=session, tenant=tenant)}
    stage = stage or next(iter(stages))
    if amount is not None and currency is None:
        currency = tenant.currency
    problems = _money_problems(amount, currency.upper() if currency else None)
    if not title or not title.strip():
        problems.append(Problem("title", "must not be empty"))
    if stage not in stages:
        problems.append(Problem("stage", f"must be one of {', '.join(stages)}"))
    if owner_id is not None and session.exec(select(User.id).where(User.id == owner_id)).first() is None:
        problems.append(Problem("owner_id", f"no user {owner_id} in this firm"))
    if problems:
        raise InvalidInput(problems)
    customer = get_customer(session=session, customer_id=customer_id)
    now = utcnow()
    opportunity = EquipmentOpportunity(
        tenant_id=tenant.id,
        customer_id=customer_id,
        title=title.strip(),
        stage=stage,
        amount=amount,
        currency=currency.upper() if currency else None,
        expected_close=expected_close,
        owner_id=owner_id if owner_id is not None else customer.owner_id,
        closed_at=now if stages[stage].get("closed") else None,
    )
    session.add(opportunity)
    session.flush()
    return opportunity


def stage_machine(stages: list[dict[str, Any]]) -> StateMachine:
    """The moves a tenant's stage list allows.

    An open deal may move to any other stage (sales skip and go back: a proposal can fall back to
    qualification); a won or lost deal is final except for being reopened at an open stage, so a
    closed deal never jumps straight from won to lost without anyone reopening it first.
    """
    keys = tuple(s["key"] for s in stages)
    open_keys = {s["key"] for s in stages if not s.get("closed")}
    return StateMachine(
        states=keys,
        transitions={key: (set(keys) - {key}) if key in open_keys else (open_keys - {key}) for key in keys},
        field="stage",
    )


def get_opportunity(
    *, session: Session, opportunity_id: int, visible: ColumnElement[bool] = true()
) -> EquipmentOpportunity:
    """One opportunity the caller may see; a hidden one is as missing as one that never was."""
    return visible_record(session, EquipmentOpportunity, opportunity_id, label="opportunity", visible=visible)


def update_opportunity(
    *, session: Session, tenant: Tenant, opportunity: EquipmentOpportunity, changes: dict[str, Any]
) -> EquipmentOpportunity:
    """Apply ``changes`` (title, amount, currency, expected close, owner), all checked first."""
    amount = changes.get("amount", opportunity.amount)
    currency = changes.get("currency", opportunity.currency)
    if "amount" in changes and amount is not None and currency is None:
        currency = changes["currency"] = tenant.currency
    problems = _money_problems(amount, currency.upper() if currency else None)
    if "title" in changes and not (changes["title"] or "").strip():
        problems.append(Problem("title", "must not be empty"))
    owner_id = changes.get("owner_id")
    if owner_id is not None and session.exec(select(User.id).where(User.id == owner_id)).first() is None:
        problems.append(Problem("owner_id", f"no user {owner_id} in this firm"))
    if problems:
        raise InvalidInput(problems)
    for field, value in changes.items():
        if field == "currency" and value:
            value = value.upper()
        setattr(opportunity, field, value.strip() if field == "title" else value)
    opportunity.updated_at = utcnow()
    save(session, opportunity)
    return opportunity


def move_stage(
    *, session: Session, tenant: Tenant, opportunity: EquipmentOpportunity, stage: str
) -> RecordTransition:
    """Move the deal to ``stage`` if the tenant's stages allow it, keeping the move.

    Reaching won or lost closes the deal (``closed_at``); reopening clears it.  An illegal move is
    a 409 naming the stages the deal may go to.
    """
    stages = stages_for(session=session, tenant=tenant)
    machine = stage_machine(stages)
    if stage in machine.allowed(opportunity.stage):  # else move() refuses, naming the allowed ones
        closing = {s["key"] for s in stages if s.get("closed")}
        opportunity.closed_at = utcnow() if stage in closing else None
        opportunity.updated_at = utcnow()
    return machine.move(opportunity, stage, session=session)


def list_opportunities(
    *,
    session: Session,
    visible: ColumnElement[bool] = true(),
    stage: str | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = 50,
) -> list[EquipmentOpportunity]:
    """The pipeline, newest first, optionally narrowed.

    ``visible`` is the caller's record rule (``sdk.visible_to(ctx, EquipmentOpportunity.customer_id)``).
    """
    statement = select(EquipmentOpportunity).where(visible)
    if stage is not None:
        statement = statement.where(EquipmentOpportunity.stage == stage)
    if customer_id is not None:
        statement = statement.where(EquipmentOpportunity.customer_id == customer_id)
    if owner_id is not None:
        statement = statement.where(EquipmentOpportunity.owner_id == owner_id)
    if open_only:
        statement = statement.where(col(EquipmentOpportunity.closed_at).is_(None))
    if before_id is not None:
        statement = statement.where(col(EquipmentOpportunity.id) < before_id)
    statement = statement.order_by(col(EquipmentOpportunity.id).desc()).limit(max(1, min(limit, 500)))
    return list(session.exec(statement).all())


def follow_new_owner(*, session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]) -> int:
    """When a customer changes hands, its open opportunities held by the previous owner (or by
    nobody) move to the new one; closed deals keep who won or lost them.  No query otherwise."""
    if "owner_id" not in changes:
        return 0
    old_owner, new_owner = changes["owner_id"]
    table = EquipmentOpportunity
    owner = col(table.owner_id)
    held_by_old = owner.is_(None) if old_owner is None else owner == old_owner
    result = session.exec(
        update(table)
        .where(
            col(table.tenant_id) == tenant.id,
            col(table.customer_id) == customer.id,
            col(table.closed_at).is_(None),
            held_by_old,
        )
        .values(owner_id=new_owner, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
