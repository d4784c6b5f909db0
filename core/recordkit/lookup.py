"""One record by id, as the caller may see it: found, or missing exactly like one that never was.

Every pack's "get one" read the same way: select by id under the caller's record rule, and answer
``NotFound`` naming the thing when nothing comes back.  A record of a customer the caller may not
see must be indistinguishable from a missing one (the same 404 and message), or its existence leaks.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, select

from core.errors import NotFound

R = TypeVar("R")


def visible_record(
    session: Session,
    model: type[R],
    record_id: int,
    *,
    label: str,
    visible: ColumnElement[bool] = true(),
    for_update: bool = False,
) -> R:
    """The ``model`` row ``record_id`` if ``visible`` (e.g. ``sdk.visible_to(ctx, Model.customer_id)``)
    admits it, else ``NotFound("<label> <id> not found")``; ``for_update`` locks the row
    (PostgreSQL) for a write that depends on what it reads."""
    statement: Any = select(model).where(model.id == record_id, visible)  # type: ignore[attr-defined]
    if for_update:
        statement = statement.with_for_update(of=model)
    found = session.exec(statement).first()
    if found is None:
        raise NotFound(f"{label} {record_id} not found")
    return found
