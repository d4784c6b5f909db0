"""A tenant's outgoing mail server: saved, read without its password, tested, connected to.

The password is sealed with :mod:`core.secretbox` before it reaches the session, so neither the
database nor anything that reads a row (an API answer, a page, an export) ever holds it in plain
text; only :func:`connect_smtp` reveals it, to log in.  Reading the settings returns
:class:`SmtpView`, which says *whether* a password is set and nothing more.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from sqlmodel import Session

from core.errors import InvalidInput, NotFound, Problem
from core.i18n.translate import pack_messages
from core.models import Tenant
from core.reminders.models import SmtpSettings
from core.secretbox import SMTP_PASSWORD, UnreadableSecret, reveal, seal

_ = pack_messages(None)
_TIMEOUT = 30
#: What a form or API body may set; ``password`` is sealed on the way in.
FIELDS = ("host", "port", "username", "password", "starttls", "use_ssl", "sender", "enabled")


@dataclass(frozen=True)
class SmtpView:
    """The settings as anyone may read them: the password only as ``password_set``."""

    host: str
    port: int
    username: str | None
    starttls: bool
    use_ssl: bool
    sender: str
    enabled: bool
    password_set: bool


def _view(settings: SmtpSettings) -> SmtpView:
    return SmtpView(
        host=settings.host,
        port=settings.port,
        username=settings.username,
        starttls=settings.starttls,
        use_ssl=settings.use_ssl,
        sender=settings.sender,
        enabled=settings.enabled,
        password_set=bool(settings.password),
    )


def read_smtp_settings(*, session: Session, tenant: Tenant) -> SmtpView | None:
    """The tenant's settings without the password, or None when none are saved."""
    settings = session.get(SmtpSettings, tenant.id)
    return _view(settings) if settings is not None else None


def smtp_settings_for(*, session: Session, tenant: Tenant) -> SmtpSettings | None:
    """The tenant's mail server, or None when e-mail is not set up (in-app only)."""
    settings = session.get(SmtpSettings, tenant.id)
    return settings if settings is not None and settings.enabled else None


def _problems(values: dict[str, Any]) -> list[Problem]:
    problems = [Problem(name, "required") for name in ("host", "sender") if not values.get(name)]
    port = values.get("port", 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        problems.append(Problem("port", "a port number between 1 and 65535"))
    sender = values.get("sender")
    if sender and ("@" not in sender or len(sender) > 254):
        problems.append(Problem("sender", "an e-mail address"))
    if len(values.get("host") or "") > 255:
        problems.append(Problem("host", "at most 255 characters"))
    if len(values.get("username") or "") > 255:
        problems.append(Problem("username", "at most 255 characters"))
    if len(values.get("password") or "") > 255:
        problems.append(Problem("password", "at most 255 characters"))
    if values.get("starttls") and values.get("use_ssl"):
        problems.append(Problem("use_ssl", "choose either STARTTLS or SSL, not both"))
    unknown = sorted(set(values) - set(FIELDS))
    problems += [Problem(name, "not a setting of the mail server") for name in unknown]
    return problems


def set_smtp_settings(
    *, session: Session, tenant: Tenant, keep_password: bool = False, **values: Any
) -> SmtpSettings:
    """Create or replace the tenant's SMTP settings (host and sender are required).

    ``password`` is sealed before it is stored; empty or left out, the server needs no password.
    ``keep_password`` keeps the saved one when no new password is given, so a form or an API
    client can change the host without knowing the password.
    """
    problems = _problems(values)
    if problems:
        raise InvalidInput(problems)
    settings = session.get(SmtpSettings, tenant.id) or SmtpSettings(tenant_id=tenant.id, host="", sender="")
    password = values.pop("password", None)
    if password:
        settings.password = seal(password, purpose=SMTP_PASSWORD)
    elif not keep_password:
        settings.password = None
    for name, value in values.items():
        setattr(settings, name, value)
    session.add(settings)
    session.flush()
    return settings


def delete_smtp_settings(*, session: Session, tenant: Tenant) -> None:
    """Forget the mail server: reminders are then delivered in the app only."""
    settings = session.get(SmtpSettings, tenant.id)
    if settings is None:
        raise NotFound("no mail server is set up")
    session.delete(settings)
    session.flush()


def smtp_password(settings: SmtpSettings) -> str | None:
    """The stored password in plain text, for logging in only: never return it to a caller."""
    return reveal(settings.password, purpose=SMTP_PASSWORD) if settings.password else None


def connect_smtp(smtp: SmtpSettings) -> smtplib.SMTP:
    """A logged-in connection to the tenant's mail server (reminders, surveys and tests share it)."""
    try:  # before connecting: an unreadable password needs no server
        password = smtp_password(smtp)
    except UnreadableSecret as exc:  # reported (and retried) like any refusal of the server
        raise smtplib.SMTPException(str(exc)) from None
    if smtp.use_ssl:
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=_TIMEOUT)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=_TIMEOUT)
        if smtp.starttls:
            client.starttls()
    if smtp.username:
        try:
            client.login(smtp.username, password or "")
        except UnicodeEncodeError:  # smtplib sends the login as ASCII only
            client.close()
            raise smtplib.SMTPException(
                "the user name or password has characters other than ASCII, which the mail login cannot send"
            ) from None
    return client


@dataclass(frozen=True)
class TestMailResult:
    """Whether the server accepted the test mail, and its refusal when it did not."""

    to: str
    delivered: bool
    error: str | None = None


def test_message(*, smtp: SmtpSettings, tenant: Tenant, to: str, locale: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = _.text(locale, "Guanxi test mail from %(tenant)s", tenant=tenant.name)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(
        _.text(
            locale,
            "This is a test mail. %(tenant)s's reminders and survey invitations will be sent "
            "through %(host)s.",
            tenant=tenant.name,
            host=smtp.host,
        )
        + "\n"
    )
    return message


def send_test_mail(*, session: Session, tenant: Tenant, to: str, locale: str = "en") -> TestMailResult:
    """Send one short mail to ``to`` through the saved settings (enabled or not).

    A refusal by the server is a result, not an error: it is what the person testing wants to
    read.  Call it outside a write transaction when possible; it holds no locks either way.
    """
    if not to or "@" not in to or len(to) > 254:
        raise InvalidInput([Problem("to", "an e-mail address")])
    smtp = session.get(SmtpSettings, tenant.id)
    if smtp is None:
        raise NotFound("no mail server is set up: save the settings first")
    message = test_message(smtp=smtp, tenant=tenant, to=to, locale=locale)
    try:
        with connect_smtp(smtp) as client:
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return TestMailResult(to=to, delivered=False, error=f"{smtp.host}:{smtp.port}: {exc}"[:500])
    return TestMailResult(to=to, delivered=True)
