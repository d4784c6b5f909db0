"""Record rules: which customers a user may see, on top of tenant isolation.

A user whose role lacks ``customers:all`` (a rep) sees only customers they own or that belong to
their team.  The same rule is a SQL condition for lists and a check for single records, so a
hidden record answers 404 exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_

from core.models import Customer, User


def customer_conditions(user: User | None, permissions: frozenset[str]) -> list[Any]:
    """SQL conditions limiting customers to what the actor may see (empty: everything)."""
    if "customers:all" in permissions or user is None:
        return []
    mine = Customer.owner_id == user.id
    if user.team:
        return [or_(mine, and_(Customer.team.is_not(None), Customer.team == user.team))]
    return [mine] if user.id is not None else [false()]


def may_see_customer(user: User | None, permissions: frozenset[str], customer: Customer) -> bool:
    if "customers:all" in permissions or user is None:
        return True
    return customer.owner_id == user.id or (user.team is not None and customer.team == user.team)
