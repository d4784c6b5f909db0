"""Retail analytics API (under ``/api/v1/retail/``): stored results, and a refit on demand.

Tenant-wide lists need ``customers:all`` (a rep sees only their own customers elsewhere, so they
must not page through everyone's value here); per-customer answers check the customer is visible
(``sdk.require_visible_customer``: a hidden customer answers 404 like a missing one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from sdk import require_visible_customer

from ..access import EveryCustomer, Manager, Reader
from .reports import churn_risk, customer_value, key_customers, run_info, segment_counts
from .rules import recommend
from .service import STEPS, AnalysisOptions, analyze

router = APIRouter(tags=["retail analytics"])
Unit = Literal["day", "week", "month"]


class AnalyzeRequest(BaseModel):
    """Options of a refit; every field has a sensible default."""

    model_config = ConfigDict(extra="forbid")

    time_unit: Unit = "week"
    horizon: int = Field(default=12, ge=1, le=120)
    horizon_unit: Unit = "month"
    discount_rate: float = Field(default=0.01, ge=0, lt=1)
    level: Literal["product", "category"] = "product"
    min_support: float = Field(default=0.001, gt=0, le=1)
    min_confidence: float = Field(default=0.05, gt=0, le=1)
    as_of: datetime | None = None
    steps: list[Literal["rfm", "clv", "rules"]] = Field(default_factory=lambda: list(STEPS))


@router.post("/analyze")
def post_analyze(ctx: Manager, body: AnalyzeRequest | None = None) -> dict[str, Any]:
    """Refit RFM, lifetime value and cross-sell rules now; returns what each run found."""
    ctx.require("customers:all")  # a refit reads every customer's orders
    request = body or AnalyzeRequest()
    options = AnalysisOptions(**request.model_dump(exclude={"steps"}), steps=tuple(request.steps))
    runs = analyze(session=ctx.session, tenant=ctx.tenant, options=options)
    return {step: {**run_info(run), "results": run.results} for step, run in runs.items()}


@router.get("/segments")
def get_segments(ctx: EveryCustomer) -> dict[str, Any]:
    """How many customers are in each RFM segment, from the latest run."""
    run, counts = segment_counts(session=ctx.session, tenant=ctx.tenant)
    return {"run": run_info(run), "segments": counts}


@router.get("/value/{customer_id}")
def get_value(ctx: Reader, customer_id: int) -> dict[str, Any]:
    """A customer's historical value, predicted value, P(alive) and RFM scores."""
    require_visible_customer(ctx, customer_id)
    return customer_value(session=ctx.session, tenant=ctx.tenant, customer_id=customer_id)


@router.get("/key-customers")
def get_key_customers(ctx: EveryCustomer, limit: int = Query(default=50, ge=1, le=500)) -> dict[str, Any]:
    """Customers with the highest predicted value."""
    run, rows = key_customers(session=ctx.session, tenant=ctx.tenant, limit=limit)
    return {"run": run_info(run), "customers": rows}


@router.get("/churn-risk")
def get_churn_risk(
    ctx: EveryCustomer,
    limit: int = Query(default=50, ge=1, le=500),
    min_value_percentile: float = Query(default=0.8, ge=0, le=1),
    max_p_alive: float = Query(default=0.5, ge=0, le=1),
    min_drop: float = Query(default=0.2, gt=0, le=1),
) -> dict[str, Any]:
    """Valuable customers who are probably gone or slipping away."""
    run, rows = churn_risk(
        session=ctx.session,
        tenant=ctx.tenant,
        limit=limit,
        min_value_percentile=min_value_percentile,
        max_p_alive=max_p_alive,
        min_drop=min_drop,
    )
    return {"run": run_info(run), "customers": rows}


@router.get("/recommendations/{customer_id}")
def get_recommendations(
    ctx: Reader, customer_id: int, limit: int = Query(default=10, ge=1, le=100)
) -> dict[str, Any]:
    """What customers who bought what this one bought also bought, and this one has not."""
    require_visible_customer(ctx, customer_id)
    run, items = recommend(session=ctx.session, tenant=ctx.tenant, customer_id=customer_id, limit=limit)
    return {"run": run_info(run), "level": run.parameters.get("level"), "items": items}
