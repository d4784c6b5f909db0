"""A small pack with an API router, a permission and a role, written as a vendor would."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import select

from core.api.deps import RequestContext, require
from core.errors import NotFound
from sdk import (
    ApiRouter,
    Interaction,
    PackInfo,
    Permission,
    Role,
    hookimpl,
    log_interaction,
    require_visible_customer,
    visible_to,
)
from sdk.api import Context

router = APIRouter()


class VisitIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"customer_id": 1, "summary": "上门安装"}]}
    )

    customer_id: int
    summary: str = Field(default="visit", max_length=200)


class VisitOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{"id": 1, "customer_id": 1, "summary": "上门安装"}]},
    )

    id: int
    customer_id: int
    summary: str


@router.post("/visits", status_code=201)
def log_visit(body: VisitIn, ctx: Annotated[RequestContext, require("apitest:visit")]) -> VisitOut:
    require_visible_customer(ctx, body.customer_id)
    visit = log_interaction(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=body.customer_id,
        data={"kind": "visit", "summary": body.summary},
        source="apitest",
    )
    return VisitOut.model_validate(visit)


@router.get("/visits")
def list_visits(ctx: Context) -> list[VisitOut]:
    rows = ctx.session.exec(
        select(Interaction).where(Interaction.source == "apitest", visible_to(ctx, Interaction.customer_id))
    ).all()
    return [VisitOut.model_validate(r) for r in rows]


@router.get("/visits/{visit_id}")
def read_visit(visit_id: int, ctx: Context) -> VisitOut:
    visit = ctx.session.exec(
        select(Interaction).where(
            Interaction.id == visit_id,
            Interaction.source == "apitest",
            visible_to(ctx, Interaction.customer_id),
        )
    ).first()
    if visit is None:
        raise NotFound(f"visit {visit_id} not found")
    return VisitOut.model_validate(visit)


@router.get("/ping")
def ping(ctx: Annotated[RequestContext, require("apitest:ping")]) -> dict[str, str]:
    return {"pong": ctx.tenant.slug}


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="apitest", title="API test pack", version="1.0.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_api_routers() -> list[ApiRouter]:
    return [ApiRouter(router)]


@hookimpl
def guanxi_register_permissions() -> list[Permission | Role]:
    return [
        Permission("apitest:visit", "Log visits", roles=("owner", "admin", "manager", "rep", "api:write")),
        Role("inspector", "Inspector", permissions=("customers:read", "customers:all", "apitest:ping")),
    ]
