"""``guanxi smtp``: a tenant's outgoing mail server, set, shown (never its password) and tested.

The password is never an option's value, which other users could read in the process list: it
is typed at a hidden prompt (``--ask-password``) or read from standard input
(``--password-stdin``, for scripts).  Without either, the saved password is kept.
"""

from __future__ import annotations

import sys

import typer

from core.cli.context import console, print_json, tenant_work

app = typer.Typer(help="The outgoing mail server of a tenant.", no_args_is_help=True)
SECURITY = ("starttls", "ssl", "none")


@app.command("set")
def set_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    host: str = typer.Option(..., "--host", help="The mail server, e.g. smtp.exmail.qq.com."),
    sender: str = typer.Option(..., "--sender", help="The From address of every e-mail."),
    port: int = typer.Option(587, "--port"),
    security: str = typer.Option("starttls", "--security", help="starttls, ssl or none."),
    username: str | None = typer.Option(None, "--username", help="Leave out when no login is needed."),
    ask_password: bool = typer.Option(False, "--ask-password", help="Type the password at a prompt."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    remove_password: bool = typer.Option(False, "--remove-password", help="Forget the saved password."),
    disabled: bool = typer.Option(False, "--disabled", help="Save, but send nothing yet."),
) -> None:
    """Save the mail server; the password is encrypted with the installation secret."""
    from core.errors import InvalidInput, Problem
    from core.smtp.service import set_smtp_settings

    if security not in SECURITY:
        raise InvalidInput([Problem("--security", "one of starttls, ssl, none")])
    password: str | None = None
    if ask_password:
        password = typer.prompt("Password", hide_input=True)
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    values = {
        "host": host,
        "port": port,
        "sender": sender,
        "username": username or None,
        "starttls": security == "starttls",
        "use_ssl": security == "ssl",
        "enabled": not disabled,
    }
    if password:
        values["password"] = password
    with tenant_work(tenant) as (session, found):
        settings = set_smtp_settings(
            session=session, tenant=found, keep_password=not remove_password, **values
        )
        has_password = bool(settings.password)
    state = "a password is saved" if has_password else "no password"
    console.print(f"saved the mail server {host}:{port} for {tenant} ({state})", highlight=False)


@app.command("show")
def show_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The saved settings; the password only as whether one is set."""
    from core.smtp.service import read_smtp_settings

    with tenant_work(tenant) as (session, found):
        view = read_smtp_settings(session=session, tenant=found)
    data = {"configured": view is not None, **(view.__dict__ if view is not None else {})}
    if as_json:
        print_json(data)
        return
    if view is None:
        console.print(f"{tenant} has no mail server: reminders are delivered in the app only")
        return
    security = "ssl" if view.use_ssl else ("starttls" if view.starttls else "none")
    console.print(
        f"{view.host}:{view.port} ({security}), sender {view.sender}, "
        f"user {view.username or '-'}, password {'set' if view.password_set else 'not set'}, "
        f"{'enabled' if view.enabled else 'disabled'}",
        highlight=False,
    )


@app.command("test")
def test_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    to: str = typer.Option(..., "--to", help="Who receives the test mail."),
    locale: str = typer.Option("", "--locale", help="en, zh_Hans or zh_Hant; default: the tenant's."),
) -> None:
    """Send a test mail through the saved settings; exits 1 when the server refuses it."""
    from core.reminders.recipients import locale_of
    from core.smtp.service import send_test_mail

    with tenant_work(tenant) as (session, found):
        result = send_test_mail(session=session, tenant=found, to=to, locale=locale_of(locale or None, found))
    if not result.delivered:
        console.print(f"[red]not sent:[/] {result.error}", highlight=False)
        raise typer.Exit(1)
    console.print(f"the server accepted the test mail to {to}", highlight=False)
