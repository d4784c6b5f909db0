"""Assemble the ``guanxi`` command and turn every error into one line and a non-zero exit."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from core.cli import (
    activities,
    collections,
    costs,
    customers,
    db,
    grades,
    importing,
    jobs,
    plugins,
    secret,
    smtp,
    tenants,
    users,
)
from core.cli import reminders as reminders_cli
from core.cli.context import err_console
from core.errors import GuanxiError

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry

CORE_GROUPS: dict[str, typer.Typer] = {
    "db": db.app,
    "tenants": tenants.app,
    "plugins": plugins.app,
    "users": users.app,
    "import": importing.app,
    "export": importing.export_app,
    "customers": customers.app,
    "activities": activities.app,
    "reminders": reminders_cli.app,
    "collections": collections.app,
    "jobs": jobs.app,
    "secret": secret.app,
    "smtp": smtp.app,
    "costs": costs.app,
    "grades": grades.app,
}


def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(1, "--workers"),
    log_level: str = typer.Option(
        "info", "--log-level", help="uvicorn's level; 'warning' drops the access log."
    ),
) -> None:
    """Serve the web UI and the API with uvicorn (refuses to start without a signing key)."""
    import uvicorn

    from core.auth.secret import signing_key

    signing_key()  # a missing or weak key stops here with one line, not in each worker
    # Forwarded headers are believed only from GUANXI_TRUSTED_PROXIES (core.api.proxies), not
    # from whatever uvicorn trusts by default.
    uvicorn.run(
        "core.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )


def demo(
    slug: str = typer.Option("demo", "--slug"), customers: int = typer.Option(300, "--customers")
) -> None:
    """Create a demo tenant with realistic data for core and every installed pack."""
    from core.cli.context import registry
    from core.demo import create_demo

    summary = create_demo(registry=registry(), slug=slug, customers=customers)
    err_console.print(summary)


CORE_COMMANDS = {*CORE_GROUPS, "serve", "demo"}


class GuanxiGroup(TyperGroup):
    """The top-level command: core's groups, then the packs' (``guanxi_register_cli_commands``),
    which are looked up only when they are listed or invoked.

    Running a pack's command loads the packs fully (models included), as any command does; the
    help only needs their names, so it lists them from packs loaded without their models.  A pack
    command named like a core one is not added: core's command is the one that runs.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._packs_from: PackRegistry | None = None
        self._pack_commands: set[str] = set()

    def _add_pack_commands(self, registry: PackRegistry) -> None:
        from core.packs.facade import StartupHooks

        if self._packs_from is registry:
            return
        for name in self._pack_commands:  # listed from another registry: start again
            self.commands.pop(name, None)
        holder = typer.Typer()
        for record in StartupHooks(registry).cli_commands():
            if record.name not in CORE_COMMANDS:
                holder.add_typer(record.app, name=record.name, help=record.help or None)
        found = typer.main.get_group(holder).commands if holder.registered_groups else {}
        self.commands.update(found)
        self._pack_commands = set(found)
        self._packs_from = registry

    def list_commands(self, ctx: Any) -> list[str]:
        from core.packs.loader import registry_for_listing

        self._add_pack_commands(registry_for_listing())
        return super().list_commands(ctx)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in CORE_COMMANDS:
            from core.packs.loader import get_registry

            self._add_pack_commands(get_registry())
        return super().resolve_command(ctx, args)


def build_cli() -> typer.Typer:
    """Core's commands plus every installed pack's (``guanxi_register_cli_commands``)."""
    cli = typer.Typer(
        name="guanxi",
        cls=GuanxiGroup,
        help="Guanxi CRM engine: database, tenants, packs, users, demo and server.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    for name, group in CORE_GROUPS.items():
        cli.add_typer(group, name=name)
    cli.command("serve")(serve)
    cli.command("demo")(demo)
    return cli


def main(args: Sequence[str] | None = None) -> None:
    """Entry point of the ``guanxi`` console script (``args`` default to the command line)."""
    try:
        # Without standalone mode click *returns* the exit code of typer.Exit instead of raising.
        code = typer.main.get_command(build_cli()).main(args=args, prog_name="guanxi", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except TyperException as exc:  # usage errors: typer prints its own short message
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            err_console.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(getattr(exc, "exit_code", 2))
    except GuanxiError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(1)
    except Exception as exc:  # the last line of defence: one line, never a traceback
        err_console.print(f"[red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
