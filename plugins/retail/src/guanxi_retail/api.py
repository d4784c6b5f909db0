"""The retail API's routers, all mounted under ``/api/v1/retail/``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from .campaigns.views import router as campaigns
    from .catalog.views import router as catalog
    from .loyalty.views import router as loyalty
    from .orders.views import router as orders

    return [orders, catalog, loyalty, campaigns]
