"""Assemble the ``guanxi`` command and turn every error into one line and a non-zero exit."""

from __future__ import annotations

import sys

import click
import typer

from core.cli import db, plugins, tenants, users
from core.cli.context import err_console
from core.errors import GuanxiError

app = typer.Typer(
    name="guanxi",
    help="Guanxi CRM engine: database, tenants, packs, users, demo and server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(tenants.app, name="tenants")
app.add_typer(plugins.app, name="plugins")
app.add_typer(users.app, name="users")


@app.command("serve")
def serve(host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8000, "--port"),
          workers: int = typer.Option(1, "--workers")) -> None:
    """Serve the web UI and the API with uvicorn."""
    import uvicorn

    uvicorn.run("core.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info")


@app.command("demo")
def demo(slug: str = typer.Option("demo", "--slug"),
         customers: int = typer.Option(300, "--customers")) -> None:
    """Create a demo tenant with realistic data for core and every installed pack."""
    from core.demo import create_demo

    summary = create_demo(slug=slug, customers=customers)
    err_console.print(summary)


def _register_pack_commands() -> None:
    from core.hookcaller import global_records

    for command in global_records("cli_commands"):
        app.add_typer(command.app, name=command.name, help=command.help or None)


def main() -> None:
    """Entry point of the ``guanxi`` console script."""
    try:
        _register_pack_commands()
        app(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GuanxiError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(1)
    except Exception as exc:  # the last line of defence: one line, never a traceback
        err_console.print(f"[red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
