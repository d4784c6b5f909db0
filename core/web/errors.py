"""Turning the web UI's exceptions into pages: sign-in redirects and translated error pages."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from core.web.context import SignInRequired, WebError
from core.web.i18n import choose_locale
from core.web.session import web_session
from core.web.templating import render_template


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def sign_in_required(request: Request, _exc: Exception) -> Response:
    target = "/sign-in"
    if request.method == "GET" and request.url.path != "/":
        target += "?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if _is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    locale = choose_locale(
        user_locale=getattr(request.state, "web_locale", None),
        tenant_locale=None,
        session_locale=web_session(request).get("locale"),
        accept_language=request.headers.get("accept-language"),
    )
    return render_template(
        request,
        "error.html",
        locale=locale,
        status_code=exc.status_code,
        status=exc.status_code,
        message=exc.message,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(WebError, web_error)
