"""The OpenAPI document: every 422 answer is documented with the body the API really sends.

FastAPI documents its own ``HTTPValidationError`` for routes that declare nothing else; core's
error handlers answer ``{"detail": [{"field", "reason"}]}`` instead, on every route including
packs'.  Rewriting the document once keeps routes from having to repeat it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from core.api.schemas.common import FieldProblem, ValidationOut

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
            app.openapi_schema = _unify_validation_errors(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes,
            ))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
