"""Reading and writing a tenant's settings of a pack, validated by the schema the pack declared.

Reads never fail on stored data: a field whose saved value no longer passes the schema (a pack
upgrade tightened a rule) falls back to its default, so one stale value cannot take a pack down
for a tenant.  Writes validate the whole object and report every bad field at once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from core.audit.service import bound_actor, record_change
from core.errors import InvalidInput, NotFound, Problem
from core.models import Tenant
from core.packsettings.models import PackSettingsRow
from core.records import PackSettings
from core.tenancy import session_registry
from core.types import utcnow

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry

log = logging.getLogger("guanxi.packsettings")
SettingsModel = TypeVar("SettingsModel", bound=BaseModel)


def declared_settings(registry: PackRegistry) -> dict[str, PackSettings]:
    """Each loaded pack's :class:`PackSettings`, by pack name (packs without settings left out)."""
    from core.packs.facade import StartupHooks

    return registry.memo("pack-settings", StartupHooks(registry).settings_by_pack)


def settings_of(pack: str, registry: PackRegistry) -> PackSettings:
    declared = declared_settings(registry).get(pack)
    if declared is None:
        raise NotFound(f"pack '{pack}' has no settings")
    return declared


def _pack_of(schema: type[BaseModel], registry: PackRegistry) -> str:
    for pack, declared in declared_settings(registry).items():
        if declared.schema is schema:
            return pack
    raise NotFound(f"no loaded pack declares the settings {schema.__name__}")


def _bad_fields(exc: ValidationError) -> set[str]:
    return {str(error["loc"][0]) for error in exc.errors() if error["loc"]}


def valid_settings(schema: type[SettingsModel], values: Mapping[str, Any]) -> SettingsModel:
    """``values`` as an instance of ``schema``; fields that fail validation take their default."""
    try:
        return schema.model_validate(dict(values))
    except ValidationError as exc:
        bad = _bad_fields(exc)
        log.warning("stored settings %s ignored for %s: no longer valid", sorted(bad), schema.__name__)
        return schema.model_validate({k: v for k, v in values.items() if k not in bad})


def _stored(session: Session, tenant: Tenant, pack: str) -> dict[str, Any]:
    row = session.get(PackSettingsRow, (tenant.id, pack))
    return dict(row.values) if row is not None else {}


def pack_settings(session: Session, tenant: Tenant, schema: type[SettingsModel]) -> SettingsModel:
    """The tenant's settings of the pack that declared ``schema``, defaults filled in."""
    return valid_settings(schema, _stored(session, tenant, _pack_of(schema, session_registry(session))))


def current_settings(*, session: Session, tenant: Tenant, pack: str) -> BaseModel:
    """The tenant's settings of ``pack`` by name (for the API and the page)."""
    return valid_settings(settings_of(pack, session_registry(session)).schema, _stored(session, tenant, pack))


def require_enabled(session: Session, tenant: Tenant, pack: str) -> None:
    """A disabled pack's settings look missing, like its routes (404)."""
    from core.packs.state import enabled_packs

    if pack not in enabled_packs(session, tenant):
        raise NotFound(f"pack '{pack}' is not enabled")


def N_(message: str) -> str:
    """Mark a message for the catalog; the settings page translates it beside the field."""
    return message


#: Plain reasons by pydantic error type, worded once and translated in core's catalog.
_REASONS = {
    "missing": N_("this setting is required"),
    "int_parsing": N_("enter a whole number"),
    "int_from_float": N_("enter a whole number"),
    "float_parsing": N_("enter a number"),
    "decimal_parsing": N_("enter a number"),
    "bool_parsing": N_("choose yes or no"),
    "literal_error": N_("choose one of the options"),
    "enum": N_("choose one of the options"),
    "greater_than": N_("the value is too small"),
    "greater_than_equal": N_("the value is too small"),
    "less_than": N_("the value is too large"),
    "less_than_equal": N_("the value is too large"),
    "string_too_short": N_("the text is too short"),
    "string_too_long": N_("the text is too long"),
}
_OTHER = N_("this value is not allowed")


def _problems(exc: ValidationError) -> list[Problem]:
    return [
        Problem(
            ".".join(str(part) for part in error["loc"]) or "settings", _REASONS.get(error["type"], _OTHER)
        )
        for error in exc.errors()
    ]


def save_pack_settings(
    *,
    session: Session,
    tenant: Tenant,
    pack: str,
    values: Mapping[str, Any],
) -> BaseModel:
    """Replace the tenant's settings of an enabled ``pack`` with ``values`` (absent fields take
    their defaults), audit what changed, and return the validated settings.

    Unknown keys are refused rather than dropped, so a typo in a script is a 422, not a silent
    no-op.
    """
    declared = settings_of(pack, session_registry(session))
    require_enabled(session, tenant, pack)
    schema: type[BaseModel] = declared.schema
    unknown = [Problem(key, "not a setting of this pack") for key in values if key not in schema.model_fields]
    if unknown:
        raise InvalidInput(unknown)
    try:
        settings = schema.model_validate(dict(values))
    except ValidationError as exc:
        raise InvalidInput(_problems(exc)) from None
    before = valid_settings(schema, _stored(session, tenant, pack)).model_dump(mode="json")
    after = settings.model_dump(mode="json")
    row = session.get(PackSettingsRow, (tenant.id, pack)) or PackSettingsRow(tenant_id=tenant.id, pack=pack)
    row.values = after
    row.updated_at = utcnow()
    row.updated_by = bound_actor(session).name
    session.add(row)
    session.flush()
    changes = {name: (before.get(name), value) for name, value in after.items() if before.get(name) != value}
    if changes:
        assert tenant.id is not None
        record_change(
            session=session,
            tenant_id=tenant.id,
            entity="pack_settings",
            entity_id=pack,
            action="update",
            changes=changes,
        )
    return settings


def seed_pack_settings(session: Session, tenant: Tenant, schema: type[BaseModel]) -> None:
    """Save the defaults for a tenant that has no saved settings yet, so that changing a default
    in a later pack version leaves the tenants that started with the old one as they were."""
    pack = _pack_of(schema, session_registry(session))
    if session.get(PackSettingsRow, (tenant.id, pack)) is not None:
        return
    session.add(PackSettingsRow(tenant_id=tenant.id, pack=pack, values=schema().model_dump(mode="json")))
    session.flush()
