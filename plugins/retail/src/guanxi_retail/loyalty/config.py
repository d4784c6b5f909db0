"""Setting up a loyalty programme: earning rules, tiers, expiry and the birthday offer."""

from __future__ import annotations

import calendar
from decimal import Decimal

from sqlmodel import Session, select

from sdk import Conflict, InvalidInput, Problem, Tenant, utcnow

from ..catalog.models import RetailCategory
from .expiry import settings_of
from .models import EXPIRY_MODES, RULE_KINDS, LoyaltyRule, LoyaltySettings, LoyaltyTier


def add_rule(
    *,
    session: Session,
    tenant: Tenant,
    kind: str,
    rate: Decimal | None = None,
    points: int | None = None,
    category_id: int | None = None,
) -> LoyaltyRule:
    """Add an earning rule; each kind needs its own parameters (see ``LoyaltyRule``)."""
    problems: list[Problem] = []
    if kind not in RULE_KINDS:
        problems.append(Problem("kind", f"must be one of {', '.join(RULE_KINDS)}"))
    if kind in ("per_amount", "category") and (rate is None or rate <= 0 or rate > 1000):
        problems.append(Problem("rate", "give the points per currency unit, more than 0 and at most 1000"))
    if kind == "birthday" and (points is None or not 0 < points <= 1_000_000):
        problems.append(Problem("points", "give the birthday bonus, from 1 to 1000000 points"))
    known = select(RetailCategory.id).where(RetailCategory.id == category_id)
    if kind == "category" and (category_id is None or session.exec(known).first() is None):
        problems.append(Problem("category_id", "give an existing category"))
    if problems:
        raise InvalidInput(problems)
    rule = LoyaltyRule(
        tenant_id=tenant.id,
        kind=kind,
        rate=rate,
        points=points,
        category_id=category_id if kind == "category" else None,
    )
    session.add(rule)
    session.flush()
    return rule


def add_tier(*, session: Session, tenant: Tenant, code: str, name: str, min_points: int) -> LoyaltyTier:
    if not 0 <= min_points <= 1_000_000_000:
        raise InvalidInput([Problem("min_points", "must be from 0 to 1000000000")])
    if session.exec(select(LoyaltyTier.id).where(LoyaltyTier.code == code)).first():
        raise Conflict(f"tier code '{code}' is already used")
    tier = LoyaltyTier(tenant_id=tenant.id, code=code, name=name, min_points=min_points)
    session.add(tier)
    session.flush()
    return tier


def update_settings(*, session: Session, tenant: Tenant, **changes: object) -> LoyaltySettings:
    """Change expiry and birthday-offer settings; the result must be complete for its mode."""
    settings = settings_of(session=session, tenant=tenant)
    for name, value in changes.items():
        setattr(settings, name, value)
    problems: list[Problem] = []
    if settings.expiry_mode not in EXPIRY_MODES:
        problems.append(Problem("expiry_mode", f"must be one of {', '.join(EXPIRY_MODES)}"))
    if settings.expiry_mode == "fixed_date":
        month, day = settings.expiry_month, settings.expiry_day
        if not month or not 1 <= month <= 12:
            problems.append(Problem("expiry_month", "give a month from 1 to 12"))
        elif not day or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            problems.append(Problem("expiry_day", "give a day that exists in that month"))
    if settings.expiry_mode == "inactivity" and not 0 < (settings.inactivity_days or 0) <= 3650:
        problems.append(Problem("inactivity_days", "give a number of days from 1 to 3650"))
    if settings.birthday_offer is None:
        problems.append(Problem("birthday_offer", "give a text, or an empty one for no offer"))
    if not isinstance(settings.birthday_notice_days, int) or not 0 <= settings.birthday_notice_days <= 60:
        problems.append(Problem("birthday_notice_days", "must be from 0 to 60"))
    if problems:
        raise InvalidInput(problems)
    settings.updated_at = utcnow()
    session.add(settings)
    session.flush()
    return settings
