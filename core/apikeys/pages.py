"""Settings: the tenant's API keys; owners and admins create (the key is shown once) and revoke.

The same services and audit entries as the JSON endpoints, so a key made here and one made
through the API are indistinguishable.  The audit actor is the signed-in user.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.apikeys.service import SCOPES, create_api_key, list_api_keys, revoke_api_key
from core.audit.service import Actor, bind_actor, record_change
from core.errors import InvalidInput, NotFound
from core.web.context import Page, PageContext, WebError
from core.web.forms import field_errors

router = APIRouter()
PERMISSION = "apikeys:manage"


def _keys_page(
    page: Page, values: dict, errors: dict, new_key: str | None = None, status: int = 200
) -> Response:
    return page.render(
        "settings/api_keys.html",
        keys=list_api_keys(session=page.session),
        scopes=SCOPES,
        values=values,
        errors=errors,
        new_key=new_key,
        status_code=status,
    )


def _audited(page: Page) -> None:
    bind_actor(page.session, Actor(f"user:{page.user.email}"))


@router.get("/settings/api-keys")
def api_keys_page(page: PageContext) -> Response:
    page.require(PERMISSION)
    return _keys_page(page, {"scopes": ["read"]}, {})


@router.post("/settings/api-keys")
async def create_key(request: Request, page: PageContext) -> Response:
    page.require(PERMISSION)
    form = await request.form()
    name = str(form.get("name", "")).strip()
    scopes = [str(s) for s in form.getlist("scopes")]
    values = {"name": name, "scopes": scopes}
    _audited(page)
    try:
        key, token = create_api_key(
            session=page.session,
            tenant=page.tenant,
            name=name,
            scopes=scopes,
            created_by=f"user:{page.user.email}",
        )
        assert page.tenant.id is not None
        record_change(
            session=page.session,
            tenant_id=page.tenant.id,
            entity="api_key",
            entity_id=key.id,
            action="create",
            changes={"name": (None, key.name), "scopes": (None, key.scopes)},
        )
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        return _keys_page(page, values, field_errors(exc, page.gettext), status=422)
    return _keys_page(page, {"scopes": ["read"]}, {}, new_key=token, status=201)


@router.post("/settings/api-keys/{key_id}/revoke")
def revoke_key(key_id: int, page: PageContext) -> Response:
    page.require(PERMISSION)
    _audited(page)
    try:
        key = revoke_api_key(session=page.session, key_id=key_id)
    except NotFound:
        raise WebError(404) from None
    assert page.tenant.id is not None
    record_change(
        session=page.session,
        tenant_id=page.tenant.id,
        entity="api_key",
        entity_id=key.id,
        action="revoke",
        changes={"revoked_at": (None, key.revoked_at)},
    )
    return RedirectResponse("/settings/api-keys", status_code=303)
