"""Core's pages, one router per page family; each handler is short and delegates to services."""

from core.web.pages import (
    customer_page,
    customers,
    dashboard,
    inbox,
)

ROUTERS = [
    dashboard.router,
    customers.router,
    customer_page.router,
    inbox.router,
]
