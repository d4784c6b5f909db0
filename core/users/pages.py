"""Settings: the tenant's users and their roles; owners and admins see them and add users.

The page lists every user's e-mail address, role and team, so it is for ``users:manage`` only;
``/settings`` leads each user to the first settings page they may see.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from core.audit.service import record_change
from core.errors import Conflict, InvalidInput, Problem
from core.users.models import User
from core.users.service import create_user
from core.web.access import assignable_roles
from core.web.context import Page, PageContext, WebError
from core.web.forms import field_errors
from core.web.i18n import LOCALES

router = APIRouter()
USER_FIELDS = ("email", "display_name", "role", "team", "locale")


#: The settings pages in tab order, with the permission each needs.
SETTINGS_PAGES = (
    ("/settings/users", "users:manage"),
    ("/settings/packs", "packs:read"),
    ("/settings/api-keys", "apikeys:manage"),
    ("/settings/grades", "grades:manage"),
    ("/settings/smtp", "smtp:manage"),
)


@router.get("/settings")
def settings_home(page: PageContext) -> Response:
    for href, permission in SETTINGS_PAGES:
        if page.can(permission):
            return RedirectResponse(href, status_code=303)
    raise WebError(403)


def _users_page(page: Page, values: dict[str, str], errors: dict, status: int = 200) -> Response:
    users = page.session.exec(
        select(User)
        .where(col(User.tenant_id) == page.tenant.id)
        .order_by(col(User.display_name), col(User.id))
    ).all()
    return page.render(
        "settings/users.html",
        users=users,
        roles=assignable_roles(page.permissions),
        values=values,
        errors=errors,
        status_code=status,
        user_locales=LOCALES,
    )


@router.get("/settings/users")
def users_page(page: PageContext) -> Response:
    page.require("users:manage")
    return _users_page(page, {"role": "rep"}, {})


@router.post("/settings/users")
async def add_user(request: Request, page: PageContext) -> Response:
    page.require("users:manage")
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in USER_FIELDS}
    try:
        if values["role"] not in assignable_roles(page.permissions):
            raise InvalidInput([Problem("role", "you cannot give this role")])
        user = create_user(
            session=page.session,
            tenant=page.tenant,
            email=values["email"],
            password=str(form.get("password", "")),
            role=values["role"],
            display_name=values["display_name"] or None,
            team=values["team"] or None,
            locale=values["locale"] if values["locale"] in LOCALES else None,
        )
        assert page.tenant.id is not None
        record_change(
            session=page.session,
            tenant_id=page.tenant.id,
            entity="user",
            entity_id=user.id,
            action="create",
            changes={"email": (None, user.email), "role": (None, user.role)},
        )
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        return _users_page(page, values, field_errors(exc, page.gettext), status=422)
    except Conflict:
        page.session.rollback()
        errors = {"email": [page.gettext("A user with this e-mail address already exists.")]}
        return _users_page(page, values, errors, status=409)
    return RedirectResponse("/settings/users", status_code=303)
