"""Sales stages, kept in the pack's per-tenant config (``TenantPack.config["stages"]``).

Why config rather than a table: a tenant has five to ten stages, edits them as one ordered list,
and expects them back unchanged after disabling and re-enabling the pack, which the pack state row
already provides.  Opportunities store the stage key; the service checks it against this list.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from sdk import Tenant, TenantPack

PACK = "equipment"

DEFAULT_STAGES: tuple[dict[str, Any], ...] = (
    {"key": "lead", "title": "线索", "probability": 10, "closed": False},
    {"key": "qualified", "title": "需求确认", "probability": 25, "closed": False},
    {"key": "proposal", "title": "方案报价", "probability": 50, "closed": False},
    {"key": "negotiation", "title": "商务谈判", "probability": 75, "closed": False},
    {"key": "won", "title": "赢单", "probability": 100, "closed": True},
    {"key": "lost", "title": "输单", "probability": 0, "closed": True},
)


def _state(session: Session, tenant: Tenant) -> TenantPack | None:
    return session.get(TenantPack, (tenant.id, PACK))


def seed_default_stages(*, session: Session, tenant: Tenant) -> None:
    """Give the tenant the default stages unless it already has its own list."""
    state = _state(session, tenant)
    if state is None or state.config.get("stages"):
        return
    # a new dict, so the JSON column is seen as changed
    state.config = {**state.config, "stages": [dict(stage) for stage in DEFAULT_STAGES]}
    session.add(state)
    session.flush()


def stages_for(*, session: Session, tenant: Tenant) -> list[dict[str, Any]]:
    """The tenant's stages in pipeline order (the defaults if none are configured)."""
    state = _state(session, tenant)
    configured = state.config.get("stages") if state is not None else None
    return list(configured or DEFAULT_STAGES)
