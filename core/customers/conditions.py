"""SQL conditions for customer search that stay fast on both databases.

A prefix ``LIKE`` cannot use a B-tree index on SQLite (its LIKE is case-insensitive, the index is
binary), so 100,000 customers meant a full scan per keystroke.  On SQLite a prefix becomes a range
``column >= 'ab' AND column < 'ac'``, which is exact under SQLite's binary collation and uses the
``(tenant_id, column)`` index.  PostgreSQL keeps ``LIKE 'ab%'`` (its collation is not code-point order).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, type_coerce
from sqlalchemy.dialects.postgresql import JSONB

from core.customers.models import Customer


def prefix_match(column: Any, prefix: str, dialect: str) -> Any:
    if dialect == "sqlite" and prefix:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return and_(column >= prefix, column < upper)
    return column.startswith(prefix, autoescape=True)


def has_tag(tag: str, dialect: str) -> Any:
    """'tags contains tag' over the JSON list column."""
    if dialect == "postgresql":
        return type_coerce(Customer.tags, JSONB).contains([tag])
    from sqlalchemy import func, select

    each = func.json_each(Customer.tags).table_valued("value")
    return select(each.c.value).where(each.c.value == tag).exists()
