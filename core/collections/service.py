"""Collection plans: record them, take payments against them, write instalments off.

Services take the caller's record-rule condition (``visible``, from ``visible_to``) for every read,
so a rep reaches only plans of customers they may see; another rep's plan is ``NotFound`` like a
missing one.  Services flush and never commit: the caller's unit of work commits once.

Over-payment is refused, never silently credited: a payment larger than what is open (on the
instalment named, or on the whole plan when none is named) is an :class:`InvalidInput` on
``amount``.  The instalment's ``paid_amount`` is raised with a guarded ``UPDATE`` (``paid_amount +
x <= amount``), so two clerks recording at once cannot over-pay it either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col

from core.collections.models import CollectionInstalment, CollectionPayment, CollectionPlan
from core.collections.status import open_amount
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.models import Tenant
from core.types import utcnow

CENT = Decimal("0.01")
MAX_INSTALMENTS = 120


class OverPayment(InvalidInput):
    """A payment larger than what is still open; ``still_open`` says how much is."""

    def __init__(self, still_open: Decimal, currency: str, where: str) -> None:
        self.still_open, self.currency = still_open, currency
        super().__init__(
            [Problem("amount", f"is more than the {still_open} {currency} still open on {where}")]
        )


@dataclass(frozen=True)
class InstalmentInput:
    amount: Decimal
    due_on: date


def _money(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInput([Problem(field, "must be an amount of money")])
    if value <= 0:
        raise InvalidInput([Problem(field, "must be more than 0")])
    if value != value.quantize(CENT):
        raise InvalidInput([Problem(field, "has more than 2 decimal places")])
    if value >= Decimal("1e12"):
        raise InvalidInput([Problem(field, "is too large")])
    return value.quantize(CENT)


def _currency(value: str) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidInput([Problem("currency", "must be a 3-letter ISO 4217 code, e.g. CNY")])
    return code


def create_plan(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    title: str,
    instalments: list[InstalmentInput],
    currency: str | None = None,
    external_ref: str | None = None,
    reference_pack: str | None = None,
    reference_type: str | None = None,
    reference_id: str | None = None,
    note: str = "",
    remind_customer: bool = False,
    user_id: int | None = None,
) -> CollectionPlan:
    """A plan and its instalments (numbered in due-date order); the customer must be visible,
    which the caller has checked."""
    problems: list[Problem] = []
    if not instalments:
        problems.append(Problem("instalments", "give at least one instalment"))
    if len(instalments) > MAX_INSTALMENTS:
        problems.append(Problem("instalments", f"at most {MAX_INSTALMENTS} instalments"))
    if not (title or "").strip():
        problems.append(Problem("title", "must not be empty"))
    if problems:
        raise InvalidInput(problems)
    code = _currency(currency or tenant.currency)
    if (
        external_ref
        and session.scalars(
            select(col(CollectionPlan.id)).where(col(CollectionPlan.external_ref) == external_ref)
        ).first()
    ):
        raise Conflict(f"a collection plan numbered '{external_ref}' already exists")
    amounts = [_money(item.amount, f"instalments.{n}.amount") for n, item in enumerate(instalments)]
    plan = CollectionPlan(
        customer_id=customer_id,
        title=title.strip()[:200],
        currency=code,
        external_ref=external_ref or None,
        reference_pack=reference_pack or None,
        reference_type=reference_type or None,
        reference_id=reference_id or None,
        note=note or "",
        remind_customer=remind_customer,
        created_by=user_id,
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    ordered = sorted(zip(amounts, instalments, strict=True), key=lambda pair: pair[1].due_on)
    session.add_all(
        CollectionInstalment(
            plan_id=plan.id,
            customer_id=customer_id,
            seq=seq,
            amount=amount,
            currency=code,
            due_on=item.due_on,
        )
        for seq, (amount, item) in enumerate(ordered, start=1)
    )
    session.flush()
    return plan


def get_plan(*, session: Session, plan_id: int, visible: Any) -> CollectionPlan:
    plan = session.scalars(select(CollectionPlan).where(col(CollectionPlan.id) == plan_id, visible)).first()
    if plan is None:
        raise NotFound(f"collection plan {plan_id} not found")
    return plan


def instalments_of(*, session: Session, plan_ids: list[int]) -> dict[int, list[CollectionInstalment]]:
    """Every instalment of the plans, in one query, by plan id and sequence."""
    found: dict[int, list[CollectionInstalment]] = {pid: [] for pid in plan_ids}
    if plan_ids:
        rows = session.scalars(
            select(CollectionInstalment)
            .where(col(CollectionInstalment.plan_id).in_(plan_ids))
            .order_by(col(CollectionInstalment.plan_id), col(CollectionInstalment.seq))
        )
        for row in rows:
            found[row.plan_id].append(row)
    return found


def payments_of(*, session: Session, plan_id: int) -> list[CollectionPayment]:
    return list(
        session.scalars(
            select(CollectionPayment)
            .where(col(CollectionPayment.plan_id) == plan_id)
            .order_by(col(CollectionPayment.paid_on), col(CollectionPayment.id))
        )
    )


def list_plans(
    *,
    session: Session,
    visible: Any,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[CollectionPlan]:
    query = select(CollectionPlan).where(visible)
    if customer_id is not None:
        query = query.where(col(CollectionPlan.customer_id) == customer_id)
    if before_id is not None:
        query = query.where(col(CollectionPlan.id) < before_id)
    return list(session.scalars(query.order_by(col(CollectionPlan.id).desc()).limit(limit)))


def _allocate(
    instalments: list[CollectionInstalment], amount: Decimal
) -> list[tuple[CollectionInstalment, Decimal]]:
    """Spread ``amount`` over the open instalments, earliest due first."""
    shares, left = [], amount
    for instalment in sorted(instalments, key=lambda i: (i.due_on, i.seq)):
        room = open_amount(instalment)
        if left <= 0:
            break
        if room > 0:
            share = min(room, left)
            shares.append((instalment, share))
            left -= share
    return shares


def record_payment(
    *,
    session: Session,
    plan: CollectionPlan,
    amount: Decimal,
    paid_on: date,
    instalment_id: int | None = None,
    method: str | None = None,
    reference: str | None = None,
    note: str = "",
    user_id: int | None = None,
) -> list[CollectionPayment]:
    """Record money received on ``plan``: on one instalment, or spread over the open ones earliest
    first.  Returns one payment row per instalment it paid."""
    amount = _money(amount, "amount")
    assert plan.id is not None
    instalments = instalments_of(session=session, plan_ids=[plan.id])[plan.id]
    if instalment_id is not None:
        chosen = [i for i in instalments if i.id == instalment_id]
        if not chosen:
            raise InvalidInput([Problem("instalment_id", "is not an instalment of this plan")])
        if chosen[0].written_off_at is not None:
            raise InvalidInput([Problem("instalment_id", "was written off; it takes no payments")])
        instalments = chosen
    still_open = sum((open_amount(i) for i in instalments), Decimal("0.00"))
    if amount > still_open:
        raise OverPayment(
            still_open, plan.currency, "the instalment" if instalment_id is not None else "the plan"
        )
    payments = []
    for instalment, share in _allocate(instalments, amount):
        assert instalment.id is not None
        raised = session.execute(
            update(CollectionInstalment)
            .where(
                col(CollectionInstalment.id) == instalment.id,
                col(CollectionInstalment.written_off_at).is_(None),
                col(CollectionInstalment.paid_amount) + share <= col(CollectionInstalment.amount),
            )
            .values(paid_amount=col(CollectionInstalment.paid_amount) + share)
            .execution_options(synchronize_session=False)
        )
        if raised.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the instalment was paid meanwhile; reload and try again")
        payments.append(
            CollectionPayment(
                plan_id=plan.id,
                instalment_id=instalment.id,
                customer_id=plan.customer_id,
                amount=share,
                currency=plan.currency,
                paid_on=paid_on,
                method=method or None,
                reference=reference or None,
                note=note or "",
                recorded_by=user_id,
            )
        )
    session.add_all(payments)
    session.flush()
    for instalment in instalments:
        session.refresh(instalment)
    return payments


def write_off(
    *, session: Session, plan: CollectionPlan, instalment_id: int, reason: str
) -> CollectionInstalment:
    """Give up on what is still open of one instalment; what was paid stays paid."""
    assert plan.id is not None
    instalment = next(
        (i for i in instalments_of(session=session, plan_ids=[plan.id])[plan.id] if i.id == instalment_id),
        None,
    )
    if instalment is None:
        raise NotFound(f"instalment {instalment_id} not found")
    if not (reason or "").strip():
        raise InvalidInput([Problem("reason", "say why the money will not be collected")])
    if instalment.written_off_at is not None:
        raise Conflict(f"instalment {instalment_id} is already written off")
    if instalment.paid_amount >= instalment.amount:
        raise Conflict(f"instalment {instalment_id} is paid; nothing to write off")
    instalment.written_off_at = utcnow()
    instalment.written_off_reason = reason.strip()[:500]
    session.add(instalment)
    session.flush()
    return instalment
