"""Assembly of the web UI onto the FastAPI app: middleware, static files, core pages, pack pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from core.auth.secret import signing_key
from core.features import page_routers
from core.packs.registry import PackRegistry
from core.web.csrf import require_csrf
from core.web.errors import install_error_handlers
from core.web.headers import SecurityHeadersMiddleware
from core.web.packs import mount_pack_pages, mount_pack_static, pack_template_dirs
from core.web.session import WebSessionMiddleware
from core.web.templating import STATE_KEY, WebAssets

STATIC_DIR = Path(__file__).parent / "static"


def mount_web(app: FastAPI, registry: PackRegistry) -> FastAPI:
    """Add the web pages to ``app``; packs' template dirs and routes are read once, here."""
    setattr(app.state, STATE_KEY, WebAssets(pack_template_dirs(registry)))
    app.state.web_pack_static = mount_pack_static(app, registry)  # before core's: first match wins
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in page_routers():
        app.include_router(router, dependencies=[Depends(require_csrf)], include_in_schema=False)
    app.state.web_pack_prefixes = mount_pack_pages(app, registry)
    install_error_handlers(app)
    app.add_middleware(SecurityHeadersMiddleware)
    # the key is read now, so an app without one is refused when it is built, not on first sign-in
    app.add_middleware(WebSessionMiddleware, secret_key=signing_key())
    return app
