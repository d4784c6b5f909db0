"""Users of a tenant: who am I, list, invite, change role or team, deactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from sqlmodel import col, select

from core.api.access import RecordId
from core.api.deps import Context, RequestContext, require
from core.api.responses import responses
from core.audit.service import record_change
from core.auth.permissions import permission_model
from core.errors import InvalidInput, NotFound, PermissionDenied, Problem
from core.users.models import MeOut, Role, User, UserCreate, UserOut, UserUpdate
from core.users.service import create_user
from core.users.service import update_user as apply_user_changes

router = APIRouter(prefix="/api/v1/users", tags=["users"])
Manager = Annotated[RequestContext, require("users:manage")]


def _check_role(ctx: RequestContext, role: str) -> None:
    if not permission_model(ctx.registry).known_role(role) or role == Role.operator:
        raise InvalidInput([Problem("role", f"unknown role '{role}'")])
    if not permission_model(ctx.registry).permissions(role) <= ctx.permissions:
        raise PermissionDenied(f"you cannot grant the role '{role}', which can do more than you")


def _get(ctx: RequestContext, user_id: RecordId) -> User:
    user = ctx.session.exec(select(User).where(User.id == user_id)).first()
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


@router.get("/me", responses=responses())
def me(ctx: Context) -> MeOut:
    """The signed-in user, their tenant and what they may do (not for API keys)."""
    if ctx.user is None:
        raise NotFound("an API key has no user")
    return MeOut(
        **UserOut.model_validate(ctx.user).model_dump(),
        tenant=ctx.tenant.slug,
        permissions=sorted(ctx.permissions),
    )


@router.get("", responses=responses())
def list_users(ctx: Annotated[RequestContext, require("users:read")]) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in ctx.session.exec(select(User).order_by(col(User.id))).all()]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(409))
def invite_user(body: UserCreate, ctx: Manager) -> UserOut:
    """Create a user of this tenant; nobody can grant a role that can do more than they can."""
    _check_role(ctx, body.role)
    user = create_user(
        session=ctx.session,
        tenant=ctx.tenant,
        email=body.email,
        password=body.password,
        role=body.role,
        display_name=body.display_name,
        team=body.team,
    )
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session,
        tenant_id=ctx.tenant.id,
        entity="user",
        entity_id=user.id,
        action="create",
        changes={"email": (None, user.email), "role": (None, user.role)},
    )
    return UserOut.model_validate(user)


@router.get("/{user_id}", responses=responses(404))
def read_user(user_id: RecordId, ctx: Annotated[RequestContext, require("users:read")]) -> UserOut:
    return UserOut.model_validate(_get(ctx, user_id))


@router.patch("/{user_id}", responses=responses(404, 409))
def update_user(user_id: RecordId, body: UserUpdate, ctx: Manager) -> UserOut:
    """Change a user's name, role, team or whether they may sign in.  Only owners demote or
    deactivate owners (403), and a company keeps at least one active owner (409)."""
    user = _get(ctx, user_id)
    data = body.model_dump(exclude_unset=True)
    if "role" in data:
        _check_role(ctx, data["role"])
        _check_role(ctx, user.role)
    changes = apply_user_changes(session=ctx.session, user=user, actor=ctx.user, changes=data)
    assert ctx.tenant.id is not None
    record_change(
        session=ctx.session,
        tenant_id=ctx.tenant.id,
        entity="user",
        entity_id=user.id,
        action="update",
        changes=changes,
    )
    return UserOut.model_validate(user)
