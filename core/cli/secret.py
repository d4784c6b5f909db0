"""``guanxi secret``: the installation's signing key (``make run`` calls ``init`` before serving)."""

from __future__ import annotations

import typer

from core.cli.context import console

app = typer.Typer(help="The signing key of this installation.", no_args_is_help=True)


@app.command("init")
def init() -> None:
    """Write a random key to the key file (GUANXI_SECRET_KEY_FILE) unless one is already there.

    Says nothing when the key file exists or GUANXI_SECRET_KEY is set, so it can run before every
    start.
    """
    from core.auth.secret import init_secret_key
    from core.settings import get_settings

    settings = get_settings()
    if settings.secret_key:
        return
    if init_secret_key(settings.secret_key_file):
        console.print(f"wrote a new secret key to {settings.secret_key_file} (mode 0600)", highlight=False)
