"""Pack pages: each pack's web routers mounted once under ``/<pack>/``, answering 404 for tenants
that have not enabled the pack (the same rule as the API's pack routes)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, FastAPI

from core.errors import PackError
from core.plugins import PackRegistry, call_one, collect
from core.records import TemplateDir, WebRoute
from core.web.context import PageContext
from core.web.csrf import require_csrf

log = logging.getLogger(__name__)


def require_pack(pack: str) -> Callable[[PageContext], Coroutine[Any, Any, None]]:
    """404 unless the page's tenant enabled ``pack``, checked before the handler runs."""

    async def pack_enabled(page: PageContext) -> None:
        page.need_pack(pack)
        await page.settle()

    return pack_enabled


def _records(registry: PackRegistry, pack: str, hook: str) -> list[object]:
    """One pack's records of a start-up hook; a pack whose hook fails is logged and skipped."""
    try:
        return collect([call_one(registry.pm, hook, registry.plugin(pack))])
    except PackError as exc:
        log.error("web UI: %s", exc)
        return []


def pack_template_dirs(registry: PackRegistry) -> list[TemplateDir]:
    dirs = []
    for pack in registry.packs:
        dirs += [
            d for d in _records(registry, pack, "guanxi_register_template_dirs") if isinstance(d, TemplateDir)
        ]
    return dirs


def mount_pack_pages(app: FastAPI, registry: PackRegistry) -> list[str]:
    """Include every loaded pack's web routers; return the prefixes mounted."""
    prefixes = []
    for pack in registry.packs:
        for route in _records(registry, pack, "guanxi_register_web_routes"):
            if not isinstance(route, WebRoute):
                continue
            app.include_router(
                route.router,
                prefix=f"/{pack}",
                dependencies=[Depends(require_csrf), Depends(require_pack(pack))],
                include_in_schema=False,
            )
            prefixes.append(f"/{pack}")
    return prefixes
