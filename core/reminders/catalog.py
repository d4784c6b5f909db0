"""The reminder rules a tenant has: core's built-ins and its enabled packs', keys unique."""

from __future__ import annotations

from sqlmodel import Session

from core.errors import InvalidInput, Problem
from core.models import Tenant
from core.packs.state import hooks_for
from core.records import ReminderRule


def reminder_rules(*, session: Session, tenant: Tenant) -> dict[str, ReminderRule]:
    """Rules by key (``guanxi_register_reminder_rules``); two rules with one key is an error,
    since the key is part of every delivery's unique key."""
    rules = hooks_for(session, tenant).reminder_rules(tenant=tenant)
    keys = [rule.key for rule in rules]
    clashes = sorted({key for key in keys if keys.count(key) > 1})
    if clashes:
        raise InvalidInput([Problem("rule", f"reminder rule '{key}' is defined twice") for key in clashes])
    return {rule.key: rule for rule in rules}
