"""The repair pack's per-tenant settings: one number, the shop's default warranty.

Declared as a schema so admins change it on the settings page or through
``PUT /api/v1/packs/appliance-repair/settings`` and the pack reads a validated value.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from sdk import PackSettings

#: 三包: most household appliances carry a one-year whole-unit warranty.
DEFAULT_WARRANTY_MONTHS = 12


class RepairSettings(BaseModel):
    warranty_months: int = Field(
        default=DEFAULT_WARRANTY_MONTHS, ge=0, le=120, title="Default warranty (months)"
    )


SETTINGS = PackSettings(
    schema=RepairSettings,
    title="Repair settings",
    titles={"zh_Hans": "维修设置", "zh_Hant": "維修設定"},
    field_titles={"warranty_months": {"zh_Hans": "默认保修期（月）", "zh_Hant": "預設保固期（月）"}},
)
