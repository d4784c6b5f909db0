"""Sales stages, a pack setting (``guanxi_equipment.settings.EquipmentSettings.stages``).

Why a setting rather than a table: a tenant has five to ten stages, edits them as one ordered
list, and expects them back unchanged after disabling and re-enabling the pack, which saved
settings provide.  Opportunities store the stage key; the service checks it against this list.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from sdk import Tenant, pack_settings, seed_pack_settings

from .settings import DEFAULT_STAGES, EquipmentSettings

__all__ = ["DEFAULT_STAGES", "seed_default_stages", "stages_for"]


def seed_default_stages(*, session: Session, tenant: Tenant) -> None:
    """Keep today's default stages for a tenant without its own list, so a later version's
    defaults do not reshape a pipeline that has opportunities in it."""
    seed_pack_settings(session, tenant, EquipmentSettings)


def stages_for(*, session: Session, tenant: Tenant) -> list[dict[str, Any]]:
    """The tenant's stages in pipeline order (the defaults if none are configured)."""
    return [stage.model_dump() for stage in pack_settings(session, tenant, EquipmentSettings).stages]
