"""A pack that declares its permissions and also writes the hook by hand: one of them must go."""

from __future__ import annotations

from sdk import Pack, Permission, hookimpl

pack = Pack(
    name="declared-twice",
    title="Declared twice",
    core_api=">=1.0,<2",
    migrations=False,
    permissions=Permission("declared-twice:write", "Write"),
)


@hookimpl
def guanxi_register_permissions() -> list[Permission]:
    return [Permission("declared-twice:write", "Write")]
