"""Deployment operators: tenants and their packs across clients, always by explicit slug."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from core.api.deps import OperatorContext, OperatorCtx
from core.api.responses import responses
from core.audit.service import record_change
from core.editions import all_editions, change_edition
from core.errors import InvalidInput, Problem
from core.models import Role
from core.packs.models import EditionIn, EditionOut, PackChangeOut, PackOut
from core.packs.state import disable_pack, enable_pack
from core.packs.views import pack_list
from core.tenants.models import TenantCreate, TenantOut
from core.tenants.service import create_tenant, get_tenant, list_tenants
from core.users.models import UserCreate, UserOut
from core.users.service import create_user

router = APIRouter(prefix="/api/v1/operator", tags=["operator"])


async def operators_only(ctx: OperatorCtx) -> OperatorContext:
    """The operator's context; it refuses everyone but deployment operators (403, or 401 for keys)."""
    return ctx


#: Read from the route table like a tenant permission: these routes are for operators only.
operators_only.guanxi_permission = "operator"  # type: ignore[attr-defined]
Operator = Annotated[OperatorContext, Depends(operators_only)]
Slug = Annotated[str, Path(max_length=63, examples=["hangzhou-auto"])]
PackName = Annotated[str, Path(max_length=63, examples=["auto"])]


@router.get("/tenants", responses=responses())
def tenants(ctx: Operator) -> list[TenantOut]:
    return [TenantOut.model_validate(t) for t in list_tenants(ctx.session)]


@router.post("/tenants", status_code=status.HTTP_201_CREATED, responses=responses(409))
def new_tenant(body: TenantCreate, ctx: Operator) -> TenantOut:
    return TenantOut.model_validate(create_tenant(session=ctx.session, **body.model_dump()))


@router.get("/tenants/{slug}", responses=responses(404))
def tenant(slug: Slug, ctx: Operator) -> TenantOut:
    return TenantOut.model_validate(get_tenant(ctx.session, slug))


@router.post("/tenants/{slug}/users", status_code=status.HTTP_201_CREATED, responses=responses(404, 409))
def new_user(slug: Slug, body: UserCreate, ctx: Operator) -> UserOut:
    """Create a user of the tenant (typically its first owner)."""
    if body.role not in set(Role) or body.role == Role.operator:
        raise InvalidInput([Problem("role", f"unknown role '{body.role}'")])
    found = get_tenant(ctx.session, slug)
    user = create_user(
        session=ctx.session,
        tenant=found,
        email=body.email,
        password=body.password,
        role=body.role,
        display_name=body.display_name,
        team=body.team,
    )
    assert found.id is not None
    record_change(
        session=ctx.session,
        tenant_id=found.id,
        entity="user",
        entity_id=user.id,
        action="create",
        changes={"email": (None, user.email), "role": (None, user.role)},
    )
    return UserOut.model_validate(user)


@router.get("/tenants/{slug}/packs", responses=responses(404))
def packs(slug: Slug, ctx: Operator) -> list[PackOut]:
    return pack_list(ctx.session, get_tenant(ctx.session, slug), ctx.registry)


@router.put("/tenants/{slug}/packs/{pack}", responses=responses(404))
def enable(slug: Slug, pack: PackName, ctx: Operator) -> PackChangeOut:
    found = get_tenant(ctx.session, slug)
    enabled = enable_pack(session=ctx.session, tenant=found, pack=pack, actor=ctx.actor)
    assert found.id is not None
    for name in enabled:
        record_change(session=ctx.session, tenant_id=found.id, entity="pack", entity_id=name, action="enable")
    return PackChangeOut(enabled=enabled)


@router.delete("/tenants/{slug}/packs/{pack}", responses=responses(404, 409))
def disable(slug: Slug, pack: PackName, ctx: Operator) -> PackChangeOut:
    found = get_tenant(ctx.session, slug)
    disable_pack(session=ctx.session, tenant=found, pack=pack)
    assert found.id is not None
    record_change(session=ctx.session, tenant_id=found.id, entity="pack", entity_id=pack, action="disable")
    return PackChangeOut(disabled=[pack])


@router.put("/tenants/{slug}/edition", responses=responses(404))
def edition(slug: Slug, body: EditionIn, ctx: Operator) -> EditionOut:
    found = get_tenant(ctx.session, slug)
    before = found.edition
    change = change_edition(session=ctx.session, tenant=found, edition=body.edition, actor=ctx.actor)
    assert found.id is not None
    record_change(
        session=ctx.session,
        tenant_id=found.id,
        entity="tenant",
        entity_id=found.id,
        action="edition",
        changes={"edition": (before, change.edition)},
    )
    return EditionOut(
        edition=change.edition,
        available=sorted(all_editions(ctx.registry)),
        enabled=change.enabled,
        disabled=change.disabled,
    )
