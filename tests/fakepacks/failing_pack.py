"""A test-only pack that carries the 'failing' migration branch."""

from pathlib import Path

from sdk import MigrationsLocation, PackInfo, hookimpl


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="failing", title="failing", version="1.0", core_api=">=1.0")


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation("failing", Path(__file__).parent / "extra_migrations" / "failing")
