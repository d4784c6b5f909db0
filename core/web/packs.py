"""Pack pages: each pack's web routers mounted once under ``/<pack>/``, answering 404 for tenants
that have not enabled the pack (the same rule as the API's pack routes)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from core.packs.facade import StartupHooks
from core.packs.registry import PackRegistry
from core.records import TemplateDir
from core.web.context import PageContext
from core.web.csrf import require_csrf

log = logging.getLogger("guanxi.web")


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


def mount_pack_static(app: FastAPI, registry: PackRegistry) -> list[str]:
    """Serve each pack's :class:`StaticDir` at ``/static/<pack>/``; return the prefixes mounted.

    Called before core's ``/static`` is mounted, since the first matching mount answers.  Assets
    are public, served to every visitor whether or not their tenant enabled the pack: a stylesheet
    or an icon holds no tenant data, and a browser fetches them without the page's permissions.
    A pack gets one directory; a second one, or one that does not exist, is logged and skipped.
    """
    prefixes = []
    for pack, dirs in StartupHooks(registry).static_dirs_by_pack().items():
        if len(dirs) > 1:
            log.error("web UI: pack %s returned %d static directories; serving the first", pack, len(dirs))
        if not dirs:
            continue
        if not dirs[0].path.is_dir():
            log.error("web UI: pack %s static directory %s does not exist", pack, dirs[0].path)
            continue
        app.mount(f"/static/{pack}", StaticFiles(directory=dirs[0].path), name=f"static-{pack}")
        prefixes.append(f"/static/{pack}")
    return prefixes
