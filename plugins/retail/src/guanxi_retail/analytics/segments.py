"""``rfm_segment`` as a core segment filter: customers whose latest RFM segment is one of those named.

The condition embeds "the tenant's newest RFM run" as a subquery, so a saved segment follows new
runs without being edited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import col

from sdk import Customer, SegmentField, Tenant

from .models import RfmScore
from .rfm import SEGMENTS
from .store import latest_run_id


def rfm_segment_condition(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError("give an RFM segment name or a list of them")
    unknown = sorted(set(names) - set(SEGMENTS))
    if unknown:
        raise ValueError(f"unknown RFM segment {', '.join(unknown)}; known: {', '.join(SEGMENTS)}")
    assert tenant.id is not None
    members = select(col(RfmScore.customer_id)).where(
        col(RfmScore.tenant_id) == tenant.id,
        col(RfmScore.run_id) == latest_run_id(tenant.id, "rfm"),
        col(RfmScore.segment).in_(names),
    )
    return col(Customer.id).in_(members)


def segment_fields() -> list[SegmentField]:
    return [
        SegmentField(
            "rfm_segment",
            "RFM segment",
            rfm_segment_condition,
            {"zh_Hans": "RFM 客户分群", "zh_Hant": "RFM 客戶分群"},
        )
    ]
