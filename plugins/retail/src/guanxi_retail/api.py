"""The retail API's routers, all mounted under ``/api/v1/retail/``."""

from __future__ import annotations

from typing import Any


def routers() -> list[Any]:
    from .campaigns.views import router as campaigns
    from .catalog.views import router as catalog
    from .loyalty.views import router as loyalty
    from .orders.views import router as orders

    return [orders, catalog, loyalty, campaigns]
