"""Activity routes: list (with filters), the caller's own by due date, one, create, edit, complete,
snooze and reassign.  Reading is ``activities:read``; every change is ``activities:write``, and
the record rules of the activity's customer apply to both (a hidden one answers 404)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from core.activities.schemas import (
    ActivityComplete,
    ActivityCreate,
    ActivityList,
    ActivityOut,
    ActivityPatch,
    ActivityReassign,
    ActivitySnooze,
    MyActivities,
)
from core.activities.service import (
    OVERDUE,
    TODAY,
    UPCOMING,
    ActivityQuery,
    complete_activity,
    create_activity,
    get_activity,
    list_activities,
    reassign_activity,
    snooze_activity,
    update_activity,
)
from core.api import API_PREFIX
from core.api.access import RecordId
from core.api.deps import RequestContext, require
from core.api.limits import PageLimit
from core.api.responses import responses
from core.errors import PermissionDenied
from core.reminders.clock import tenant_today

router = APIRouter(prefix=f"{API_PREFIX}/activities", tags=["activities"])
Reader = Annotated[RequestContext, require("activities:read")]
Writer = Annotated[RequestContext, require("activities:write")]
Id = Annotated[int | None, Query(ge=1, le=2_147_483_647)]


@router.get("")
def list_all(
    ctx: Reader,
    limit: PageLimit,
    customer_id: Id = None,
    assignee_id: Id = None,
    state: Literal["open", "done", "all"] = "open",
    due: Literal["overdue", "today", "upcoming"] | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ActivityList:
    """Activities of the customers the caller may see: open ones soonest first by default."""
    query = ActivityQuery(customer_id=customer_id, assignee_id=assignee_id, state=state, bucket=due)
    found = list_activities(
        caller=ctx, query=query, today=tenant_today(ctx.tenant), limit=limit, offset=offset
    )
    return ActivityList(items=[ActivityOut.of(a) for a in found])


@router.get("/mine")
def mine(ctx: Reader) -> MyActivities:
    """The signed-in user's open activities: overdue, due today, upcoming (100 of each at most)."""
    if ctx.user is None:
        raise PermissionDenied("an API key has no activities of its own; list them by assignee_id")
    today = tenant_today(ctx.tenant)

    def bucket(name: str) -> list[ActivityOut]:
        query = ActivityQuery(assignee_id=ctx.user.id if ctx.user else None, bucket=name)
        return [ActivityOut.of(a) for a in list_activities(caller=ctx, query=query, today=today, limit=100)]

    return MyActivities(
        today=today, overdue=bucket(OVERDUE), due_today=bucket(TODAY), upcoming=bucket(UPCOMING)
    )


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(404))
def create(body: ActivityCreate, ctx: Writer) -> ActivityOut:
    """Promise a call, visit, e-mail, meeting or to-do to a customer the caller may see."""
    activity = create_activity(caller=ctx, tenant=ctx.tenant, **body.model_dump())
    return ActivityOut.of(activity)


@router.get("/{activity_id}", responses=responses(404))
def show(activity_id: RecordId, ctx: Reader) -> ActivityOut:
    return ActivityOut.of(get_activity(caller=ctx, activity_id=activity_id))


@router.patch("/{activity_id}", responses=responses(404, 409))
def edit(activity_id: RecordId, body: ActivityPatch, ctx: Writer) -> ActivityOut:
    changes = body.model_dump(exclude_unset=True)
    return ActivityOut.of(update_activity(caller=ctx, activity_id=activity_id, **changes))


@router.post("/{activity_id}/complete", responses=responses(404, 409))
def complete(activity_id: RecordId, body: ActivityComplete, ctx: Writer) -> ActivityOut:
    """Mark it done; it is logged on the customer's timeline as an interaction of its type."""
    done = complete_activity(caller=ctx, tenant=ctx.tenant, activity_id=activity_id, outcome=body.outcome)
    return ActivityOut.of(done)


@router.post("/{activity_id}/snooze", responses=responses(404, 409))
def snooze(activity_id: RecordId, body: ActivitySnooze, ctx: Writer) -> ActivityOut:
    """Move it to a later date; it is reminded again on that date."""
    moved = snooze_activity(
        caller=ctx, activity_id=activity_id, until=body.until, today=tenant_today(ctx.tenant)
    )
    return ActivityOut.of(moved)


@router.post("/{activity_id}/reassign", responses=responses(404, 409))
def reassign(activity_id: RecordId, body: ActivityReassign, ctx: Writer) -> ActivityOut:
    """Give it to another user of the tenant who may see the customer."""
    return ActivityOut.of(
        reassign_activity(
            caller=ctx, tenant=ctx.tenant, activity_id=activity_id, assignee_id=body.assignee_id
        )
    )
