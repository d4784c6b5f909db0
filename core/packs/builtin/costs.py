"""Core's ``costs`` import type, registered on the hook packs use for theirs, so the import page,
API and CLI offer it without a code path of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hooks import hookimpl
from core.records import ImportType

if TYPE_CHECKING:
    from core.models import Tenant


@hookimpl
def guanxi_register_import_types(tenant: Tenant) -> list[ImportType]:
    from core.costs.importing import import_type

    return [import_type]
