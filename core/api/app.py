"""The FastAPI application factory: core's routers, the packs' routers, errors, limits.

Assembly only: every route lives in a domain's views module.  Other front ends (server-rendered
pages, static files) are added to the same app by their own ``mount_*`` functions.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine

from core import CORE_API_VERSION
from core.api import API_PREFIX
from core.api.errors import install_error_handlers
from core.api.limits import BodySizeLimit
from core.api.openapi import install_docs, install_openapi
from core.api.packs import mount_pack_routers
from core.api.proxies import TrustedProxyMiddleware
from core.api.responses import responses
from core.features import api_routers
from core.packs.loader import get_registry
from core.packs.registry import PackRegistry
from core.settings import get_settings
from core.web import mount_web

#: Routes that take files get their own, higher body-size limit.
IMPORT_PATHS = (f"{API_PREFIX}/imports/", "/import")


def meta_router() -> APIRouter:
    """Routes about the deployment itself rather than any feature."""
    router = APIRouter(prefix=API_PREFIX)

    @router.get("/health", tags=["meta"])
    def health() -> dict[str, str]:
        """Liveness: answers without touching the database."""
        return {"status": "ok", "core_api": CORE_API_VERSION}

    return router


def create_app(*, engine: Engine | None = None, registry: PackRegistry | None = None) -> FastAPI:
    """The whole application for one process; defaults come from settings and installed packs.

    An entry point: without ``registry`` it loads the process-wide one, then hands that to every
    part it assembles (routers, pages, the callers of each request).
    """
    from core.db import get_engine

    settings = get_settings()
    app = FastAPI(
        title="Guanxi",
        version="0.1.0",
        description="Guanxi (关系) CRM engine API.  Sign in at `POST /api/v1/auth/token`, then send "
        "`Authorization: Bearer <token>`; integrations use a tenant API key the same way.",
        openapi_url="/openapi.json",
        docs_url=None,  # install_docs serves the reference pages without a CDN
        redoc_url=None,
    )
    app.state.engine = engine or get_engine(settings.database_url)
    if registry is None:
        registry = get_registry()
    app.state.registry = registry
    install_error_handlers(app)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        larger=dict.fromkeys(IMPORT_PATHS, settings.max_import_bytes),
    )
    app.include_router(meta_router())
    for router in api_routers():
        app.include_router(router, responses=responses())
    app.state.mounted_packs = mount_pack_routers(app, registry, API_PREFIX)
    mount_web(app, registry)
    install_openapi(app)
    install_docs(app)
    # outermost, so every layer sees the real client address and scheme
    app.add_middleware(TrustedProxyMiddleware, trusted=settings.trusted_proxies)
    return app
