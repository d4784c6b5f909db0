"""The CSRF check every web router depends on: any POST without the session's token is refused."""

from __future__ import annotations

from fastapi import Request

from core.web.context import WebError
from core.web.session import csrf_ok


async def require_csrf(request: Request) -> None:
    if not await csrf_ok(request):
        raise WebError(403, "csrf")
