"""Customer services: create, update, soft delete, restore, merge, search.

Every function is one step of the caller's unit of work: it flushes and calls the tenant's pack
hooks in the same transaction; the caller commits once (a raising hook rolls everything back).
"""

from __future__ import annotations

import base64
import contextlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from core.audit.service import record_change
from core.contact import InvalidContact, normalize_phone
from core.customers.conditions import has_tag, prefix_match
from core.customers.limits import SERVER_PACK_DATA_KEYS, client_pack_data
from core.customers.normalize import normalize_fields
from core.customers.references import repoint_customer_references
from core.errors import InvalidInput, NotFound, Problem, StaleVersion
from core.models import Customer, Interaction, Tenant
from core.packs.state import hooks_for
from core.text import clean_text, has_cjk, name_key, script_variants
from core.types import utcnow


def get_customer(*, session: Session, customer_id: int, include_deleted: bool = False) -> Customer:
    customer = session.get(Customer, customer_id)
    # session.get may return an identity-map hit, so check the tenant explicitly as well
    tenant_id = session.info.get("guanxi_tenant_id")
    if (
        customer is None
        or (tenant_id is not None and customer.tenant_id != tenant_id)
        or (customer.deleted_at is not None and not include_deleted)
    ):
        raise NotFound(f"customer {customer_id} not found")
    return customer


def create_customer(
    *, session: Session, tenant: Tenant, data: dict[str, Any], actor_id: int | None = None
) -> Customer:
    """Validate, normalize and insert a customer; pack hooks run before the caller commits."""
    if "pack_data" in data:
        data = {**data, "pack_data": client_pack_data(data["pack_data"] or {})}
    values = normalize_fields(data, tenant)
    customer = Customer(tenant_id=tenant.id, **values)
    if actor_id is not None and customer.owner_id is None:
        customer.owner_id = actor_id
    hooks = hooks_for(session, tenant)
    hooks.validate_customer(session=session, tenant=tenant, customer=customer, changes={})
    session.add(customer)
    session.flush()
    assert tenant.id is not None
    record_change(
        session=session,
        tenant_id=tenant.id,
        entity="customer",
        entity_id=customer.id,
        action="create",
        changes={k: (None, v) for k, v in values.items() if v not in (None, [], {})},
    )
    hooks.on_customer_created(session=session, tenant=tenant, customer=customer)
    return customer


def update_customer(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    data: dict[str, Any],
    expected_version: int | None,
) -> tuple[Customer, dict[str, tuple[Any, Any]]]:
    """Apply a partial update if ``expected_version`` is still current; return what changed."""
    customer = get_customer(session=session, customer_id=customer_id)
    if expected_version is None:
        raise InvalidInput([Problem("version", "send If-Match or the version you edited")])
    if customer.version != expected_version:
        raise StaleVersion(customer.version)
    if "pack_data" in data:
        data = {**data, "pack_data": client_pack_data(data["pack_data"] or {}, customer.pack_data)}
    values = normalize_fields(data, tenant)
    changes = {
        key: (getattr(customer, key), value)
        for key, value in values.items()
        if getattr(customer, key) != value
    }
    if not changes:
        return customer, {}
    hooks = hooks_for(session, tenant)
    try:
        # no autoflush: a concurrent edit must surface at our flush below, not in a hook's query
        with session.no_autoflush:
            for key, (_old, new) in changes.items():
                setattr(customer, key, new)
            customer.updated_at = utcnow()
            hooks.validate_customer(session=session, tenant=tenant, customer=customer, changes=changes)
        session.flush()
    except StaleDataError:
        session.rollback()
        current = session.get(Customer, customer_id)
        raise StaleVersion(current.version if current else expected_version + 1) from None
    assert tenant.id is not None
    record_change(
        session=session,
        tenant_id=tenant.id,
        entity="customer",
        entity_id=customer.id,
        action="update",
        changes=changes,
    )
    hooks.on_customer_updated(session=session, tenant=tenant, customer=customer, changes=changes)
    return customer, changes


def delete_customer(
    *, session: Session, tenant: Tenant, customer_id: int, expected_version: int | None
) -> Customer:
    """Soft delete: the customer disappears from lists and search, and can be restored."""
    customer = get_customer(session=session, customer_id=customer_id)
    if expected_version is not None and customer.version != expected_version:
        raise StaleVersion(customer.version)
    customer.deleted_at = utcnow()
    customer.updated_at = customer.deleted_at
    session.add(customer)
    session.flush()
    assert tenant.id is not None
    record_change(
        session=session,
        tenant_id=tenant.id,
        entity="customer",
        entity_id=customer.id,
        action="delete",
        changes={"deleted_at": (None, customer.deleted_at)},
    )
    return customer


def restore_customer(*, session: Session, tenant: Tenant, customer_id: int) -> Customer:
    customer = get_customer(session=session, customer_id=customer_id, include_deleted=True)
    if customer.deleted_at is not None:
        deleted_at, customer.deleted_at = customer.deleted_at, None
        customer.updated_at = utcnow()
        session.add(customer)
        session.flush()
        assert tenant.id is not None
        record_change(
            session=session,
            tenant_id=tenant.id,
            entity="customer",
            entity_id=customer.id,
            action="restore",
            changes={"deleted_at": (deleted_at, None)},
        )
    return customer


