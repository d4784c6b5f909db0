"""The retail pages under ``/retail/``: orders, products, loyalty overview, campaigns.

Read-only pages: records are created through the API, the import and the till; the pages show
what a shop manager checks daily.  Each page is one or two set-based queries, kept to the customers
the user may see (``sdk.visible_to``): a rep's orders, members and campaign response are their own.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from sdk import visible_to
from sdk.web import PageContext

from ..campaigns.models import RetailCampaignTarget
from ..campaigns.service import campaign_responses, list_campaigns
from ..catalog.pages import router as catalog_router
from ..loyalty.tiers import tier_names
from ..orders.pages import router as orders_router
from .figures import loyalty_overview, sales_summary

router = APIRouter()


@router.get("/")
def retail_home(page: PageContext) -> Response:
    return page.render("retail/index.html", summary=sales_summary(page.session, page.tenant, caller=page))


router.include_router(orders_router)


router.include_router(catalog_router)


@router.get("/loyalty")
def loyalty_page(page: PageContext) -> Response:
    overview = loyalty_overview(page.session, page.tenant, caller=page)
    return page.render(
        "retail/loyalty.html",
        overview=overview,
        tier_names=tier_names(session=page.session, tenant=page.tenant),
    )


@router.get("/campaigns")
def campaigns_page(page: PageContext) -> Response:
    campaigns = list_campaigns(session=page.session)
    responses = campaign_responses(
        session=page.session,
        tenant=page.tenant,
        campaigns=campaigns,
        visible=visible_to(page, RetailCampaignTarget.customer_id),
    )
    return page.render("retail/campaigns.html", campaigns=campaigns, responses=responses)
