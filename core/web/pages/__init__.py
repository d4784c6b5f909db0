"""Core's pages, one router per page family; each handler is short and delegates to services."""

from core.web.pages import (
    auth,
    import_page,
    language,
    settings_apikeys,
    settings_packs,
    settings_users,
)

ROUTERS = [
    auth.router,
    language.router,
    settings_users.router,
    settings_packs.router,
    import_page.router,
    settings_apikeys.router,
]
