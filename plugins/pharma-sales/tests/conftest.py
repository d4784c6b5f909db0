"""A test client for the pack's router, with the request context a signed-in user would get.

The authenticated API app is assembled elsewhere; here the router is mounted on its own and the
context dependency is replaced by one tenant-scoped unit of work per request, committed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sdk.api import Context, RequestContext


@pytest.fixture
def pharma_api(uow: Callable[[Any], Any]) -> Callable[[Any], TestClient]:
    from guanxi_pharma_sales.views import router

    def client_for(tenant: Any) -> TestClient:
        def context() -> Iterator[RequestContext]:
            with uow(tenant) as session:
                yield RequestContext(session=session, tenant=tenant, user=None, actor="test")

        app = FastAPI()
        app.include_router(router, prefix="/api/v1/pharma-sales")
        app.dependency_overrides[get_args(Context)[1].dependency] = context
        return TestClient(app)

    return client_for
