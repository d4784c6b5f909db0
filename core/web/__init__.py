"""The server-rendered web UI: pages, templates, static files and catalogs, extended by packs.

``mount_web(app)`` adds it to the FastAPI app that also serves the JSON API, so both share one
process, one database engine and one set of loaded packs.
"""

from core.web.mount import mount_web

__all__ = ["mount_web"]
