"""Request limits: body size (413 before the body reaches a handler) and page size."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Query
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import InvalidInput, Problem
from core.settings import get_settings


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether sized or chunked.

    The body is read (up to the limit) before the app sees it and then replayed, so a handler
    never starts on a request that will turn out too large.  ``larger`` gives routes that take
    files (imports) their own, higher limit by path prefix; every other route keeps the small one.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    def limit_for(self, path: str) -> int:
        return next(
            (limit for prefix, limit in self.larger.items() if path.startswith(prefix)), self.max_bytes
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await self._refuse(send, max_bytes)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > max_bytes:
                await self._refuse(send, max_bytes)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        payload = json.dumps({"detail": f"the request body is larger than {max_bytes} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


async def page_limit(
    limit: Annotated[
        int,
        Query(
            ge=1, description="Page size (at most the deployment's maximum, 200 by default).", examples=[50]
        ),
    ] = 50,
) -> int:
    """The requested page size, refused (422 naming ``limit``) above ``settings.max_page_size``."""
    maximum = get_settings().max_page_size
    if limit > maximum:
        raise InvalidInput([Problem("limit", f"must be at most {maximum}")])
    return limit


PageLimit = Annotated[int, Depends(page_limit)]
