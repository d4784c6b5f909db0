"""A pack that needs a core API this core does not provide."""

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="future-core", title="Future", version="3.0", core_api=">=2.0")
