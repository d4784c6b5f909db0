"""The client's address and scheme, believing ``X-Forwarded-*`` only from configured proxies.

Behind a reverse proxy every request seems to come from the proxy, so the proxy's
``X-Forwarded-For`` names the client.  Anyone else can send that header too: believed from
everyone, it would let a stranger pick the address that login throttling counts (and spread
guesses over invented addresses).  So the headers count only when the connection comes from an
address in ``GUANXI_TRUSTED_PROXIES`` (none by default), and then only as far as the chain of
trusted proxies goes: the client is the first address, from the right, that is not a trusted
proxy.  ``guanxi serve`` turns uvicorn's own forwarded-header handling off, so this is the one
place that decides; it wraps the whole app, API and web pages alike.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: Sequence[str], networks: Sequence[Network]) -> str:
    """The client behind ``peer``: walk ``X-Forwarded-For`` from the right while the address we
    stand on is a trusted proxy; stop at the first one that is not (or at a hop that is not an
    address at all, which no proxy of ours wrote)."""
    address = peer
    for hop in reversed(forwarded_for):
        if not _trusted(address, networks):
            break
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        address = hop
    return address


class TrustedProxyMiddleware:
    """Rewrites the ASGI ``client`` and ``scheme`` from trusted proxies' headers."""

    def __init__(self, app: ASGIApp, trusted: Sequence[str]) -> None:
        self.app = app
        self.networks = parse_networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if (
            self.networks
            and scope["type"] in ("http", "websocket")
            and client
            and _trusted(client[0], self.networks)
        ):
            headers = Headers(scope=scope)
            hops = [
                hop.strip()
                for value in headers.getlist("x-forwarded-for")
                for hop in value.split(",")
                if hop.strip()
            ]
            scope = dict(scope)
            scope["client"] = (client_address(client[0], hops, self.networks), 0)
            proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
        await self.app(scope, receive, send)
