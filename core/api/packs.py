"""Mount every loaded pack's API routers once, under ``/api/v1/<pack>/``, behind the pack gate.

A pack whose router hook fails is logged and left out; the host and the other packs keep working.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, FastAPI

from core.api.deps import pack_gate
from core.api.schemas.common import responses
from core.errors import PackError
from core.hookcaller import records_by_pack
from core.plugins import PackRegistry
from core.records import ApiRouter

log = logging.getLogger("guanxi.api")


def mount_pack_routers(app: FastAPI, registry: PackRegistry, prefix: str = "/api/v1") -> list[str]:
    """Include each pack's routers; return the names of the packs that mounted something."""
    try:
        contributed = records_by_pack("api_routers", registry)
    except PackError as exc:  # one pack's hook failed: retry pack by pack to keep the others
        log.error("%s", exc)
        contributed = {}
        for name in registry.packs:
            try:
                contributed[name] = records_by_pack("api_routers", _only(registry, name))[name]
            except PackError as inner:
                log.error("pack '%s' routers not mounted: %s", name, inner)
    mounted = []
    for pack, records in contributed.items():
        for record in records:
            if not isinstance(record, ApiRouter) or not isinstance(record.router, APIRouter):
                log.error("pack '%s' returned %r instead of ApiRouter(APIRouter)", pack, record)
                continue
            app.include_router(record.router, prefix=f"{prefix}/{pack}", tags=[pack],
                               dependencies=[Depends(pack_gate(pack))], responses=responses(404))
            mounted.append(pack)
    return sorted(set(mounted))


def _only(registry: PackRegistry, name: str) -> PackRegistry:
    return PackRegistry(pm=registry.pm, packs={name: registry.packs[name]}, problems=[])
