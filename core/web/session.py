"""A signed cookie session for the web pages, and the CSRF token that lives in it.

The cookie is signed (itsdangerous) with the deployment's secret, HttpOnly, SameSite=Lax, and
Secure whenever the request came over HTTPS.  It holds only ids (user, tenant, server-side session),
the CSRF token and the language picked before sign-in; everything else is read from the database
on each request, so a deactivated user is signed out on their next click, and a signed-out
session stays signed out even where a copy of its cookie survives (core.auth.websessions).
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.auth.websessions import LIFETIME

COOKIE = "guanxi_session"
SCOPE_KEY = "guanxi_web_session"
MAX_AGE = int(LIFETIME.total_seconds())
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: Paths served by the JSON API (token auth) or its docs: no session cookie there.
API_PREFIXES = ("/api/", "/docs", "/redoc", "/openapi.json")


def is_web_path(path: str) -> bool:
    return not path.startswith(API_PREFIXES)


class WebSessionMiddleware:
    """Loads the session dict into the ASGI scope and writes the cookie back when it changed."""

    def __init__(self, app: ASGIApp, secret_key: str, max_age: int = MAX_AGE) -> None:
        self.app = app
        self.max_age = max_age
        self.serializer = URLSafeTimedSerializer(secret_key, salt="guanxi-web-session")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_web_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        data = self._load(HTTPConnection(scope).cookies.get(COOKIE))
        before = json.dumps(data, sort_keys=True)
        scope[SCOPE_KEY] = data

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                after = json.dumps(data, sort_keys=True)
                if after != before:
                    MutableHeaders(scope=message).append("set-cookie", self._cookie(data, scope))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            value = self.serializer.loads(raw, max_age=self.max_age)
        except BadSignature:
            return {}
        return value if isinstance(value, dict) else {}

    def _cookie(self, data: dict[str, Any], scope: Scope) -> str:
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        if not data:
            return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"
        value = self.serializer.dumps(data)
        return f"{COOKIE}={value}; Path=/; Max-Age={self.max_age}; HttpOnly; SameSite=Lax{secure}"


def web_session(request: Request) -> dict[str, Any]:
    """The request's session dict (empty outside web paths); changes are saved automatically."""
    return request.scope.setdefault(SCOPE_KEY, {})


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (so the sign-in form has one too)."""
    data = web_session(request)
    if not data.get("csrf"):
        data["csrf"] = secrets.token_urlsafe(32)
    return data["csrf"]


def start_session(request: Request, *, user_id: int, tenant_id: int, session_id: str) -> None:
    """Sign in: a new session with a fresh CSRF token (nothing carried over but the language);
    ``session_id`` names the server-side row (core.auth.websessions.open_web_session)."""
    data = web_session(request)
    locale = data.get("locale")
    data.clear()
    data.update(uid=user_id, tid=tenant_id, sid=session_id, csrf=secrets.token_urlsafe(32))
    if locale:
        data["locale"] = locale


def end_session(request: Request) -> str | None:
    """Forget the browser's session; returns its server-side id, which the caller revokes."""
    data = web_session(request)
    session_id = data.get("sid")
    data.clear()
    return session_id if isinstance(session_id, str) else None


async def csrf_ok(request: Request) -> bool:
    """Whether an unsafe request carries the session's token (form field or htmx header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    expected: str | None = web_session(request).get("csrf")
    sent: object = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str):
        return False
    return hmac.compare_digest(sent, expected)
