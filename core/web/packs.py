"""Pack pages: each pack's web routers mounted once under ``/<pack>/``, answering 404 for tenants
that have not enabled the pack (the same rule as the API's pack routes)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, FastAPI

from core.packs.facade import StartupHooks
from core.packs.registry import PackRegistry
from core.records import TemplateDir
from core.web.context import PageContext
from core.web.csrf import require_csrf


def require_pack(pack: str) -> Callable[[PageContext], Coroutine[Any, Any, None]]:
    """404 unless the page's tenant enabled ``pack``, checked before the handler runs."""

    async def pack_enabled(page: PageContext) -> None:
        page.need_pack(pack)
        await page.settle()

    return pack_enabled


def pack_template_dirs(registry: PackRegistry) -> list[TemplateDir]:
    return StartupHooks(registry).template_dirs()


def mount_pack_pages(app: FastAPI, registry: PackRegistry) -> list[str]:
    """Include every loaded pack's web routers; return the prefixes mounted."""
    prefixes = []
    for pack, routes in StartupHooks(registry).web_routes_by_pack().items():
        for route in routes:
            app.include_router(
                route.router,
                prefix=f"/{pack}",
                dependencies=[Depends(require_csrf), Depends(require_pack(pack))],
                include_in_schema=False,
            )
            prefixes.append(f"/{pack}")
    return prefixes
