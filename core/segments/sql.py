"""SQL pieces segments and grades share: JSON tag membership and per-customer purchase totals.

Tags live in a JSON array; "has tag" is ``json_each`` on SQLite and the JSONB ``?`` operator on
PostgreSQL (index-friendly with a GIN index).  One expression class compiles to both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, Boolean, ColumnElement, Select, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlmodel import col

from core.models import Customer, Interaction, InteractionKind, Tenant


class HasTag(ColumnElement[bool]):
    """True when the JSON array column holds the string ``tag``."""

    type = Boolean()
    inherit_cache = True

    def __init__(self, column: Any, tag: str):
        self.column = column
        self.tag: BindParameter[str] = bindparam(None, tag, unique=True)


@compiles(HasTag, "postgresql")
def _has_tag_pg(element: HasTag, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} ? {compiler.process(element.tag, **kw)})"


@compiles(HasTag)
def _has_tag_sqlite(element: HasTag, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    tag = compiler.process(element.tag, **kw)
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {tag})"


def purchase_totals(tenant: Tenant, *, since: Any = None) -> Select[int, Any]:
    """``(customer_id, total)`` of purchase interactions in the tenant's currency, optionally
    since a UTC instant; used as a subquery so spend filters and grades stay one statement."""
    total = func.coalesce(func.sum(Interaction.amount), 0).label("total")
    statement: Select[int, Any] = (
        select(col(Interaction.customer_id).label("customer_id"), total)
        .where(
            col(Interaction.tenant_id) == tenant.id,
            col(Interaction.kind) == InteractionKind.purchase.value,
            col(Interaction.amount).is_not(None),
            (col(Interaction.currency) == tenant.currency) | col(Interaction.currency).is_(None),
        )
        .group_by(col(Interaction.customer_id))
    )
    if since is not None:
        statement = statement.where(col(Interaction.occurred_at) >= since)
    return statement


def live_customers(tenant: Tenant) -> ColumnElement[bool]:
    """Customers of the tenant that are not soft-deleted."""
    return (col(Customer.tenant_id) == tenant.id) & col(Customer.deleted_at).is_(None)
