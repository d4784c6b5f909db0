"""A vendor-style pack adding a segment field (customers served by a team) and a metric."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from core.hooks import hookimpl
from core.models import Customer, Tenant
from core.records import Metric, PackInfo, SegmentField


def _team(*, tenant: Tenant, value: object) -> ColumnElement[bool]:
    if not isinstance(value, str) or not value:
        raise ValueError("give a team name")
    return Customer.team == value


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="loyalty", title="Loyalty", version="0.1.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_segment_fields(tenant: Tenant) -> list[SegmentField]:
    return [SegmentField("team", "Served by team", _team)]


def _members(*, session: object, tenant: Tenant, start: object, end: object) -> int:
    return 42


@hookimpl
def guanxi_register_metrics(tenant: Tenant) -> list[Metric]:
    return [Metric("loyalty_members", "Loyalty members", _members)]
