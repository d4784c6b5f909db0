"""Settings: packs (enable, disable) and editions (preview what an upgrade adds, then confirm).

Each change writes the same audit entries as the JSON endpoints (core.packs.views); the
actor is the signed-in user, bound by the page context.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from core.audit.service import record_change
from core.editions import all_editions, change_edition, resolve_edition
from core.errors import Conflict, InvalidInput, NotFound
from core.packs.state import disable_pack, enable_pack, pack_states
from core.packsettings.service import declared_settings
from core.web.context import PageContext, WebError

router = APIRouter()


@router.get("/settings/packs")
def packs_page(page: PageContext, error: str = "") -> Response:
    page.require("packs:read")
    states = pack_states(page.session, page.tenant)
    registry = page.registry
    packs = [(p.info, bool(states.get(name) and states[name].enabled)) for name, p in registry.packs.items()]
    editions = sorted(all_editions(registry).values(), key=lambda e: (e.rank, e.name))
    with_settings = set(declared_settings(registry))
    return page.render(
        "settings/packs.html", packs=packs, editions=editions, error=error, with_settings=with_settings
    )


@router.post("/settings/packs/{pack}/enable")
def enable(page: PageContext, pack: str) -> Response:
    page.require("packs:manage")
    try:
        enabled = enable_pack(session=page.session, tenant=page.tenant, pack=pack, actor=page.user.email)
    except NotFound as exc:
        raise WebError(404) from exc
    for name in enabled:
        assert page.tenant.id is not None
        record_change(
            session=page.session, tenant_id=page.tenant.id, entity="pack", entity_id=name, action="enable"
        )
    return RedirectResponse("/settings/packs", status_code=303)


@router.post("/settings/packs/{pack}/disable")
def disable(page: PageContext, pack: str) -> Response:
    page.require("packs:manage")
    try:
        disable_pack(session=page.session, tenant=page.tenant, pack=pack)
    except NotFound as exc:
        raise WebError(404) from exc
    except Conflict:
        page.session.rollback()
        return RedirectResponse(f"/settings/packs?error=needed&pack={pack}", status_code=303)
    assert page.tenant.id is not None
    record_change(
        session=page.session, tenant_id=page.tenant.id, entity="pack", entity_id=pack, action="disable"
    )
    return RedirectResponse("/settings/packs", status_code=303)


@router.get("/settings/editions/{edition}")
def edition_preview(page: PageContext, edition: str) -> Response:
    """What moving to ``edition`` adds (and, for a smaller one, turns off) before the owner confirms."""
    page.require("packs:read")
    try:
        target = resolve_edition(edition, page.registry)
        current = resolve_edition(page.tenant.edition, page.registry)
    except InvalidInput as exc:
        raise WebError(404) from exc
    return page.render(
        "settings/edition.html",
        target=target,
        current=current,
        added_packs=sorted(target.packs - current.packs),
        added_features=sorted(target.features - current.features),
        removed_packs=sorted(current.packs - target.packs),
        removed_features=sorted(current.features - target.features),
        pack_infos={name: p.info for name, p in page.registry.packs.items()},
        error=None,
    )


@router.post("/settings/editions/{edition}")
def edition_change(page: PageContext, edition: str) -> Response:
    page.require("edition:change")
    before = page.tenant.edition
    try:
        change = change_edition(
            session=page.session, tenant=page.tenant, edition=edition, actor=page.user.email
        )
    except InvalidInput as exc:
        page.session.rollback()
        return page.render(
            "error.html", status=422, message="; ".join(p.reason for p in exc.problems), status_code=422
        )
    assert page.tenant.id is not None
    record_change(
        session=page.session,
        tenant_id=page.tenant.id,
        entity="tenant",
        entity_id=page.tenant.id,
        action="edition",
        changes={"edition": (before, change.edition)},
    )
    return RedirectResponse("/settings/packs", status_code=303)
