"""Plans as the API and the pages show them: instalments with status, totals, payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from core.collections.models import CollectionInstalment, CollectionPlan
from core.collections.schemas import InstalmentOut, PaymentOut, PlanOut
from core.collections.service import instalments_of, payments_of
from core.collections.status import Status, bucket_of, open_amount, status_of

ZERO = Decimal("0.00")


def instalment_out(instalment: CollectionInstalment, today: date) -> InstalmentOut:
    assert instalment.id is not None
    status = status_of(instalment, today)
    open_ = open_amount(instalment)
    return InstalmentOut(
        id=instalment.id,
        seq=instalment.seq,
        amount=instalment.amount,
        currency=instalment.currency,
        due_on=instalment.due_on,
        paid_amount=instalment.paid_amount,
        open_amount=open_,
        status=status.value,
        ageing_bucket=bucket_of(instalment.due_on, today) if open_ > 0 else None,
        written_off_at=instalment.written_off_at,
        written_off_reason=instalment.written_off_reason,
    )


def plan_status(instalments: list[InstalmentOut]) -> str:
    """The plan's status is its most urgent instalment's: overdue, then partly paid, due, paid."""
    states = {i.status for i in instalments}
    for status in (Status.overdue, Status.partly_paid, Status.due, Status.paid):
        if status.value in states:
            return status.value
    return Status.written_off.value


def plans_out(
    *, session: Session, plans: list[CollectionPlan], today: date, with_payments: bool = False
) -> list[PlanOut]:
    rows = instalments_of(session=session, plan_ids=[p.id for p in plans if p.id is not None])
    out = []
    for plan in plans:
        assert plan.id is not None
        instalments = [instalment_out(i, today) for i in rows[plan.id]]
        total = sum((i.amount for i in instalments), ZERO)
        paid = sum((i.paid_amount for i in instalments), ZERO)
        payments = payments_of(session=session, plan_id=plan.id) if with_payments else []
        out.append(
            PlanOut(
                id=plan.id,
                customer_id=plan.customer_id,
                title=plan.title,
                currency=plan.currency,
                external_ref=plan.external_ref,
                reference_pack=plan.reference_pack,
                reference_type=plan.reference_type,
                reference_id=plan.reference_id,
                note=plan.note,
                remind_customer=plan.remind_customer,
                created_at=plan.created_at,
                total=total,
                paid=paid,
                outstanding=sum((i.open_amount for i in instalments), ZERO),
                status=plan_status(instalments),
                instalments=instalments,
                payments=[PaymentOut.model_validate(p) for p in payments],
            )
        )
    return out
