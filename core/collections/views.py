"""Collections API under ``/api/v1/collections/``: plans, payments, write-offs, ageing.

A rep lists, reads and records collections only for customers they may see (``visible_to``);
another rep's plan answers 404 like a missing one.  Writing off is a manager's decision
(``collections:manage``).  Handlers translate HTTP to service calls; the unit of work commits once.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.api import API_PREFIX
from core.api.access import RecordId
from core.api.deps import RequestContext, require
from core.api.limits import PageLimit
from core.api.responses import responses
from core.collections.ageing import ageing, customer_balances, open_instalments
from core.collections.models import CollectionInstalment, CollectionPlan
from core.collections.present import plans_out
from core.collections.schemas import (
    AgeingOut,
    AgeingRow,
    BalanceOut,
    OpenInstalmentOut,
    PaymentCreate,
    PlanCreate,
    PlanOut,
    WriteOffCreate,
)
from core.collections.service import (
    InstalmentInput,
    create_plan,
    get_plan,
    list_plans,
    record_payment,
    write_off,
)
from core.customers.access import require_visible_customer, visible_to
from core.reminders.clock import tenant_today

router = APIRouter(prefix=f"{API_PREFIX}/collections", tags=["collections"])
Reader = Annotated[RequestContext, require("collections:read")]
Writer = Annotated[RequestContext, require("collections:write")]
Manager = Annotated[RequestContext, require("collections:manage")]


def _plan(ctx: RequestContext, plan_id: int) -> CollectionPlan:
    return get_plan(session=ctx.session, plan_id=plan_id, visible=visible_to(ctx, CollectionPlan.customer_id))


def _one(ctx: RequestContext, plan: CollectionPlan) -> PlanOut:
    [out] = plans_out(session=ctx.session, plans=[plan], today=tenant_today(ctx.tenant), with_payments=True)
    return out


@router.get("/plans", responses=responses())
def get_plans(
    ctx: Reader,
    limit: PageLimit,
    customer_id: int | None = Query(default=None, ge=1, le=2_147_483_647),
    before_id: int | None = Query(default=None, ge=1, le=2_147_483_647),
) -> list[PlanOut]:
    """Plans newest first, with their instalments; page with ``before_id``."""
    plans = list_plans(
        session=ctx.session,
        visible=visible_to(ctx, CollectionPlan.customer_id),
        customer_id=customer_id,
        before_id=before_id,
        limit=limit,
    )
    return plans_out(session=ctx.session, plans=plans, today=tenant_today(ctx.tenant))


@router.post("/plans", status_code=status.HTTP_201_CREATED, responses=responses(404, 409))
def post_plan(ctx: Writer, body: PlanCreate) -> PlanOut:
    """Record what a customer owes, in instalments; optionally for a pack's order, deal or contract."""
    require_visible_customer(ctx, body.customer_id)
    plan = create_plan(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=body.customer_id,
        title=body.title,
        currency=body.currency,
        external_ref=body.external_ref,
        instalments=[InstalmentInput(i.amount, i.due_on) for i in body.instalments],
        reference_pack=body.reference_pack,
        reference_type=body.reference_type,
        reference_id=body.reference_id,
        note=body.note,
        remind_customer=body.remind_customer,
        user_id=ctx.user.id if ctx.user else None,
    )
    return _one(ctx, plan)


@router.get("/plans/{plan_id}", responses=responses(404))
def read_plan(plan_id: RecordId, ctx: Reader) -> PlanOut:
    return _one(ctx, _plan(ctx, plan_id))


@router.post("/plans/{plan_id}/payments", status_code=status.HTTP_201_CREATED, responses=responses(404, 409))
def post_payment(plan_id: RecordId, body: PaymentCreate, ctx: Writer) -> PlanOut:
    """Record money received; answers the plan as it now stands."""
    plan = _plan(ctx, plan_id)
    record_payment(
        session=ctx.session,
        plan=plan,
        amount=body.amount,
        paid_on=body.paid_on or tenant_today(ctx.tenant),
        instalment_id=body.instalment_id,
        method=body.method,
        reference=body.reference,
        note=body.note,
        user_id=ctx.user.id if ctx.user else None,
    )
    return _one(ctx, plan)


@router.post("/plans/{plan_id}/instalments/{instalment_id}/write-off", responses=responses(404, 409))
def post_write_off(plan_id: RecordId, instalment_id: RecordId, body: WriteOffCreate, ctx: Manager) -> PlanOut:
    """Stop collecting what is still open of one instalment (a manager's decision)."""
    plan = _plan(ctx, plan_id)
    write_off(session=ctx.session, plan=plan, instalment_id=instalment_id, reason=body.reason)
    return _one(ctx, plan)


@router.get("/ageing", responses=responses())
def get_ageing(
    ctx: Reader,
    owner_id: int | None = Query(default=None, ge=1, le=2_147_483_647),
    on: date | None = None,
    limit: int = Query(default=200, ge=1, le=1000),
) -> AgeingOut:
    """Open amounts by days past due (current, 1–30, 31–60, 61–90, 90+), per currency, and the
    open instalments most overdue first; ``owner_id`` keeps one owner's customers."""
    today = on or tenant_today(ctx.tenant)
    visible = visible_to(ctx, CollectionInstalment.customer_id)
    table = ageing(session=ctx.session, visible=visible, today=today, owner_id=owner_id)
    rows = [
        AgeingRow(
            currency=currency,
            current=b["current"],
            days_1_30=b["1_30"],
            days_31_60=b["31_60"],
            days_61_90=b["61_90"],
            days_90_plus=b["90_plus"],
            total=b["total"],
        )
        for currency, b in table.items()
    ]
    items = open_instalments(
        session=ctx.session, visible=visible, today=today, owner_id=owner_id, limit=limit
    )
    return AgeingOut(
        on=today,
        owner_id=owner_id,
        rows=rows,
        instalments=[
            OpenInstalmentOut(
                id=i.id,
                plan_id=i.plan_id,
                plan_title=i.plan_title,
                customer_id=i.customer_id,
                owner_id=i.owner_id,
                seq=i.seq,
                due_on=i.due_on,
                amount=i.amount,
                paid_amount=i.paid_amount,
                open_amount=i.open,
                currency=i.currency,
                ageing_bucket=i.bucket,
            )
            for i in items
        ],
    )


@router.get("/customers/{customer_id}/balance", responses=responses(404))
def get_customer_balance(customer_id: RecordId, ctx: Reader) -> list[BalanceOut]:
    """What the customer still owes per currency, and how much of it is overdue."""
    require_visible_customer(ctx, customer_id)
    balances = customer_balances(session=ctx.session, customer_id=customer_id, today=tenant_today(ctx.tenant))
    return [BalanceOut(currency=b.currency, outstanding=b.outstanding, overdue=b.overdue) for b in balances]
