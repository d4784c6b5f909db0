"""Reminder routes: the signed-in user's inbox and calendar token, and the public calendar feed.

``GET /api/v1/calendar/{token}.ics`` needs no login (calendar apps cannot log in); the token in
the URL is the credential, stored hashed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from core.api.deps import RequestContext, require
from core.errors import NotFound, PermissionDenied
from core.models import User
from core.publicurl import public_url_for
from core.reminders.calendar import calendar_feed, issue_calendar_token, user_for_calendar_token
from core.reminders.inbox import list_notifications, mark_read, unread_count

router = APIRouter(prefix="/api/v1", tags=["reminders"])
#: Every signed-in user holds ``inbox:use`` (their own notifications); API keys do not.
Own = Annotated[RequestContext, require("inbox:use")]


class NotificationOut(BaseModel):
    id: int
    rule: str
    title: str
    due_on: str
    customer_id: int | None
    read: bool


class InboxOut(BaseModel):
    unread: int
    items: list[NotificationOut]


def _user(ctx: RequestContext) -> User:
    if ctx.user is None:
        raise PermissionDenied("the inbox belongs to a signed-in user, not to an API key")
    return ctx.user


@router.get("/notifications", response_model=InboxOut)
def inbox(ctx: Own, unread_only: bool = False, limit: int = 50, before_id: int | None = None) -> InboxOut:
    user = _user(ctx)
    rows = list_notifications(
        session=ctx.session, user=user, unread_only=unread_only, limit=limit, before_id=before_id
    )
    return InboxOut(
        unread=unread_count(session=ctx.session, user=user),
        items=[
            NotificationOut(
                id=n.id,
                rule=n.rule,
                title=n.title,
                due_on=n.due_on.isoformat(),
                customer_id=n.customer_id,
                read=n.read_at is not None,
            )
            for n in rows
        ],
    )


@router.post("/notifications/{notification_id}/read")
def read_one(notification_id: int, ctx: Own) -> dict[str, int]:
    return {"changed": mark_read(session=ctx.session, user=_user(ctx), notification_id=notification_id)}


@router.post("/notifications/read")
def read_all(ctx: Own) -> dict[str, int]:
    return {"changed": mark_read(session=ctx.session, user=_user(ctx))}


@router.post("/calendar/token")
def new_calendar_token(ctx: Own, request: Request) -> dict[str, str]:
    """A new secret feed URL for the caller (shown once; the previous one stops working)."""
    token = issue_calendar_token(session=ctx.session, tenant=ctx.tenant, user=_user(ctx))
    return {"url": public_url_for(request, "calendar_ics", token=token)}


@router.get("/calendar/{token}.ics", name="calendar_ics")
def calendar_ics(token: str, request: Request) -> Response:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        from core.db import get_engine

        engine = get_engine()
    try:
        session, user = user_for_calendar_token(engine=engine, token=token)
    except NotFound:
        return Response("unknown calendar", status_code=404, media_type="text/plain")
    with session:
        body = calendar_feed(session=session, user=user)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "no-store"})
