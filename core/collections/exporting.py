"""Export collection plans and payments as rows their imports accept unchanged.

A plan is named by its number, or ``guanxi:<id>`` when it has none; a payment by its reference, or
``guanxi:<id>``.  The imports recognise both as stored, so importing an export creates nothing.
Customers are named by external id, else phone, else name.  Rows are read in pages of a thousand
by id, limited to the customers the caller may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select, true
from sqlmodel import Session, col

from core.collections.models import CollectionInstalment, CollectionPayment, CollectionPlan
from core.customers.access import visible_to
from core.models import Customer, Tenant

OWN_REF = "guanxi:"
PAGE = 1000


def own_ids(refs: set[str]) -> dict[str, int]:
    """``guanxi:<id>`` references among ``refs``, by reference."""
    found = {}
    for ref in refs:
        number = ref[len(OWN_REF) :]
        if ref.startswith(OWN_REF) and number.isdigit() and len(number) < 10:
            found[ref] = int(number)
    return found


def export_plans(*, session: Session, tenant: Tenant, caller: Any = None) -> Iterator[dict[str, str]]:
    visible = visible_to(caller, CollectionInstalment.customer_id) if caller is not None else true()
    after = 0
    while True:
        rows = session.execute(
            select(
                col(CollectionInstalment.id),
                col(CollectionPlan.id),
                col(CollectionPlan.external_ref),
                col(CollectionPlan.title),
                col(CollectionPlan.currency),
                col(CollectionPlan.reference_id),
                func.coalesce(col(Customer.external_id), col(Customer.phone), col(Customer.name)),
                col(CollectionInstalment.amount),
                col(CollectionInstalment.due_on),
            )
            .join(CollectionPlan, col(CollectionPlan.id) == col(CollectionInstalment.plan_id))
            .join(Customer, col(Customer.id) == col(CollectionInstalment.customer_id))
            .where(col(CollectionInstalment.id) > after, visible)
            .order_by(col(CollectionInstalment.id))
            .limit(PAGE)
        ).all()
        if not rows:
            return
        for _iid, plan_id, ref, title, currency, reference, customer, amount, due in rows:
            yield {
                "plan_ref": ref or f"{OWN_REF}{plan_id}",
                "customer": customer,
                "title": title,
                "currency": currency,
                "amount": str(amount),
                "due_on": due.isoformat(),
                "reference": reference or "",
            }
        after = rows[-1][0]


def export_payments(*, session: Session, tenant: Tenant, caller: Any = None) -> Iterator[dict[str, str]]:
    visible = visible_to(caller, CollectionPayment.customer_id) if caller is not None else true()
    after = 0
    while True:
        rows = session.execute(
            select(
                col(CollectionPayment.id),
                col(CollectionPlan.id),
                col(CollectionPlan.external_ref),
                col(CollectionPayment.reference),
                col(CollectionPayment.amount),
                col(CollectionPayment.paid_on),
                col(CollectionInstalment.seq),
                col(CollectionPayment.method),
            )
            .join(CollectionPlan, col(CollectionPlan.id) == col(CollectionPayment.plan_id))
            .join(CollectionInstalment, col(CollectionInstalment.id) == col(CollectionPayment.instalment_id))
            .where(col(CollectionPayment.id) > after, visible)
            .order_by(col(CollectionPayment.id))
            .limit(PAGE)
        ).all()
        if not rows:
            return
        for payment_id, plan_id, plan_ref, reference, amount, paid_on, seq, method in rows:
            yield {
                "plan_ref": plan_ref or f"{OWN_REF}{plan_id}",
                "reference": reference or f"{OWN_REF}{payment_id}",
                "amount": str(amount),
                "paid_on": paid_on.isoformat(),
                "instalment": str(seq),
                "method": method or "",
            }
        after = rows[-1][0]
