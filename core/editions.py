"""Editions: named sets of packs and features, from ``basic`` up to industry and hosted editions.

Upgrading enables what the target edition adds (running each pack's backfill) and keeps every
record; downgrading disables packs the smaller edition lacks, without deleting their data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core.errors import InvalidInput, Problem
from core.models import Tenant
from core.packs.facade import StartupHooks
from core.packs.registry import PackRegistry
from core.packs.state import disable_pack, enable_pack, enabled_packs
from core.records import Edition
from core.tenancy import session_registry


@dataclass(frozen=True)
class ResolvedEdition:
    edition: Edition
    packs: frozenset[str]
    features: frozenset[str]


def all_editions(registry: PackRegistry) -> dict[str, Edition]:
    """Core's editions and every loaded pack's, by name (read once per registry)."""
    return registry.memo("editions", lambda: {e.name: e for e in StartupHooks(registry).editions()})


def resolve_edition(name: str, registry: PackRegistry) -> ResolvedEdition:
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
) -> EditionChange:
    """Move ``tenant`` to ``edition`` with the packs of the unit of work's registry; see the
    module docstring for what is kept."""
    registry = session_registry(session)
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
        enabled += enable_pack(session=session, tenant=tenant, pack=pack, actor=actor)
    disabled: list[str] = []
    if downgrade:
        previous = resolve_edition(tenant.edition, registry).packs
        for pack in sorted(enabled_packs(session, tenant) & (previous - target.packs)):
            disable_pack(session=session, tenant=tenant, pack=pack)
            disabled.append(pack)
    tenant.edition = edition
    session.add(tenant)
    session.flush()
    return EditionChange(edition, enabled, disabled)
