"""Every core table, imported in one place so the SQLAlchemy metadata is complete.

Each feature keeps its tables in its own room (``core.customers.models``, ``core.users.models``,
``core.packs.models``, ...).  Importing this module imports all of them, so migrations, the
tenant-key walk and ``create_all`` in tests never miss a table (sqlmodel#136).  The names packs and
older code import from here stay importable under their usual names.

Every tenant-owned table inherits :class:`TenantOwned`; the tenant-scoped session (core.tenancy)
filters and stamps ``tenant_id`` on it, so isolation lives in one place instead of in every query.
Tenant-owned tables lead their indexes with ``tenant_id`` (see docs/decisions.md).
"""

from __future__ import annotations

import core.activities.models  # activities (follow-ups)
import core.api.models  # idempotency keys
import core.apikeys.models  # api keys
import core.audit.models  # audit log
import core.auth.models  # refresh tokens, login attempts, web sessions
import core.collections.models  # collection plans, instalments, payments
import core.grades.models  # customer grade rules
import core.importing.models  # import jobs
import core.jobs.models  # job runs and the scheduler lease
import core.metrics.models  # recorded costs
import core.packsettings.models  # per-tenant pack settings
import core.recordkit.models  # state transitions of records
import core.reminders.models  # promotions, deliveries (follow-ups live on as activities)
import core.segments.models  # saved segments
import core.surveys.models  # noqa: F401  (satisfaction surveys)
from core.customers.models import Customer
from core.interactions.models import Interaction, InteractionKind
from core.modelbase import TenantOwned
from core.packs.models import TenantPack
from core.tenants.models import Tenant
from core.users.models import Role, User

__all__ = [
    "Customer",
    "Interaction",
    "InteractionKind",
    "Role",
    "Tenant",
    "TenantOwned",
    "TenantPack",
    "User",
]
