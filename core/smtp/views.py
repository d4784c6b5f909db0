"""``/api/v1/settings/smtp``: the tenant's outgoing mail server, for owners and admins only.

No answer carries the password: ``GET`` says whether one is set (``password_set``).  ``PUT``
replaces the settings; a body without ``password`` (or with ``null``) keeps the saved one, an
empty string removes it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.i18n.translate import caller_locale
from core.smtp.service import (
    SmtpView,
    delete_smtp_settings,
    read_smtp_settings,
    send_test_mail,
    set_smtp_settings,
)

router = APIRouter(prefix="/api/v1/settings/smtp", tags=["settings"])
PERMISSION = "smtp:manage"
Admin = Annotated[RequestContext, require(PERMISSION)]


class SmtpOut(BaseModel):
    """The mail server as saved; ``configured`` is false (and the rest empty) when none is."""

    configured: bool
    host: str | None = None
    port: int | None = None
    username: str | None = None
    starttls: bool | None = None
    use_ssl: bool | None = None
    sender: str | None = None
    enabled: bool | None = None
    password_set: bool = False


class SmtpIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "host": "smtp.example.cn",
                    "port": 587,
                    "username": "crm@example.cn",
                    "password": "app-password",
                    "starttls": True,
                    "sender": "crm@example.cn",
                }
            ]
        },
    )

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=587, ge=1, le=65535)
    username: str | None = Field(default=None, max_length=255)
    password: str | None = Field(
        default=None, max_length=255, description="Left out or null: keep the saved one; empty: remove it."
    )
    starttls: bool = True
    use_ssl: bool = False
    sender: str = Field(min_length=3, max_length=254)
    enabled: bool = True


class TestMailIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str | None = Field(
        default=None, max_length=254, description="Default: the signed-in user's own address."
    )


class TestMailOut(BaseModel):
    to: str
    delivered: bool
    error: str | None = None


def _out(view: SmtpView | None) -> SmtpOut:
    if view is None:
        return SmtpOut(configured=False)
    return SmtpOut(configured=True, **view.__dict__)


@router.get("")
def read_smtp(ctx: Admin) -> SmtpOut:
    """The saved settings, never the password: only whether one is set."""
    return _out(read_smtp_settings(session=ctx.session, tenant=ctx.tenant))


@router.put("", responses=responses(422))
def replace_smtp(body: SmtpIn, ctx: Admin) -> SmtpOut:
    """Save the mail server; the password is encrypted before it is stored."""
    values = body.model_dump()
    keep = values["password"] is None
    if keep:
        values.pop("password")
    values["username"] = values["username"] or None
    set_smtp_settings(session=ctx.session, tenant=ctx.tenant, keep_password=keep, **values)
    return _out(read_smtp_settings(session=ctx.session, tenant=ctx.tenant))


@router.delete("", status_code=204, responses=responses(404))
def remove_smtp(ctx: Admin) -> Response:
    """Forget the mail server: reminders are then delivered in the app only."""
    delete_smtp_settings(session=ctx.session, tenant=ctx.tenant)
    return Response(status_code=204)


@router.post("/test", responses=responses(404, 422))
def test_smtp(body: TestMailIn, ctx: Admin) -> TestMailOut:
    """Send a test mail through the saved settings; ``delivered`` says whether the server took it."""
    to = body.to or (ctx.user.email if ctx.user is not None else "")
    result = send_test_mail(session=ctx.session, tenant=ctx.tenant, to=to, locale=caller_locale(ctx))
    return TestMailOut(to=result.to, delivered=result.delivered, error=result.error)
