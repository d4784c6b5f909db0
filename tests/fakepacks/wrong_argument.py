"""A pack whose hook asks for an argument the spec does not offer."""

from sdk import PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="wrong-argument", title="Wrong", version="1.0", core_api=">=1.0")


@hookimpl
def guanxi_on_customer_created(customer, shoe_size):  # type: ignore[no-untyped-def]
    pass
