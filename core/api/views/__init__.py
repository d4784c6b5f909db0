"""Core's API routers, one module per domain; each handler is a few lines over a service."""
