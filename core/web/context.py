"""What every signed-in page works with: the tenant-scoped session, the user, their rights, language.

A page takes ``PageContext``; a visitor without a valid session is sent to the sign-in page.  The
session is read-only for GET; a handler that writes commits once, and anything uncommitted is
rolled back when the request ends, so a failed write leaves nothing behind.  Every change made
through the session is audited as the signed-in user (``user:<email>``), as in the API, so no
page can forget to say who acted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlmodel import Session

from core.audit.service import Actor, bind_actor
from core.auth.websessions import web_session_is_live
from core.db import get_engine
from core.hookcaller import TenantHooks
from core.models import Tenant, User
from core.packstate import hooks_for
from core.tenancy import tenant_session
from core.web.access import permissions_for
from core.web.i18n import choose_locale
from core.web.nav import nav_items
from core.web.session import web_session
from core.web.templating import assets, render_template


class SignInRequired(Exception):
    """No valid session: the handler in ``core.web.errors`` redirects to the sign-in page."""


class WebError(Exception):
    """An HTTP error shown as a page (404 for anything hidden or missing, 403, 400)."""

    def __init__(self, status_code: int, message: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def engine_for(request: Request) -> Engine:
    """The app's engine (tests and embedders may set ``app.state.engine``), else the configured one."""
    return getattr(request.app.state, "engine", None) or get_engine()


@dataclass
class Page:
    request: Request
    session: Session
    tenant: Tenant
    user: User
    permissions: frozenset[str]
    locale: str
    hooks: TenantHooks
    extra: dict[str, Any] = field(default_factory=dict)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise WebError(403)

    def gettext(self, message: str, **variables: Any) -> str:
        text = assets(self.request).translate(self.locale, message)
        return text % variables if variables else text

    def render(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render_template(
            self.request,
            name,
            locale=self.locale,
            timezone=self.tenant.timezone,
            status_code=status_code,
            page=self,
            user=self.user,
            tenant=self.tenant,
            nav=nav_items(self.hooks, self.tenant, self.permissions),
            **context,
        )


def page_context(request: Request) -> Iterator[Page]:
    data = web_session(request)
    user_id, tenant_id = data.get("uid"), data.get("tid")
    if not isinstance(user_id, int) or not isinstance(tenant_id, int):
        raise SignInRequired
    read_only = request.method in ("GET", "HEAD")
    session = tenant_session(engine_for(request), tenant_id, read_only=read_only)
    try:
        tenant = session.get(Tenant, tenant_id)
        user = session.get(User, user_id)
        if (
            tenant is None
            or user is None
            or not user.active
            or user.tenant_id != tenant_id
            or not web_session_is_live(session=session, user=user, session_id=data.get("sid"))
        ):
            data.clear()
            raise SignInRequired
        bind_actor(session, Actor(f"user:{user.email}"))
        locale = choose_locale(
            user_locale=user.locale,
            tenant_locale=tenant.locale,
            session_locale=data.get("locale"),
            accept_language=request.headers.get("accept-language"),
        )
        request.state.web_locale = locale  # error pages speak the user's language too
        yield Page(request, session, tenant, user, permissions_for(user), locale, hooks_for(session, tenant))
    finally:
        session.close()


PageContext = Annotated[Page, Depends(page_context)]
