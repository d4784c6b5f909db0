"""Loyalty API under ``/api/v1/retail/loyalty/``: members' points, redemptions, programme set-up.

A redemption must carry an ``idempotency_key``: retrying a request (a flaky till connection)
returns the first result instead of taking the points twice.  A member's account and history are
read, and points redeemed, only by callers who may see the customer (404 otherwise).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from sdk import require_visible_customer

from ..access import Manager, Reader, Seller
from .config import add_rule, add_tier, update_settings
from .expiry import expire_points
from .ledger import account_of, history, post_entry

router = APIRouter(prefix="/loyalty", tags=["retail"])
_IN = ConfigDict(extra="forbid", str_strip_whitespace=True)
_OUT = ConfigDict(from_attributes=True)


class Redemption(BaseModel):
    model_config = _IN
    customer_id: int
    points: int = PydanticField(gt=0, le=100_000_000)
    idempotency_key: str = PydanticField(min_length=1, max_length=80)
    note: str = PydanticField(default="", max_length=200)


class EntryPublic(BaseModel):
    model_config = _OUT
    id: int
    customer_id: int
    kind: str
    points: int
    qualifying: int
    balance_after: int
    order_id: int | None
    expires_at: datetime | None
    note: str
    created_at: datetime


class MemberPublic(BaseModel):
    customer_id: int
    balance: int
    qualifying_points: int
    tier_code: str | None
    history: list[EntryPublic]


class RuleCreate(BaseModel):
    model_config = _IN
    kind: str
    rate: Decimal | None = PydanticField(default=None, max_digits=10, decimal_places=4)
    points: int | None = None
    category_id: int | None = None


class TierCreate(BaseModel):
    model_config = _IN
    code: str = PydanticField(min_length=1, max_length=32)
    name: str = PydanticField(min_length=1, max_length=100)
    min_points: int


class SettingsUpdate(BaseModel):
    model_config = _IN
    expiry_mode: str | None = None
    expiry_month: int | None = None
    expiry_day: int | None = None
    inactivity_days: int | None = None
    birthday_offer: str | None = PydanticField(default=None, max_length=200)
    birthday_notice_days: int | None = None


@router.get("/members/{customer_id}", response_model=MemberPublic)
def get_member(ctx: Reader, customer_id: int) -> MemberPublic:
    require_visible_customer(ctx, customer_id)
    account = account_of(session=ctx.session, tenant=ctx.tenant, customer_id=customer_id)
    entries = history(session=ctx.session, tenant=ctx.tenant, customer_id=customer_id)
    return MemberPublic(
        customer_id=customer_id,
        balance=account.balance if account else 0,
        qualifying_points=account.qualifying_points if account else 0,
        tier_code=account.tier_code if account else None,
        history=[EntryPublic.model_validate(e) for e in entries],
    )


@router.post("/redemptions", response_model=EntryPublic, status_code=201)
def post_redemption(ctx: Seller, body: Redemption) -> EntryPublic:
    require_visible_customer(ctx, body.customer_id)
    entry = post_entry(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=body.customer_id,
        kind="redeem",
        points=-body.points,
        idempotency_key=f"redeem:{body.idempotency_key}",
        note=body.note,
    )
    return EntryPublic.model_validate(entry)


@router.post("/rules", status_code=201)
def post_rule(ctx: Manager, body: RuleCreate) -> dict[str, int]:
    return {"id": add_rule(session=ctx.session, tenant=ctx.tenant, **body.model_dump()).id or 0}


@router.post("/tiers", status_code=201)
def post_tier(ctx: Manager, body: TierCreate) -> dict[str, int]:
    return {"id": add_tier(session=ctx.session, tenant=ctx.tenant, **body.model_dump()).id or 0}


@router.patch("/settings")
def patch_settings(ctx: Manager, body: SettingsUpdate) -> dict[str, object]:
    settings = update_settings(session=ctx.session, tenant=ctx.tenant, **body.model_dump(exclude_unset=True))
    return settings.model_dump(exclude={"tenant_id", "updated_at"})


@router.post("/expiry-runs")
def post_expiry_run(ctx: Manager) -> dict[str, int]:
    """Write off expired points now (the daily job does the same)."""
    return {"members": expire_points(session=ctx.session, tenant=ctx.tenant)}
