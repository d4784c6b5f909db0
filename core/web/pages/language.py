"""The language switcher: a signed-in user's choice is saved on their account, a visitor's in the
session (so the sign-in page already speaks their language)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.auth.websessions import web_session_is_live
from core.models import User
from core.tenancy import unit_of_work
from core.web.context import WebError, engine_for
from core.web.i18n import LOCALES
from core.web.pages.auth import safe_next
from core.web.session import web_session

router = APIRouter()


@router.post("/language")
def switch_language(
    request: Request, locale: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    if locale not in LOCALES:
        raise WebError(400)
    data = web_session(request)
    data["locale"] = locale
    if isinstance(data.get("uid"), int) and isinstance(data.get("tid"), int):
        with unit_of_work(engine_for(request), data["tid"]) as session:
            user = session.get(User, data["uid"])
            if (
                user is not None
                and user.tenant_id == data["tid"]
                and web_session_is_live(session=session, user=user, session_id=data.get("sid"))
            ):
                user.locale = locale
                session.add(user)
    return RedirectResponse(safe_next(next), status_code=303)
