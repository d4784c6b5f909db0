"""Who receives a reminder: the given users, else the customer's owner, else the owners/admins.

All of a tenant's active users are read once per run (a firm has tens of them, not thousands), so
resolving recipients for any number of reminders costs one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from core.models import Role, Tenant, User
from core.records import DueReminder

LOCALES = ("en", "zh_Hans", "zh_Hant")
_FALLBACK_ROLES = (Role.owner.value, Role.admin.value)


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    name: str
    locale: str


def locale_of(preferred: str | None, tenant: Tenant) -> str:
    """A locale we have templates for: the user's, else the tenant's, else English."""
    for candidate in (preferred, tenant.locale):
        if candidate:
            normalized = candidate.replace("-", "_")
            for known in LOCALES:
                if normalized.lower() == known.lower():
                    return known
            if normalized.lower().startswith("zh"):
                hant = any(t in normalized.lower() for t in ("hant", "tw", "hk", "mo"))
                return "zh_Hant" if hant else "zh_Hans"
    return "en"


class RecipientBook:
    """The tenant's active users, and the fallback list for reminders nobody owns."""

    def __init__(self, *, session: Session, tenant: Tenant):
        rows = session.execute(
            select(
                col(User.id), col(User.email), col(User.display_name), col(User.locale), col(User.role)
            ).where(col(User.tenant_id) == tenant.id, col(User.active).is_(True))
        ).all()
        self.users = {
            uid: Recipient(uid, email, name, locale_of(locale, tenant))
            for uid, email, name, locale, _ in rows
        }
        self.fallback = tuple(sorted(uid for uid, *_, role in rows if role in _FALLBACK_ROLES))

    def resolve(self, reminder: DueReminder) -> tuple[int, ...]:
        chosen = tuple(uid for uid in reminder.user_ids if uid in self.users)
        return chosen or self.fallback
