"""Sign-in and sign-out pages (password sign-in with the API's rate limits, server-side sessions)
and the language switcher.

The switcher belongs with signing in: a visitor's choice is kept in the session, so the sign-in
page already speaks their language; a signed-in user's is saved on their account, but only while
their server-side session is live.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.auth.errors import RateLimited
from core.auth.login import attempt_login
from core.auth.websessions import end_web_session, open_web_session, web_session_is_live
from core.models import User
from core.tenancy import unit_of_work
from core.web.context import WebError, engine_for
from core.web.i18n import LOCALES, choose_locale
from core.web.session import end_session, start_session, web_session
from core.web.templating import render_template

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after sign-in would be a phishing aid."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _locale(request: Request) -> str:
    return choose_locale(
        user_locale=None,
        tenant_locale=None,
        session_locale=web_session(request).get("locale"),
        accept_language=request.headers.get("accept-language"),
    )


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "/") -> Response:
    return render_template(
        request, "sign_in.html", locale=_locale(request), next=safe_next(next), email="", error=None
    )


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    address = request.client.host if request.client else None
    error = None
    session_id = None
    # its own unit of work: there is no caller yet, and a failed attempt must be kept
    with unit_of_work(engine_for(request), None) as session:
        try:
            user = attempt_login(session=session, email=email, password=password, address=address)
        except RateLimited:
            user, error = None, "rate_limited"
        if user is not None and user.tenant_id is None:
            user, error = None, "no_tenant"
        if user is not None:
            session_id = open_web_session(session=session, user=user)
    if user is None or session_id is None:
        return render_template(
            request,
            "sign_in.html",
            locale=_locale(request),
            next=safe_next(next),
            email=email,
            error=error or "invalid",
            status_code=400,
        )
    assert user.id is not None
    assert user.tenant_id is not None
    start_session(request, user_id=user.id, tenant_id=user.tenant_id, session_id=session_id)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    """Sign out here and on the server: a copy of this cookie no longer signs anyone in."""
    session_id = end_session(request)
    if session_id:
        with unit_of_work(engine_for(request), None) as session:
            end_web_session(session=session, session_id=session_id)
    return RedirectResponse("/sign-in", status_code=303)


@router.post("/language")
def switch_language(
    request: Request, locale: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    if locale not in LOCALES:
        raise WebError(400)
    data = web_session(request)
    data["locale"] = locale
    if isinstance(data.get("uid"), int) and isinstance(data.get("tid"), int):
        with unit_of_work(engine_for(request), data["tid"]) as session:
            user = session.get(User, data["uid"])
            if (
                user is not None
                and user.tenant_id == data["tid"]
                and web_session_is_live(session=session, user=user, session_id=data.get("sid"))
            ):
                user.locale = locale
                session.add(user)
    return RedirectResponse(safe_next(next), status_code=303)
