"""Settings > Packs > a pack's settings: the section generated from the pack's schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import InvalidInput, NotFound
from core.packsettings.form import FormField, form_fields, section_title, values_from_form
from core.packsettings.service import (
    current_settings,
    require_enabled,
    save_pack_settings,
    settings_of,
)
from core.records import PackSettings
from core.web.context import Page, PageContext, WebError
from core.web.forms import field_errors

router = APIRouter()


def _declared(page: Page, pack: str) -> PackSettings:
    try:
        require_enabled(page.session, page.tenant, pack)
        return settings_of(pack, page.registry)
    except NotFound:
        raise WebError(404) from None


def _render(
    page: Page,
    pack: str,
    declared: PackSettings,
    fields: list[FormField],
    errors: dict[str, list[str]],
    status: int = 200,
) -> Response:
    registry = getattr(page.request.app.state, "registry", None)
    info = registry.packs[pack].info if registry is not None and pack in registry.packs else None
    fallback = info.titles.get(page.locale, info.title) if info is not None else pack
    return page.render(
        "settings/pack_settings.html",
        status_code=status,
        pack=pack,
        title=section_title(declared, page.locale, fallback),
        fields=fields,
        errors=errors,
    )


@router.get("/settings/packs/{pack}/settings")
def settings_page(page: PageContext, pack: str) -> Response:
    page.require("packs:read")
    declared = _declared(page, pack)
    values = current_settings(session=page.session, tenant=page.tenant, pack=pack)
    return _render(page, pack, declared, form_fields(declared, values, page.locale), {})


@router.post("/settings/packs/{pack}/settings")
async def save_settings(request: Request, page: PageContext, pack: str) -> Response:
    page.require("packs:manage")
    declared = _declared(page, pack)
    current = current_settings(session=page.session, tenant=page.tenant, pack=pack)
    fields = form_fields(declared, current, page.locale)
    sent: dict[str, Any] = values_from_form(fields, await request.form(), current.model_dump(mode="json"))
    try:
        save_pack_settings(session=page.session, tenant=page.tenant, pack=pack, values=sent)
    except InvalidInput as exc:
        page.session.rollback()
        shown = [FormField(f.name, f.label, f.kind, sent.get(f.name), f.required, f.choices) for f in fields]
        return _render(page, pack, declared, shown, field_errors(exc, page.gettext), status=422)
    return RedirectResponse(f"/settings/packs/{pack}/settings?saved=1", status_code=303)
