"""Owner protections: a company always keeps an active owner, and only owners touch owners.

An owner can change the edition, manage every user and hand the company over; an admin who could
demote or deactivate them could take the company from its owner, and a company without an active
owner could not be managed at all.  Both the API and the web pages change users through
:func:`core.users.service.update_user`, which asks :func:`check_owner_change` first.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.errors import Conflict, PermissionDenied
from core.models import Role, User

ONLY_OWNERS = "only an owner can demote or deactivate an owner"
LAST_OWNER = "a company needs an active owner: make someone else an owner first"


def check_owner_change(
    *, session: Session, user: User, actor: User | None, role: str | None, active: bool | None
) -> None:
    """Refuse a change that would demote or deactivate an owner when ``actor`` is not an owner
    (:class:`PermissionDenied`), or that would leave the tenant without an active owner
    (:class:`Conflict`).  ``actor`` is ``None`` for the deployment's own tools (the CLI)."""
    demoted = role is not None and role != Role.owner
    if user.role != Role.owner or not user.active or not (demoted or active is False):
        return
    if actor is not None and actor.role not in (Role.owner, Role.operator):
        raise PermissionDenied(ONLY_OWNERS)
    # Lock every active owner (this one included), so two owners demoting each other at the same
    # time cannot both succeed: the second waits, then no longer finds the first among owners.
    owners = session.exec(
        select(User.id)
        .where(
            col(User.tenant_id) == user.tenant_id, col(User.role) == Role.owner, col(User.active).is_(True)
        )
        .with_for_update()
    ).all()
    if not set(owners) - {user.id}:
        raise Conflict(LAST_OWNER)
