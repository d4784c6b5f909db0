"""The equipment pack's per-tenant settings: the sales stages, in pipeline order.

A list of stages is not a form field, so the settings page leaves it alone and admins edit it
through ``PUT /api/v1/packs/equipment/settings``; the schema still checks every stage.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

from sdk import PackSettings

DEFAULT_STAGES: tuple[dict[str, Any], ...] = (
    {"key": "lead", "title": "线索", "probability": 10, "closed": False},
    {"key": "qualified", "title": "需求确认", "probability": 25, "closed": False},
    {"key": "proposal", "title": "方案报价", "probability": 50, "closed": False},
    {"key": "negotiation", "title": "商务谈判", "probability": 75, "closed": False},
    {"key": "won", "title": "赢单", "probability": 100, "closed": True},
    {"key": "lost", "title": "输单", "probability": 0, "closed": True},
)


class Stage(BaseModel):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    title: str = Field(min_length=1, max_length=60)
    probability: int = Field(ge=0, le=100)
    closed: bool = False


class EquipmentSettings(BaseModel):
    stages: list[Stage] = Field(
        default_factory=lambda: [Stage(**stage) for stage in DEFAULT_STAGES],
        min_length=1,
        title="Sales stages",
    )

    @model_validator(mode="after")
    def _keys_are_unique(self) -> EquipmentSettings:
        keys = [stage.key for stage in self.stages]
        if len(set(keys)) != len(keys):
            raise ValueError("stage keys must be unique")
        return self


SETTINGS = PackSettings(
    schema=EquipmentSettings,
    title="Sales pipeline",
    titles={"zh_Hans": "销售流程", "zh_Hant": "銷售流程"},
    field_titles={"stages": {"zh_Hans": "销售阶段", "zh_Hant": "銷售階段"}},
)