_MERGED_FIELDS = (
    "phones",
    "emails",
    "tags",
    "phone",
    "email",
    "birthday",
    "city",
    "address",
    "grade",
    "owner_id",
    "team",
    "birthday_lunar",
    "lunar_birth_month",
    "lunar_birth_day",
    "lunar_birth_leap",
    "pack_data",
)


def merge_customers(*, session: Session, tenant: Tenant, survivor_id: int, duplicate_id: int) -> Customer:
    """Merge ``duplicate`` into ``survivor``: every row that references it moves over (packs'
    rows included), contact data is united, and the duplicate is soft-deleted with a pointer."""
    if survivor_id == duplicate_id:
        raise InvalidInput([Problem("duplicate_id", "cannot merge a customer with itself")])
    survivor = get_customer(session=session, customer_id=survivor_id)
    duplicate = get_customer(session=session, customer_id=duplicate_id)
    assert tenant.id is not None
    assert duplicate.id is not None
    assert survivor.id is not None
    moved = repoint_customer_references(
        session=session, tenant_id=tenant.id, from_id=duplicate.id, to_id=survivor.id
    )
    before = {field: getattr(survivor, field) for field in _MERGED_FIELDS}
    survivor.phones = list(dict.fromkeys([*survivor.phones, *duplicate.phones]))
    survivor.emails = list(dict.fromkeys([*survivor.emails, *duplicate.emails]))
    survivor.tags = list(dict.fromkeys([*survivor.tags, *duplicate.tags]))
    for field in ("phone", "email", "birthday", "city", "address", "grade", "owner_id", "team"):
        if getattr(survivor, field) is None and getattr(duplicate, field) is not None:
            setattr(survivor, field, getattr(duplicate, field))
    if survivor.birthday is None and duplicate.birthday_lunar:
        survivor.birthday_lunar = True
        survivor.lunar_birth_month = duplicate.lunar_birth_month
        survivor.lunar_birth_day = duplicate.lunar_birth_day
        survivor.lunar_birth_leap = duplicate.lunar_birth_leap
    inherited = {k: v for k, v in duplicate.pack_data.items() if k not in SERVER_PACK_DATA_KEYS}
    survivor.pack_data = {**inherited, **survivor.pack_data}
    survivor.updated_at = utcnow()
    duplicate.deleted_at = utcnow()
    duplicate.pack_data = {**duplicate.pack_data, "merged_into": survivor.id}
    session.add_all([survivor, duplicate])
    session.flush()
    after = {field: getattr(survivor, field) for field in _MERGED_FIELDS}
    changes = {f: (before[f], after[f]) for f in _MERGED_FIELDS if before[f] != after[f]}
    record_change(
        session=session,
        tenant_id=tenant.id,
        entity="customer",
        entity_id=survivor.id,
        action="merge",
        changes={
            **changes,
            "merged_from": (None, duplicate.id),
            "rows_moved": (None, {t: n for t, n in moved.items() if n}),
        },
    )
    record_change(
        session=session,
        tenant_id=tenant.id,
        entity="customer",
        entity_id=duplicate.id,
        action="merged_into",
        changes={"deleted_at": (None, duplicate.deleted_at), "merged_into": (None, survivor.id)},
    )
    hooks_for(session, tenant).on_customers_merged(
        session=session, tenant=tenant, survivor=survivor, duplicate=duplicate
    )
    return survivor


@dataclass(frozen=True)
class Page:
    items: list[Customer]
    next_cursor: str | None


def _encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except ValueError as exc:
        raise InvalidInput([Problem("cursor", "not a cursor this server issued")]) from exc


def search_customers(
    *,
    session: Session,
    tenant: Tenant,
    q: str | None = None,
    tag: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    include_deleted: bool = False,
    where: list[Any] | None = None,
) -> Page:
    """Customers matching ``q`` (name or its pinyin key prefix, phone, e-mail) in stable id order.

    Pagination is by keyset (``id > cursor``), so pages never skip or repeat rows while others
    write.  ``where`` adds record-rule filters from the caller (e.g. a rep's own customers).
    """
    statement = select(Customer)
    if not include_deleted:
        statement = statement.where(col(Customer.deleted_at).is_(None))
    text = clean_text(q)
    if text:
        dialect = session.get_bind().dialect.name
        # Characters match characters in either script; only a Latin query matches pinyin keys
        # (typing 王 should not list every 汪 and 望).
        matches = [prefix_match(Customer.name, variant, dialect) for variant in script_variants(text)]
        if not has_cjk(text) and (key := name_key(text)):
            matches.append(prefix_match(Customer.name_key, key, dialect))
        if "@" in text:
            matches.append(Customer.email == text.lower())
        with contextlib.suppress(InvalidContact):
            matches.append(Customer.phone == normalize_phone(text, tenant.phone_region))
        statement = statement.where(or_(*matches))
    if tag:
        statement = statement.where(has_tag(clean_text(tag), session.get_bind().dialect.name))
    for condition in where or []:
        statement = statement.where(condition)
    if cursor:
        statement = statement.where(col(Customer.id) > _decode_cursor(cursor))
    rows = list(session.exec(statement.order_by(col(Customer.id)).limit(limit + 1)).all())
    last_id = rows[limit - 1].id if len(rows) > limit else None
    next_cursor = _encode_cursor(last_id) if last_id is not None else None
    return Page(rows[:limit], next_cursor)


def count_interactions(*, session: Session, customer_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Interaction).where(Interaction.customer_id == customer_id)
    ).one()
