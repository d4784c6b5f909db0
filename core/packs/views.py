"""Packs and editions as a tenant sees them: admins list and switch packs, owners change edition."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlmodel import Session

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.audit.service import record_change
from core.editions import all_editions, change_edition
from core.models import Tenant
from core.packs.models import EditionIn, EditionOut, PackChangeOut, PackOut
from core.packs.registry import PackRegistry
from core.packs.state import disable_pack, enable_pack, pack_states

router = APIRouter(prefix="/api/v1", tags=["packs"])
PackName = Annotated[str, Path(max_length=63, examples=["auto"])]
Manager = Annotated[RequestContext, require("packs:manage")]


def pack_list(session: Session, tenant: Tenant, registry: PackRegistry) -> list[PackOut]:
    """Every installed pack with its state for ``tenant``."""
    states = pack_states(session, tenant)
    return [
        PackOut(
            name=name,
            title=pack.info.title,
            version=pack.version,
            enabled=bool(states.get(name) and states[name].enabled),
            enabled_at=states[name].enabled_at if name in states else None,
            depends=sorted(pack.info.depends),
        )
        for name, pack in sorted(registry.packs.items())
    ]


@router.get("/plugins", responses=responses())
def list_packs(ctx: Annotated[RequestContext, require("packs:read")]) -> list[PackOut]:
    return pack_list(ctx.session, ctx.tenant, ctx.registry)


@router.put("/plugins/{pack}", responses=responses(404))
def enable(pack: PackName, ctx: Manager) -> PackChangeOut:
    """Enable a pack (and what it depends on); its backfill runs in this request."""
    enabled = enable_pack(session=ctx.session, tenant=ctx.tenant, pack=pack, actor=ctx.actor)
    for name in enabled:
        assert ctx.tenant.id is not None
        record_change(
            session=ctx.session, tenant_id=ctx.tenant.id, entity="pack", entity_id=name, action="enable"
        )
    return PackChangeOut(enabled=enabled)


@router.delete("/plugins/{pack}", responses=responses(404, 409))
def disable(pack: PackName, ctx: Manager) -> PackChangeOut:
    """Disable a pack; its data is kept and comes back when it is enabled again."""
    disable_pack(session=ctx.session, tenant=ctx.tenant, pack=pack)
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session, tenant_id=ctx.tenant.id, entity="pack", entity_id=pack, action="disable"
    )
    return PackChangeOut(disabled=[pack])


@router.get("/edition", responses=responses())
def read_edition(ctx: Annotated[RequestContext, require("packs:read")]) -> EditionOut:
    return EditionOut(edition=ctx.tenant.edition, available=sorted(all_editions(ctx.registry)))


@router.put("/edition", responses=responses())
def set_edition(body: EditionIn, ctx: Annotated[RequestContext, require("edition:change")]) -> EditionOut:
    """Move the tenant to another edition (owners only); downgrades keep every record."""
    before = ctx.tenant.edition
    change = change_edition(session=ctx.session, tenant=ctx.tenant, edition=body.edition, actor=ctx.actor)
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session,
        tenant_id=ctx.tenant.id,
        entity="tenant",
        entity_id=ctx.tenant.id,
        action="edition",
        changes={"edition": (before, change.edition)},
    )
    return EditionOut(
        edition=change.edition,
        available=sorted(all_editions(ctx.registry)),
        enabled=change.enabled,
        disabled=change.disabled,
    )
