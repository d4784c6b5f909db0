"""A tenant's grade rules: saved, read, applied (core.segments.grades does the UPDATEs).

Rules are thresholds of total purchase spend per grade.  Saving validates them the way applying
does, so a rule that is saved can always be applied.  Applying writes one UPDATE per grade
(set-based) and records when it ran and how many grades it changed, so the settings page can say
how fresh the grades are.  Reading a customer's grade needs nothing from here: it is a column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.grades.models import GradeRules
from core.models import Tenant
from core.segments.grades import apply_grades, parse_thresholds
from core.types import utcnow

#: What a tenant without saved rules starts from on the settings page (not applied until saved).
SUGGESTED = {"A": "10000", "B": "2000", "C": "0"}


@dataclass(frozen=True)
class GradeRulesView:
    thresholds: dict[str, str]
    saved: bool
    updated_at: datetime | None
    updated_by: str | None
    applied_at: datetime | None
    applied_changes: dict[str, int] | None


def _normalized(thresholds: Mapping[str, Any]) -> dict[str, str]:
    """Highest grade first, amounts as exact text."""
    return {grade: str(amount) for grade, amount in parse_thresholds(thresholds)}


def read_grade_rules(*, session: Session, tenant: Tenant) -> GradeRulesView:
    rules = session.get(GradeRules, tenant.id)
    if rules is None:
        return GradeRulesView(dict(SUGGESTED), False, None, None, None, None)
    return GradeRulesView(
        dict(rules.thresholds),
        True,
        rules.updated_at,
        rules.updated_by,
        rules.applied_at,
        rules.applied_changes,
    )


def save_grade_rules(
    *, session: Session, tenant: Tenant, thresholds: Mapping[str, Any], actor: str
) -> GradeRules:
    """Replace the tenant's rules (:class:`InvalidInput` naming the bad grade); not applied yet."""
    normalized = _normalized(thresholds)
    rules = session.get(GradeRules, tenant.id) or GradeRules(tenant_id=tenant.id, thresholds={})
    rules.thresholds = normalized
    rules.updated_at = utcnow()
    rules.updated_by = actor or None
    session.add(rules)
    session.flush()
    return rules


def delete_grade_rules(*, session: Session, tenant: Tenant) -> bool:
    """Stop grading (grades already given stay); returns whether there were rules."""
    rules = session.get(GradeRules, tenant.id)
    if rules is None:
        return False
    session.delete(rules)
    session.flush()
    return True


def apply_saved_grades(*, session: Session, tenant: Tenant) -> dict[str, int] | None:
    """Re-grade every customer by the saved rules; None when the tenant has none (nothing done)."""
    rules = session.get(GradeRules, tenant.id)
    if rules is None:
        return None
    thresholds = {grade: Decimal(amount) for grade, amount in rules.thresholds.items()}
    changed = apply_grades(session=session, tenant=tenant, thresholds=thresholds)
    rules = session.get(GradeRules, tenant.id)  # apply_grades expired the session
    assert rules is not None
    rules.applied_at = utcnow()
    rules.applied_changes = changed
    session.add(rules)
    session.flush()
    return changed
