"""Notifications inbox: the signed-in user's reminders, marking them read, the calendar feed URL.

Every signed-in user has an inbox (a user only ever sees their own notifications), so the page
needs no permission.  The navigation's unread badge is a tiny fragment htmx loads after the page,
so the count query never slows down the page around it.  A calendar feed URL is a credential:
it is shown once, on the answer to the request that made it, and making a new one retires the old.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from core.errors import NotFound
from core.publicurl import public_url_for
from core.reminders.calendar import issue_calendar_token
from core.reminders.inbox import list_notifications, mark_read, unread_count
from core.web.context import Page, PageContext, WebError

router = APIRouter()
PAGE_SIZE = 50


def _inbox(page: Page, before_id: int | None = None, feed_url: str | None = None) -> Response:
    items = list_notifications(session=page.session, user=page.user, limit=PAGE_SIZE + 1, before_id=before_id)
    more = len(items) > PAGE_SIZE
    return page.render(
        "inbox/list.html",
        items=items[:PAGE_SIZE],
        more=more,
        next_before=items[PAGE_SIZE - 1].id if more else None,
        unread=unread_count(session=page.session, user=page.user),
        feed_url=feed_url,
    )


@router.get("/notifications")
def inbox(page: PageContext, before_id: int | None = None) -> Response:
    return _inbox(page, before_id)


@router.get("/notifications/badge")
def unread_badge(page: PageContext) -> Response:
    """The unread count beside the menu entry; nothing at all when everything is read."""
    count = unread_count(session=page.session, user=page.user)
    if not count:
        return HTMLResponse("")
    label = page.gettext("%(count)s unread", count=count)
    return HTMLResponse(f'<span class="badge" id="unread-badge" title="{escape(label)}">{count}</span>')


@router.post("/notifications/{notification_id}/read")
def read_one(notification_id: int, page: PageContext) -> Response:
    try:
        mark_read(session=page.session, user=page.user, notification_id=notification_id)
    except NotFound:
        raise WebError(404) from None
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read")
def read_all(page: PageContext) -> Response:
    mark_read(session=page.session, user=page.user)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/calendar")
def new_calendar_feed(request: Request, page: PageContext) -> Response:
    token = issue_calendar_token(session=page.session, tenant=page.tenant, user=page.user)
    return _inbox(page, feed_url=public_url_for(request, "calendar_ics", token=token))
