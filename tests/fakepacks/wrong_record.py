"""A pack that returns the wrong things: a dict for a nav item, a string for an edition and a
bare router object for an API router (what a vendor might write before reading the records)."""

from __future__ import annotations

from typing import Any

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="wrong-record", title="Wrong", version="1.0", core_api=">=1.0")


@hookimpl
def guanxi_register_nav_items(tenant: Any) -> list[Any]:
    return [{"label": "Orders", "href": "/wrong-record/orders"}]


@hookimpl
def guanxi_register_editions() -> Any:
    return "wrong-industry"


@hookimpl
def guanxi_register_api_routers() -> list[Any]:
    from fastapi import APIRouter

    return [APIRouter()]
