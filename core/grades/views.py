"""``/api/v1/grades``: the tenant's grade rules (read by anyone who reads customers, changed by
owners and admins) and applying them now."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.errors import NotFound
from core.grades.service import apply_saved_grades, delete_grade_rules, read_grade_rules, save_grade_rules

router = APIRouter(prefix="/api/v1/grades", tags=["grades"])
Manager = Annotated[RequestContext, require("grades:manage")]
Thresholds = Annotated[
    dict[str, Decimal],
    Body(
        description="Minimum total purchase spend per grade, in the tenant's currency.",
        examples=[{"A": "10000", "B": "2000", "C": "0"}],
    ),
]


class GradeRulesOut(BaseModel):
    thresholds: dict[str, Decimal]
    saved: bool
    updated_at: datetime | None
    updated_by: str | None
    applied_at: datetime | None
    applied_changes: dict[str, int] | None


class AppliedOut(BaseModel):
    """How many customers each grade gained (``""``: grades cleared)."""

    changed: dict[str, int]


def _out(ctx: RequestContext) -> GradeRulesOut:
    view = read_grade_rules(session=ctx.session, tenant=ctx.tenant)
    return GradeRulesOut(**view.__dict__)


@router.get("/rules")
def grade_rules(ctx: Annotated[RequestContext, require("customers:read")]) -> GradeRulesOut:
    """The saved rules, or the suggested ones (``saved`` false) when none are saved."""
    return _out(ctx)


@router.put("/rules", responses=responses(422))
def replace_grade_rules(body: Thresholds, ctx: Manager) -> GradeRulesOut:
    """Replace the rules; they apply at the next daily run or ``POST /api/v1/grades/apply``."""
    save_grade_rules(session=ctx.session, tenant=ctx.tenant, thresholds=body, actor=ctx.actor)
    return _out(ctx)


@router.delete("/rules", status_code=204, responses=responses(404))
def remove_grade_rules(ctx: Manager) -> Response:
    """Stop grading; the grades customers have stay as they are."""
    if not delete_grade_rules(session=ctx.session, tenant=ctx.tenant):
        raise NotFound("no grade rules are saved")
    return Response(status_code=204)


@router.post("/apply", responses=responses(404))
def apply_now(ctx: Manager) -> AppliedOut:
    """Re-grade every customer by the saved rules now (one UPDATE per grade)."""
    changed = apply_saved_grades(session=ctx.session, tenant=ctx.tenant)
    if changed is None:
        raise NotFound("no grade rules are saved")
    return AppliedOut(changed=changed)
