"""A pack that misspells a hook name."""

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="unknown-hook", title="Typo", version="1.0", core_api=">=1.0")


@hookimpl
def guanxi_on_customer_craeted(customer):  # type: ignore[no-untyped-def]
    pass
