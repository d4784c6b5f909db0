"""What every signed-in page works with: the request's caller, plus the language and rendering.

A page takes ``PageContext``: the same :class:`core.caller.Caller` as the JSON API, built by the
same function from the signed cookie instead of a token, with the same unit of work and the same
permission model.  A visitor without a valid session is sent to the sign-in page.  The session
is read-only for GET; a write is committed once after the handler returns and rolled back if it
raised, so a failed write leaves nothing behind.  Every change made through the session is
audited as the signed-in user (``user:<email>``), as in the API, so no page can forget to say
who acted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlmodel import Session

from core.auth.callers import Credentials, caller_source
from core.caller import Caller, caller_scope
from core.db import get_engine
from core.models import Tenant, User
from core.packs.facade import TenantHooks
from core.web.i18n import choose_locale
from core.web.nav import nav_items
from core.web.session import web_session
from core.web.templating import assets, render_template

#: Pages never answer OPTIONS; HEAD reads like GET.
_READS = frozenset({"GET", "HEAD"})


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


class Page(Caller):
    """A signed-in page's caller: what :class:`~core.caller.Caller` holds, plus the request, the
    user's language and rendering.  A page is always a user's, never an API key's."""

    def __init__(
        self,
        request: Request,
        session: Session | None = None,
        tenant: Tenant | None = None,
        user: User | None = None,
        permissions: frozenset[str] = frozenset(),
        locale: str = "en",
        hooks: TenantHooks | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        actor = f"user:{user.email}" if user is not None else ""
        super().__init__(session, tenant, user, actor, None, permissions, hooks)
        self.request = request
        self._locale = locale
        self.extra: dict[str, Any] = extra if extra is not None else {}

    @classmethod
    def of(cls, request: Request, credentials: Credentials, *, read_only: bool) -> Page:
        state = request.app.state
        engine = engine_for(request)
        page = cls.pending(caller_source(state, engine, state.registry), credentials, read_only=read_only)
        page.request = request
        page._locale = "en"
        page.extra = {}
        return page

    @property
    def user(self) -> User:
        user = super().user
        assert user is not None, "pages are signed in"
        return user

    @property
    def locale(self) -> str:
        self.open()
        return self._locale

    def _after_open(self) -> None:
        user, tenant = self.user, self.tenant
        self._locale = choose_locale(
            user_locale=user.locale,
            tenant_locale=tenant.locale,
            session_locale=web_session(self.request).get("locale"),
            accept_language=self.request.headers.get("accept-language"),
        )
        self.request.state.web_locale = self._locale  # error pages speak the user's language too

    def _unauthenticated(self, message: str) -> Exception:
        web_session(self.request).clear()
        return SignInRequired(message)

    def _forbidden(self, message: str) -> Exception:
        return WebError(403)

    def _missing(self, message: str) -> Exception:
        return WebError(404)

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


async def page_context(request: Request) -> AsyncIterator[Page]:
    """The signed-in caller of a page; the cookie is read here, the account on first use."""
    data = web_session(request)
    user_id, tenant_id, session_id = data.get("uid"), data.get("tid"), data.get("sid")
    if not isinstance(user_id, int) or not isinstance(tenant_id, int):
        raise SignInRequired
    credentials = Credentials(
        "web", user_id=user_id, tenant_id=tenant_id, secret=session_id if isinstance(session_id, str) else ""
    )
    page = Page.of(request, credentials, read_only=request.method in _READS)
    async with caller_scope(page):
        yield page


PageContext = Annotated[Page, Depends(page_context, scope="function")]
