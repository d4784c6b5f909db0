"""The ``pack_settings`` table: one row of saved values per tenant and pack.

Apart from ``tenant_packs`` on purpose: enablement is core's lifecycle state, settings are the
tenant's choices, written by admins and read by the pack.  The row outlives disabling the pack,
so a tenant's choices come back when it is enabled again; only a purge deletes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import JSONType, UTCDateTime, utcnow


class PackSettingsRow(TenantOwned, table=True):
    """What a tenant saved for a pack; fields never saved take the schema's defaults on read."""

    __tablename__ = "pack_settings"

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", primary_key=True, nullable=False)
    pack: str = Field(max_length=63, primary_key=True)
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str | None = Field(default=None, max_length=300)


class PackSettingsOut(BaseModel):
    """A pack's settings as the API shows them: every field, saved or default."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"pack": "appliance-repair", "values": {"warranty_months": 12}}]}
    )

    pack: str
    values: dict[str, Any]
