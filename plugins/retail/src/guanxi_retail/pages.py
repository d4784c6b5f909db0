"""The retail pages under ``/retail/``: the home page, and the pages of orders, the catalog, loyalty
and campaigns, each kept in its own package.

Read-only pages: records are created through the API, the import and the till; the pages show
what a shop manager checks daily.  Each page is one or two set-based queries, kept to the customers
the user may see (``sdk.visible_to``): a rep's orders, members and campaign response are their own.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from sdk.web import PageContext

from .campaigns.pages import router as campaign_pages
from .catalog.pages import router as catalog_pages
from .figures import sales_summary
from .loyalty.pages import router as loyalty_pages
from .orders.pages import router as order_pages

router = APIRouter()


@router.get("/")
def retail_home(page: PageContext) -> Response:
    return page.render("retail/index.html", summary=sales_summary(page.session, page.tenant, caller=page))


for pages in (order_pages, catalog_pages, loyalty_pages, campaign_pages):
    router.include_router(pages)
