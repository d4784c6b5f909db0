"""The FastAPI application factory (placeholder until the API issue lands its routers)."""

from __future__ import annotations

from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI(title="Guanxi", version="0.1.0", openapi_url="/openapi.json")

    @app.get("/api/v1/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
