"""Record rules: which customers a caller may see, on top of tenant isolation.

A user whose role lacks ``customers:all`` (a rep) sees only customers they own or that belong to
their team.  The same rule is a SQL condition for lists (:func:`visible_to`, or
:func:`customer_conditions` on the customers table itself) and a check for single records
(:func:`visible_customer`), so a hidden record answers 404 exactly like a missing one.  Core's API
routes and web pages call :func:`visible_customer`; packs get :func:`require_visible_customer`
(the same check, taking their ``ctx`` or ``page``) and :func:`visible_to` through ``sdk.rules``.
Nobody keeps a copy of its own.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlmodel import Session, col

from core.customers.models import Customer
from core.customers.service import get_customer
from core.errors import NotFound
from core.models import User

#: Integer ids end at 2**31 - 1: a larger id cannot exist (and PostgreSQL would refuse to compare it).
MAX_ID = 2_147_483_647


class Caller(Protocol):
    """Who asks: the API's ``RequestContext``, a page's ``Page``, or anything with these three."""

    @property
    def session(self) -> Session: ...

    @property
    def user(self) -> User | None: ...

    @property
    def permissions(self) -> frozenset[str]: ...


def customer_conditions(user: User | None, permissions: frozenset[str]) -> list[Any]:
    """SQL conditions limiting customers to what the actor may see (empty: everything)."""
    if "customers:all" in permissions or user is None:
        return []
    mine = col(Customer.owner_id) == user.id
    if user.team:
        return [or_(mine, and_(col(Customer.team).is_not(None), col(Customer.team) == user.team))]
    return [mine] if user.id is not None else [false()]


def may_see_customer(user: User | None, permissions: frozenset[str], customer: Customer) -> bool:
    if "customers:all" in permissions or user is None:
        return True
    return customer.owner_id == user.id or (user.team is not None and customer.team == user.team)


def visible_to(caller: Caller, column: Any) -> ColumnElement[bool]:
    """A condition keeping rows whose customer ``column`` the caller may see (and so write).

    ``true()`` when the caller sees every customer, so managers' queries stay as they were;
    otherwise ``column IN (SELECT customers.id ... owned by the rep or shared with their team)``,
    a semi-join both SQLite and PostgreSQL answer from the ``(tenant_id, owner_id)`` index.
    A NULL ``column`` never matches: add ``column.is_(None)`` yourself if such rows are public.

        orders = session.exec(
            select(RetailOrder).where(visible_to(ctx, RetailOrder.customer_id))
        ).all()
    """
    conditions = customer_conditions(caller.user, caller.permissions)
    if not conditions:
        return true()
    user = caller.user
    assert user is not None  # no conditions are made for callers without a user
    return column.in_(select(col(Customer.id)).where(col(Customer.tenant_id) == user.tenant_id, *conditions))


def visible_customer(
    *,
    session: Session,
    user: User | None,
    permissions: frozenset[str],
    customer_id: int,
    include_deleted: bool = False,
) -> Customer:
    """The customer, or :class:`NotFound` when it is missing, deleted or hidden from ``user``.

    ``user`` is ``None`` for an API key: its scopes, already checked, decide.  The API answers the
    ``NotFound`` with 404 and the pages with their 404 page, never 403, so ids do not leak.
    """
    if not isinstance(customer_id, int) or not 0 < customer_id <= MAX_ID:
        raise NotFound(f"customer {customer_id} not found")
    customer = get_customer(session=session, customer_id=customer_id, include_deleted=include_deleted)
    if not may_see_customer(user, permissions, customer):
        raise NotFound(f"customer {customer_id} not found")
    return customer


def require_visible_customer(caller: Caller, customer_id: int, *, include_deleted: bool = False) -> Customer:
    """The customer ``customer_id`` if the caller may see it; :class:`NotFound` (404) otherwise.

    A hidden customer answers exactly like a missing one (``customer 42 not found``), never 403,
    so a rep cannot learn which ids exist.  Call it before reading or writing a pack record that
    names a customer:

        require_visible_customer(ctx, body.customer_id)
        ticket = open_ticket(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    """
    return visible_customer(
        session=caller.session,
        user=caller.user,
        permissions=caller.permissions,
        customer_id=customer_id,
        include_deleted=include_deleted,
    )
