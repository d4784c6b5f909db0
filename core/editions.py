"""Editions: named sets of packs and features, from ``basic`` up to industry and hosted editions.

Upgrading enables what the target edition adds (running each pack's backfill) and keeps every
record; downgrading disables packs the smaller edition lacks, without deleting their data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core.errors import InvalidInput, Problem
from core.hookcaller import global_records
from core.models import Tenant
from core.packstate import disable_pack, enable_pack, enabled_packs
from core.plugins import PackRegistry, get_registry
from core.records import Edition


@dataclass(frozen=True)
class ResolvedEdition:
    edition: Edition
    packs: frozenset[str]
    features: frozenset[str]


def all_editions(registry: PackRegistry | None = None) -> dict[str, Edition]:
    return {e.name: e for e in global_records("editions", registry)}


def resolve_edition(name: str, registry: PackRegistry | None = None) -> ResolvedEdition:
    """The edition with everything it inherits through ``extends``."""
    editions = all_editions(registry)
    if name not in editions:
        known = ", ".join(sorted(editions))
        raise InvalidInput([Problem("edition", f"unknown edition '{name}' (known: {known})")])
    packs: set[str] = set()
    features: set[str] = set()
    current: str | None = name
    seen: set[str] = set()
    while current and current not in seen:
        seen.add(current)
        edition = editions[current]
        packs.update(edition.packs)
        features.update(edition.features)
        current = edition.extends
    return ResolvedEdition(editions[name], frozenset(packs), frozenset(features))


@dataclass(frozen=True)
class EditionChange:
    edition: str
    enabled: list[str]
    disabled: list[str]


def change_edition(
    *,
    session: Session,
    tenant: Tenant,
    edition: str,
    actor: str | None = None,
    registry: PackRegistry | None = None,
) -> EditionChange:
    """Move ``tenant`` to ``edition``; see the module docstring for what is kept."""
    registry = registry or get_registry()
    target = resolve_edition(edition, registry)
    missing = sorted(p for p in target.packs if p not in registry.packs)
    if missing:
        raise InvalidInput(
            [
                Problem(
                    "edition", f"edition '{edition}' needs packs that are not installed: {', '.join(missing)}"
                )
            ]
        )
    current_rank = all_editions(registry).get(tenant.edition)
    downgrade = current_rank is not None and target.edition.rank < current_rank.rank
    enabled: list[str] = []
    for pack in sorted(target.packs):
        enabled += enable_pack(session=session, tenant=tenant, pack=pack, actor=actor, registry=registry)
    disabled: list[str] = []
    if downgrade:
        previous = resolve_edition(tenant.edition, registry).packs
        for pack in sorted(enabled_packs(session, tenant) & (previous - target.packs)):
            disable_pack(session=session, tenant=tenant, pack=pack, registry=registry)
            disabled.append(pack)
    tenant.edition = edition
    session.add(tenant)
    session.flush()
    return EditionChange(edition, enabled, disabled)
