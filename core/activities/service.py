"""Activities: create, edit, complete, snooze and reassign, always within the caller's record rules.

Every function takes the caller (API context, page or CLI operator: anything with ``session``,
``user`` and ``permissions``) and applies the same rule as customers: a rep reaches only the
activities of customers they may see, and a hidden activity answers like a missing one.
Completing logs an interaction of the activity's type, so it lands on the customer's timeline in
the same unit of work.  Functions flush and let the caller commit once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from core.activities.models import NOTE_MAX_LENGTH, OUTCOME_MAX_LENGTH, Activity, ActivityKind
from core.activities.notices import tell_new_assignee
from core.auth.permissions import permission_model
from core.customers.access import MAX_ID, Caller, may_see_customer, visible_customer, visible_to
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.interactions.service import log_interaction
from core.models import Customer, InteractionKind, Tenant, User
from core.tenancy import session_registry
from core.text import clean_text
from core.types import utcnow

#: The interaction a completed activity is logged as (a to-do has no kind of its own there).
_LOGGED_AS = {
    ActivityKind.call: InteractionKind.call,
    ActivityKind.visit: InteractionKind.visit,
    ActivityKind.email: InteractionKind.email,
    ActivityKind.meeting: InteractionKind.meeting,
    ActivityKind.todo: InteractionKind.note,
}
OPEN, DONE, ALL = "open", "done", "all"
STATES = (OPEN, DONE, ALL)
OVERDUE, TODAY, UPCOMING = "overdue", "today", "upcoming"
BUCKETS = (OVERDUE, TODAY, UPCOMING)


def _kind(value: str | ActivityKind) -> ActivityKind:
    try:
        return ActivityKind(value)
    except ValueError:
        choices = ", ".join(k.value for k in ActivityKind)
        raise InvalidInput([Problem("kind", f"choose one of {choices}")]) from None


def _text(value: str | None, field: str, limit: int) -> str:
    text = clean_text(value)
    if len(text) > limit:
        raise InvalidInput([Problem(field, f"at most {limit} characters")])
    return text


def _assignee(caller: Caller, customer: Customer, user_id: int) -> User:
    """An active user of this tenant who may see the customer (else they could not act on it)."""
    user = caller.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is None or user.tenant_id != customer.tenant_id or not user.active:
        raise InvalidInput([Problem("assignee_id", f"no active user {user_id} in this tenant")])
    rights = permission_model(session_registry(caller.session)).permissions(user.role)
    if not may_see_customer(user, rights, customer):
        raise InvalidInput([Problem("assignee_id", f"user {user_id} may not see this customer")])
    return user


def create_activity(
    *,
    caller: Caller,
    tenant: Tenant,
    customer_id: int,
    kind: str | ActivityKind,
    due_on: date,
    note: str = "",
    assignee_id: int | None = None,
    interaction_id: int | None = None,
) -> Activity:
    """A new open activity; assigned to ``assignee_id``, else the caller, else the customer's owner."""
    customer = visible_customer(
        session=caller.session, user=caller.user, permissions=caller.permissions, customer_id=customer_id
    )
    me = caller.user.id if caller.user else None
    if assignee_id is not None:
        _assignee(caller, customer, assignee_id)
    activity = Activity(
        tenant_id=tenant.id,
        customer_id=customer_id,
        kind=_kind(kind).value,
        due_on=due_on,
        note=_text(note, "note", NOTE_MAX_LENGTH),
        user_id=assignee_id or me or customer.owner_id,
        interaction_id=interaction_id,
        created_by_id=me,
    )
    caller.session.add(activity)
    caller.session.flush()
    return activity


def get_activity(*, caller: Caller, activity_id: int) -> Activity:
    """The activity, or :class:`NotFound` when it is missing or its customer is hidden or deleted."""
    activity = caller.session.get(Activity, activity_id) if 0 < activity_id <= MAX_ID else None
    if activity is None:
        raise NotFound(f"activity {activity_id} not found")
    try:
        visible_customer(
            session=caller.session,
            user=caller.user,
            permissions=caller.permissions,
            customer_id=activity.customer_id,
        )
    except NotFound:
        raise NotFound(f"activity {activity_id} not found") from None
    return activity


def _open(caller: Caller, activity_id: int) -> Activity:
    activity = get_activity(caller=caller, activity_id=activity_id)
    if activity.done_at is not None:
        raise Conflict(f"activity {activity_id} is already completed")
    return activity


def update_activity(
    *,
    caller: Caller,
    activity_id: int,
    kind: str | None = None,
    due_on: date | None = None,
    note: str | None = None,
) -> Activity:
    """Change an open activity's type, due date or note (a completed one is history)."""
    activity = _open(caller, activity_id)
    if kind is not None:
        activity.kind = _kind(kind).value
    if due_on is not None:
        activity.due_on = due_on
    if note is not None:
        activity.note = _text(note, "note", NOTE_MAX_LENGTH)
    activity.updated_at = utcnow()
    caller.session.add(activity)
    caller.session.flush()
    return activity


