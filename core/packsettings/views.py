"""``/api/v1/packs/{pack}/settings``: a tenant's settings of one enabled pack, read and replaced."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.packsettings.models import PackSettingsOut
from core.packsettings.service import current_settings, require_enabled, save_pack_settings

router = APIRouter(prefix="/api/v1/packs", tags=["packs"])
PackName = Annotated[str, Path(max_length=63, examples=["appliance-repair"])]
SettingsBody = Annotated[dict[str, Any], Body(examples=[{"warranty_months": 24}])]


@router.get("/{pack}/settings", responses=responses(404))
def read_settings(pack: PackName, ctx: Annotated[RequestContext, require("packs:read")]) -> PackSettingsOut:
    """Every setting of the pack, the saved ones and the defaults of the rest."""
    require_enabled(ctx.session, ctx.tenant, pack)
    settings = current_settings(session=ctx.session, tenant=ctx.tenant, pack=pack)
    return PackSettingsOut(pack=pack, values=settings.model_dump(mode="json"))


@router.put("/{pack}/settings", responses=responses(404, 422))
def replace_settings(
    pack: PackName, body: SettingsBody, ctx: Annotated[RequestContext, require("packs:manage")]
) -> PackSettingsOut:
    """Replace the pack's settings; fields left out take their defaults, a bad one is a 422 naming it."""
    settings = save_pack_settings(session=ctx.session, tenant=ctx.tenant, pack=pack, values=body)
    return PackSettingsOut(pack=pack, values=settings.model_dump(mode="json"))
