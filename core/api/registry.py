"""Core's domain routers, for the application factory to include (packs mount theirs via hooks)."""

from __future__ import annotations

from typing import Any


def domain_routers() -> list[Any]:
    """Routers of core domains that carry their own full prefix (``/api/v1/...``, ``/survey``)."""
    from core.metrics.views import router as metrics_router
    from core.reminders.views import router as reminders_router
    from core.segments.views import router as segments_router
    from core.surveys.views import router as surveys_router

    return [segments_router, reminders_router, surveys_router, metrics_router]
