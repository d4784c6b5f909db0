"""API keys of a tenant: list, create (shown once), revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from core.api.access import RecordId
from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.apikeys.models import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from core.apikeys.service import create_api_key, list_api_keys, revoke_api_key
from core.audit.service import record_change

router = APIRouter(prefix="/api/v1/api-keys", tags=["api keys"])
Admin = Annotated[RequestContext, require("apikeys:manage")]


@router.get("", responses=responses())
def list_keys(ctx: Admin) -> list[ApiKeyOut]:
    return [ApiKeyOut.model_validate(k) for k in list_api_keys(session=ctx.session)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses())
def create_key(body: ApiKeyCreate, ctx: Admin) -> ApiKeyCreated:
    """Create a key for an integration; the answer is the only time the key is shown."""
    key, token = create_api_key(
        session=ctx.session, tenant=ctx.tenant, name=body.name, scopes=body.scopes, created_by=ctx.actor
    )
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session,
        tenant_id=ctx.tenant.id,
        entity="api_key",
        entity_id=key.id,
        action="create",
        changes={"name": (None, key.name), "scopes": (None, key.scopes)},
    )
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=token)


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses(404))
def revoke_key(key_id: RecordId, ctx: Admin) -> None:
    key = revoke_api_key(session=ctx.session, key_id=key_id)
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session,
        tenant_id=ctx.tenant.id,
        entity="api_key",
        entity_id=key.id,
        action="revoke",
        changes={"revoked_at": (None, key.revoked_at)},
    )
