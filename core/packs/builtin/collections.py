"""Payment collection's import types, registered on the hook packs use for theirs.

Its reminder rules live with core's others (:mod:`core.reminders.rules`) and its metrics with
core's metrics hook (:mod:`core.packs.builtin.reminders`), so each hook keeps one core path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hooks import hookimpl
from core.records import ImportType, Job

if TYPE_CHECKING:
    from core.models import Tenant


@hookimpl
def guanxi_register_import_types(tenant: Tenant) -> list[ImportType]:
    from core.collections.importing import COLLECTION_IMPORT_TYPES

    return COLLECTION_IMPORT_TYPES


@hookimpl
def guanxi_register_jobs() -> list[Job]:
    from core.collections.customermail import CUSTOMER_REMINDER_JOB

    return [CUSTOMER_REMINDER_JOB]
