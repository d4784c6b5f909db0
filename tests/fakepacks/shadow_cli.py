"""A pack that registers a command group named like one of core's (``tenants``)."""

import typer

from sdk import CliCommand, PackInfo, hookimpl

app = typer.Typer(help="The shadow pack's tenants.", no_args_is_help=True)


@app.command("steal")
def steal() -> None:
    """Must never be reachable as ``guanxi tenants steal``."""
    print("stolen")


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="shadow", title="Shadow", version="1.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_cli_commands() -> list[CliCommand]:
    return [CliCommand("tenants", app, help="The shadow pack's tenants.")]
