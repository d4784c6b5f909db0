"""The OpenAPI document and the reference page that shows it (/docs).

FastAPI documents its own ``HTTPValidationError`` for routes that declare nothing else; core's
error handlers answer ``{"detail": [{"field", "reason"}]}`` instead, on every route including
packs'.  Rewriting the document once keeps routes from having to repeat it.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so they are blank on a machine without
internet (common for an on-premises install).  /docs here is FastAPI's Swagger UI page with the
script and style sheet that the ``fastapi-offline`` package ships (MIT; Swagger UI is Apache-2.0),
served by this server.  ReDoc is not offered: its page always fetches its makers' logo from their
server, and Swagger UI already shows every operation and lets a developer try it.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from core.api.responses import FieldProblem, ValidationOut

_REF = {"$ref": "#/components/schemas/ValidationOut"}


def _unify_validation_errors(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["ValidationOut"] = ValidationOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["ValidationOut"].pop("$defs", None)
    schemas["FieldProblem"] = FieldProblem.model_json_schema()
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422")
            if answer is not None:
                answer["content"] = {"application/json": {"schema": dict(_REF)}}
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the rewritten document at ``app.openapi_url`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _unify_validation_errors(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


DOCS_URL = "/docs"
ASSETS_URL = "/docs/assets"
#: Swagger UI's online validator badge would fetch an image from its makers' server.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def install_docs(app: FastAPI) -> None:
    """Serve /docs (Swagger UI) and its OAuth2 redirect page with local assets; the app must be
    created with ``docs_url=None, redoc_url=None`` so FastAPI adds no pages that use a CDN."""
    assets = str(files("fastapi_offline") / "static")
    app.mount(ASSETS_URL, StaticFiles(directory=assets), name="docs-assets")
    redirect_url = app.swagger_ui_oauth2_redirect_url or f"{DOCS_URL}/oauth2-redirect"

    def _root(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = _root(request)
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            oauth2_redirect_url=f"{root}{redirect_url}",
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), **SWAGGER_UI_PARAMETERS},
        )

    @app.get(redirect_url, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
