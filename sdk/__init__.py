"""The pack author's kit: the only module a vertical pack imports from Guanxi.

Everything here is part of the public API covered by ``CORE_API_VERSION`` (docs/compatibility.md):
a name is removed or changed only in a new major version, after warning for one minor version.

Also public: ``sdk.api`` (API route context), ``sdk.web`` (page context), ``sdk.rules`` (record
rules: which customers the caller may see), ``sdk.records`` (versioned records, state machines,
newest-first pages), ``sdk.importing`` (set-based loaders for ``ImportType``), ``sdk.cli``
(tenant work for pack commands), ``pack_settings`` (a tenant's validated settings of a pack),
``pack_messages``/``translate`` (messages translated for their reader outside templates),
``sdk.pack`` (file layout helpers) and ``sdk.testing`` (pytest fixtures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import CORE_API_VERSION
from core.declaredpack import Pack
from core.errors import Conflict, GuanxiError, InvalidInput, NotFound, PackError, PermissionDenied, Problem
from core.hooks import hookimpl
from core.records import (
    ApiRouter,
    CliCommand,
    CustomerPanel,
    DashboardWidget,
    DueReminder,
    Edition,
    GoodsCostSource,
    ImportRow,
    ImportType,
    Job,
    JobContext,
    Metric,
    MigrationsLocation,
    NavItem,
    PackInfo,
    PackSettings,
    Permission,
    ReminderRule,
    Role,
    SegmentField,
    StaticDir,
    TemplateDir,
    TimelineSource,
    Translatable,
    WebRoute,
)

# What a pack's plugin.py needs (the hook marker, the Pack description, records, errors) is imported
# above.  The rest pulls in the database layer, phone and Chinese-text libraries: it is imported on
# first use, so a command that only lists packs or shows help does not pay for it (PEP 562
# ``__getattr__`` below).
_LAZY: dict[str, str] = {
    "Caller": "core.customers.access",
    "require_visible_customer": "core.customers.access",
    "visible_to": "core.customers.access",
    "create_customer": "core.customers.service",
    "get_customer": "core.customers.service",
    "update_customer": "core.customers.service",
    "log_interaction": "core.interactions.service",
    "next_lunar_birthday": "core.lunar",
    "Notice": "core.notices.service",
    "notify": "core.notices.service",
    "request_survey": "core.notices.surveys",
    "Customer": "core.models",
    "Interaction": "core.models",
    "Tenant": "core.models",
    "TenantOwned": "core.models",
    "TenantPack": "core.models",
    "User": "core.models",
    "pack_settings": "core.packsettings.service",
    "save_pack_settings": "core.packsettings.service",
    "seed_pack_settings": "core.packsettings.service",
    "pack_messages": "core.i18n.translate",
    "translate": "core.i18n.translate",
    "disable_pack": "core.packs.state",
    "enable_pack": "core.packs.state",
    "birthday_on": "core.reminders.birthdays",
    "day_start_utc": "core.reminders.clock",
    "tenant_today": "core.reminders.clock",
    "Promotion": "core.reminders.models",
    "Segment": "core.segments.models",
    "get_segment": "core.segments.service",
    "Survey": "core.surveys.models",
    "segment_select": "core.segments.service",
    "queue_survey_emails": "core.surveys.sending",
    "tenant_session": "core.tenancy",
    "unit_of_work": "core.tenancy",
    "JSONType": "core.types",
    "UTCDateTime": "core.types",
    "utcnow": "core.types",
}

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from core.customers.access import Caller, require_visible_customer, visible_to
    from core.customers.service import create_customer, get_customer, update_customer
    from core.i18n.translate import pack_messages, translate
    from core.interactions.service import log_interaction
    from core.lunar import next_lunar_birthday
    from core.models import Customer, Interaction, Tenant, TenantOwned, TenantPack, User
    from core.notices.service import Notice, notify
    from core.notices.surveys import request_survey
    from core.packs.state import disable_pack, enable_pack
    from core.packsettings.service import pack_settings, save_pack_settings, seed_pack_settings
    from core.reminders.birthdays import birthday_on
    from core.reminders.clock import day_start_utc, tenant_today
    from core.reminders.models import Promotion
    from core.segments.models import Segment
    from core.segments.service import get_segment, segment_select
    from core.surveys.models import Survey
    from core.surveys.sending import queue_survey_emails
    from core.tenancy import tenant_session, unit_of_work
    from core.types import JSONType, UTCDateTime, utcnow

__all__ = [
    "CORE_API_VERSION",
    "ApiRouter",
    "Caller",
    "CliCommand",
    "Conflict",
    "Customer",
    "CustomerPanel",
    "DashboardWidget",
    "DueReminder",
    "Edition",
    "GoodsCostSource",
    "GuanxiError",
    "ImportRow",
    "ImportType",
    "Interaction",
    "InvalidInput",
    "JSONType",
    "Job",
    "JobContext",
    "Metric",
    "MigrationsLocation",
    "NavItem",
    "NotFound",
    "Notice",
    "Pack",
    "PackError",
    "PackInfo",
    "PackSettings",
    "Permission",
    "PermissionDenied",
    "Problem",
    "Promotion",
    "ReminderRule",
    "Role",
    "Segment",
    "SegmentField",
    "StaticDir",
    "Survey",
    "TemplateDir",
    "Tenant",
    "TenantOwned",
    "TenantPack",
    "TimelineSource",
    "Translatable",
    "UTCDateTime",
    "User",
    "WebRoute",
    "birthday_on",
    "create_customer",
    "day_start_utc",
    "disable_pack",
    "enable_pack",
    "get_customer",
    "get_segment",
    "hookimpl",
    "log_interaction",
    "next_lunar_birthday",
    "notify",
    "pack_messages",
    "pack_settings",
    "queue_survey_emails",
    "request_survey",
    "require_visible_customer",
    "save_pack_settings",
    "seed_pack_settings",
    "segment_select",
    "tenant_session",
    "tenant_today",
    "translate",
    "unit_of_work",
    "update_customer",
    "utcnow",
    "visible_to",
]


def __getattr__(name: str) -> object:
    """The heavier names, imported on first use; deprecated names keep working for one minor
    version, with a ``DeprecationWarning``."""
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    from core.sdkdev.deprecations import sdk_attribute

    return sdk_attribute(name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
