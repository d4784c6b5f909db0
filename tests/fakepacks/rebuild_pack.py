"""A test-only pack that carries the 'rebuild' migration branch."""

from pathlib import Path

from sdk import MigrationsLocation, PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="rebuild", title="rebuild", version="1.0", core_api=">=1.0")


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation("rebuild", Path(__file__).parent / "extra_migrations" / "rebuild")
