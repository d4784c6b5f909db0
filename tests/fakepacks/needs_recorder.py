"""A pack that depends on the recorder pack (dependency order and auto-enable)."""

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name="needs-recorder",
        title="Needs recorder",
        version="1.0",
        core_api=">=1.0",
        depends={"recorder": ">=1.0,<2"},
    )
