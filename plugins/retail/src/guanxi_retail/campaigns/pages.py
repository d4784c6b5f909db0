"""The campaigns page under ``/retail/campaigns``: each campaign with the response it had.

Response counts only the customers the user may see (``sdk.visible_to``).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from sdk import visible_to
from sdk.web import PageContext

from .models import RetailCampaignTarget
from .service import campaign_responses, list_campaigns

router = APIRouter()


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
