"""Absolute links that leave the browser (calendar feeds), built from configuration, not from Host.

A request's ``Host`` header is whatever the sender wrote.  A feed URL built from it and shown to a
user could point their calendar app, and the secret in the URL, at someone else's server.  So
such links use ``GUANXI_BASE_URL`` when it is set; otherwise the request's host only when it is
one of ``GUANXI_TRUSTED_HOSTS`` (default ``127.0.0.1`` and ``localhost``), and the first trusted
host when it is not.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import URL
from starlette.requests import HTTPConnection

from core.settings import get_settings

_DEFAULT_PORTS = {"http": 80, "https": 443}


def public_base_url(request: HTTPConnection) -> URL:
    """Where people reach this deployment, for links they take elsewhere."""
    settings = get_settings()
    if settings.base_url:
        return URL(settings.base_url.rstrip("/") + "/")
    trusted = [host.lower() for host in settings.trusted_hosts]
    if (request.url.hostname or "").lower() in trusted:
        return request.base_url
    host = trusted[0] if trusted else "localhost"
    if ":" in host:
        host = f"[{host}]"
    scheme = request.url.scheme
    server = request.scope.get("server")
    port = server[1] if server else None
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return URL(f"{scheme}://{host}{request.scope.get('root_path', '')}/")


def public_url_for(request: HTTPConnection, name: str, /, **params: Any) -> str:
    """The absolute URL of route ``name`` under :func:`public_base_url`."""
    return str(request.app.url_path_for(name, **params).make_absolute_url(public_base_url(request)))