def complete_activity(*, caller: Caller, tenant: Tenant, activity_id: int, outcome: str = "") -> Activity:
    """Mark it done and log it on the customer's timeline as an interaction of its type."""
    activity = _open(caller, activity_id)
    outcome = _text(outcome, "outcome", OUTCOME_MAX_LENGTH)
    me = caller.user.id if caller.user else None
    summary = " — ".join(part for part in (activity.note, outcome) if part)
    log_interaction(
        session=caller.session,
        tenant=tenant,
        customer_id=activity.customer_id,
        data={
            "kind": _LOGGED_AS[ActivityKind(activity.kind)].value,
            "summary": summary[:2000],
            "payload": {"activity_id": activity.id, "activity_kind": activity.kind},
        },
        user_id=me,
    )
    activity.done_at = activity.updated_at = utcnow()
    activity.done_by_id = me
    activity.outcome = outcome
    caller.session.add(activity)
    caller.session.flush()
    return activity


def snooze_activity(*, caller: Caller, activity_id: int, until: date, today: date) -> Activity:
    """Move an open activity to a later date; it is reminded again then (once)."""
    activity = _open(caller, activity_id)
    if until <= today:
        raise InvalidInput([Problem("until", "choose a date after today")])
    if activity.first_due_on is None:
        activity.first_due_on = activity.due_on
    activity.due_on, activity.updated_at = until, utcnow()
    caller.session.add(activity)
    caller.session.flush()
    return activity


def reassign_activity(*, caller: Caller, tenant: Tenant, activity_id: int, assignee_id: int) -> Activity:
    """Hand an open activity to another user of the tenant who may see its customer; they are
    told in their inbox (and by e-mail) unless they reassigned it to themselves."""
    activity = _open(caller, activity_id)
    customer = caller.session.get(Customer, activity.customer_id)
    assert customer is not None  # get_activity found it visible
    _assignee(caller, customer, assignee_id)
    changed = activity.user_id != assignee_id
    activity.user_id, activity.updated_at = assignee_id, utcnow()
    caller.session.add(activity)
    caller.session.flush()
    if changed and (caller.user is None or caller.user.id != assignee_id):
        tell_new_assignee(
            session=caller.session, tenant=tenant, activity=activity, customer_name=customer.name
        )
    return activity


@dataclass(frozen=True)
class ActivityQuery:
    """Which activities to list; every condition is optional."""

    customer_id: int | None = None
    assignee_id: int | None = None
    state: str = OPEN
    bucket: str | None = None


def list_activities(
    *, caller: Caller, query: ActivityQuery, today: date, limit: int = 50, offset: int = 0
) -> list[Activity]:
    """Activities the caller may see, of live customers, soonest due first (done: latest first).

    ``bucket`` splits open activities by ``today`` (the tenant's date): overdue, due today, upcoming.
    """
    if query.state not in STATES:
        raise InvalidInput([Problem("state", f"choose one of {', '.join(STATES)}")])
    if query.bucket is not None and query.bucket not in BUCKETS:
        raise InvalidInput([Problem("due", f"choose one of {', '.join(BUCKETS)}")])
    statement: Any = (
        select(Activity)
        .join(Customer, col(Customer.id) == col(Activity.customer_id))
        .where(col(Customer.deleted_at).is_(None), visible_to(caller, col(Activity.customer_id)))
    )
    if query.customer_id is not None:
        statement = statement.where(col(Activity.customer_id) == query.customer_id)
    if query.assignee_id is not None:
        statement = statement.where(col(Activity.user_id) == query.assignee_id)
    if query.state == OPEN:
        statement = statement.where(col(Activity.done_at).is_(None))
    elif query.state == DONE:
        statement = statement.where(col(Activity.done_at).is_not(None))
    if query.bucket == OVERDUE:
        statement = statement.where(col(Activity.due_on) < today)
    elif query.bucket == TODAY:
        statement = statement.where(col(Activity.due_on) == today)
    elif query.bucket == UPCOMING:
        statement = statement.where(col(Activity.due_on) > today)
    if query.state == DONE:
        statement = statement.order_by(col(Activity.done_at).desc(), col(Activity.id).desc())
    else:
        statement = statement.order_by(col(Activity.due_on), col(Activity.id))
    statement = statement.offset(max(0, offset)).limit(max(1, min(limit, 500)))
    return list(caller.session.execute(statement).scalars())


def count_open(*, caller: Caller, assignee_id: int, today: date) -> dict[str, int]:
    """How many open activities the assignee has overdue, due today and upcoming (one query)."""
    due = col(Activity.due_on)
    row = caller.session.execute(
        select(
            func.sum(case((due < today, 1), else_=0)),
            func.sum(case((due == today, 1), else_=0)),
            func.sum(case((due > today, 1), else_=0)),
        )
        .select_from(Activity)
        .join(Customer, col(Customer.id) == col(Activity.customer_id))
        .where(
            col(Activity.user_id) == assignee_id,
            col(Activity.done_at).is_(None),
            col(Customer.deleted_at).is_(None),
            visible_to(caller, col(Activity.customer_id)),
        )
    ).one()
    return {name: int(value or 0) for name, value in zip(BUCKETS, row, strict=True)}
