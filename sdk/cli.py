"""What a pack's CLI commands use: a unit of work for a tenant that has enabled the pack.

    @app.command("analyze")
    def analyze(tenant: str = typer.Option(..., "--tenant")) -> None:
        with tenant_work(tenant, pack="retail") as (session, owner):
            ...

Errors raised inside (sdk.InvalidInput, sdk.NotFound, ...) are printed by ``guanxi`` as one line.
"""

from __future__ import annotations

from core.cli.context import console, err_console, print_json, tenant_work

__all__ = ["console", "err_console", "print_json", "tenant_work"]
