"""``Idempotency-Key`` for creates: a retried POST returns the first answer and creates nothing.

The first answer is stored per tenant in the request's own transaction, so it exists exactly when
the record it describes does.  Two requests racing with one key collide on the unique index and
the loser gets 409 (it may retry and will then receive the stored answer).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import select

from core.api.deps import RequestContext
from core.api.models import IdempotencyRecord
from core.errors import InvalidInput, Problem


class Idempotency:
    def __init__(self, key: str | None, method: str, path: str):
        self.key = key
        self.method = method
        self.path = path

    def _hash(self, body: Any) -> str:
        canonical = json.dumps([self.method, self.path, body], sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def run(
        self,
        ctx: RequestContext,
        body: BaseModel | dict[str, Any],
        create: Callable[[], BaseModel],
        status_code: int = 201,
    ) -> BaseModel | JSONResponse:
        """``create()`` once per key: a replay returns the stored answer instead."""
        if not self.key:
            return create()
        request_hash = self._hash(body.model_dump(mode="json") if isinstance(body, BaseModel) else body)
        stored = ctx.session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == self.key)).first()
        if stored is not None:
            if stored.request_hash != request_hash:
                raise InvalidInput(
                    [Problem("Idempotency-Key", "this key was used with another request body; use a new key")]
                )
            return JSONResponse(
                stored.response, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
            )
        result = create()
        ctx.session.add(
            IdempotencyRecord(
                key=self.key,
                request_hash=request_hash,
                status_code=status_code,
                response=result.model_dump(mode="json"),
            )
        )
        ctx.session.flush()
        return result


async def _idempotency(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="Send the same key to retry a create safely.",
            examples=["7d4e1f0a-2b1c-4d8e-9f00-1a2b3c4d5e6f"],
        ),
    ] = None,
) -> Idempotency:
    return Idempotency(idempotency_key, request.method, request.url.path)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]
