"""A pack that depends on a pack that is not installed."""

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name="needs-missing",
        title="Needs",
        version="1.0",
        core_api=">=1.0",
        depends={"pharmacy-chain": ">=1.0"},
    )
