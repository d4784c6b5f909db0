"""Settings → E-mail: the tenant's outgoing mail server, and a button that sends a test mail.

Owners and admins only (``smtp:manage``).  The password input is always empty: the page shows
whether a password is saved, a blank input keeps it, and a checkbox removes it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import InvalidInput, NotFound
from core.smtp.service import SmtpView, read_smtp_settings, send_test_mail, set_smtp_settings
from core.web.context import Page, PageContext
from core.web.forms import field_errors

router = APIRouter()
PERMISSION = "smtp:manage"


def _values(view: SmtpView | None) -> dict[str, Any]:
    if view is None:
        return {"port": 587, "starttls": True, "enabled": True}
    return {**view.__dict__, "username": view.username or ""}


def _render(page: Page, values: dict[str, Any], errors: dict, status: int = 200, **extra: Any) -> Response:
    view = read_smtp_settings(session=page.session, tenant=page.tenant)
    return page.render(
        "settings/smtp.html",
        values=values,
        errors=errors,
        configured=view is not None,
        password_set=view is not None and view.password_set,
        status_code=status,
        **extra,
    )


@router.get("/settings/smtp")
def smtp_page(page: PageContext) -> Response:
    page.require(PERMISSION)
    return _render(page, _values(read_smtp_settings(session=page.session, tenant=page.tenant)), {})


def _port(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


@router.post("/settings/smtp")
async def save_smtp(request: Request, page: PageContext) -> Response:
    page.require(PERMISSION)
    form = await request.form()
    security = str(form.get("security", "starttls"))
    values: dict[str, Any] = {
        "host": str(form.get("host", "")).strip(),
        "port": _port(str(form.get("port", "")).strip()),
        "username": str(form.get("username", "")).strip() or None,
        "sender": str(form.get("sender", "")).strip(),
        "starttls": security == "starttls",
        "use_ssl": security == "ssl",
        "enabled": form.get("enabled") == "1",
    }
    password = str(form.get("password", ""))
    remove = form.get("remove_password") == "1"
    try:
        if password:
            values["password"] = password
        set_smtp_settings(session=page.session, tenant=page.tenant, keep_password=not remove, **values)
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        shown = {**values, "username": values["username"] or ""}
        return _render(page, shown, field_errors(exc, page.gettext), status=422)
    return RedirectResponse("/settings/smtp?saved=1", status_code=303)


@router.post("/settings/smtp/test")
async def test_smtp(request: Request, page: PageContext) -> Response:
    page.require(PERMISSION)
    form = await request.form()
    to = str(form.get("to", "")).strip() or page.user.email
    values = _values(read_smtp_settings(session=page.session, tenant=page.tenant))
    try:
        result = send_test_mail(session=page.session, tenant=page.tenant, to=to, locale=page.locale)
    except InvalidInput as exc:
        return _render(page, values, field_errors(exc, page.gettext), status=422, test_to=to)
    except NotFound:
        errors = {"_form": [page.gettext("Save the mail server's settings first.")]}
        return _render(page, values, errors, status=409, test_to=to)
    return _render(page, values, {}, test_result=result, test_to=to)
