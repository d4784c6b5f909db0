"""A pack that registers a role holding almost nothing: a receptionist who only keeps an inbox."""

from __future__ import annotations

from sdk import PackInfo, Role, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="narrow", title="Narrow role", version="1.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_permissions() -> list[Role]:
    return [Role("receptionist", "Receptionist", permissions=())]
