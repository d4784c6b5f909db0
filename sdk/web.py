"""What a pack's pages depend on: the signed-in, tenant-scoped page context.

    from fastapi import APIRouter
    from sdk.web import PageContext

    router = APIRouter()

    @router.get("/")
    def home(page: PageContext):
        return page.render("mypack/index.html", things=...)

The pack's page router is mounted under ``/<pack>/`` and answers 404 for tenants that have not
enabled the pack; ``page.render`` adds the navigation, formatters and the user's language.
"""

from __future__ import annotations

from core.web.context import Page, PageContext, WebError

__all__ = ["Page", "PageContext", "WebError"]
