"""Write one batch of validated customer rows: insert the new, update the changed, skip the rest.

Set-based: one SELECT per kind of key finds the batch's existing customers (by external id, and
rows without one by phone, e-mail or values: :mod:`core.importing.matching`), one ``executemany``
inserts, one ``executemany`` updates (guarded by the optimistic ``version``).  Soft-deleted
customers (e.g. merged duplicates) are matched too and left alone, so re-importing a file after a
merge does not bring the duplicate back.  Phones and e-mails the file gives become the primary
ones; earlier ones are kept in the lists.  See :mod:`core.importing.hooks` for pack hooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, update
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from core import hooks as specs
from core.errors import Conflict, InvalidInput
from core.importing.driver import driver_insert, take_ids
from core.importing.hooks import implemented
from core.importing.matching import COMPARED, Ambiguous, changes_to, collapse, find_existing, pick
from core.importing.rows import RowReject, ValidRow
from core.models import Customer, Tenant
from core.packs.facade import TenantHooks
from core.types import utcnow

TABLE = Customer.__table__  # type: ignore[attr-defined]

_DEFAULTS: dict[str, Any] = {
    "external_id": None,
    "kind": "person",
    "phone": None,
    "phones": [],
    "email": None,
    "emails": [],
    "birthday": None,
    "birthday_lunar": False,
    "lunar_birth_month": None,
    "lunar_birth_day": None,
    "lunar_birth_leap": False,
    "city": None,
    "address": None,
    "tags": [],
    "owner_id": None,
    "team": None,
    "grade": None,
    "pack_data": {},
    "deleted_at": None,
}


def new_customer_row(*, tenant_id: int | None, now: Any, **values: Any) -> dict[str, Any]:
    """A ``customers`` row for a set-based insert: every column's default, then ``values``.

    The one place the importer, the benchmarks and tests that load customers in bulk learn which
    columns an insert must fill (the ORM's defaults do not apply to Core ``executemany``).
    """
    return {**_DEFAULTS, **values, "tenant_id": tenant_id, "created_at": now, "updated_at": now, "version": 1}


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[RowReject] = field(default_factory=list)


def _validate(
    hooks: TenantHooks,
    session: Session,
    tenant: Tenant,
    pending: list[tuple[ValidRow, dict[str, Any], dict[str, Any]]],
    header_of: Any,
) -> tuple[list[Any], list[RowReject]]:
    kept, rejects = [], []
    for row, record, changes in pending:
        customer = Customer(**{**record, "tenant_id": tenant.id})
        try:
            hooks.validate_customer(session=session, tenant=tenant, customer=customer, changes=changes)
        except InvalidInput as exc:
            first = exc.problems[0]
            rejects.append(
                RowReject(row.line, header_of(first.field), first.reason, record.get("external_id"))
            )
            continue
        kept.append((row, record, changes))
    return kept, rejects


def write_customers(
    *,
    session: Session,
    tenant: Tenant,
    hooks: TenantHooks,
    rows: list[ValidRow],
    header_of: Any,
    dry_run: bool,
) -> BatchResult:
    """Insert/update ``rows`` in the session's transaction; nothing is written when ``dry_run``."""
    result = BatchResult()
    connection = session.connection()
    keyed = collapse(rows)
    assert tenant.id is not None
    found = find_existing(connection, tenant.id, (key for _row, key in keyed))
    now = utcnow()
    inserts: list[tuple[ValidRow, dict[str, Any], dict[str, Any]]] = []
    updates: list[tuple[ValidRow, dict[str, Any], dict[str, Any]]] = []
    for row, key in keyed:
        try:
            current = pick(found, key, row.values)
        except Ambiguous as exc:
            result.rejects.append(RowReject(row.line, header_of(exc.field), exc.reason))
            continue
        if current is None:
            record = new_customer_row(tenant_id=tenant.id, now=now, **row.values)
            inserts.append((row, record, {}))
            continue
        changes = changes_to(current, row.values) if current.deleted_at is None else {}
        if not changes:
            result.unchanged += 1
            continue
        record = {c: getattr(current, c) for c in COMPARED} | changes
        updates.append(
            (
                row,
                {**record, "_id": current.id, "_version": current.version},
                {k: (getattr(current, k), v) for k, v in changes.items()},
            )
        )
    if implemented(hooks, specs.guanxi_validate_customer):

        def strip(r: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in r.items() if not k.startswith("_") and k != "version"}

        inserts, rejected_new = _validate(
            hooks, session, tenant, [(a, strip(b), c) for a, b, c in inserts], header_of
        )
        inserts = [(a, {**b, "version": 1}, c) for a, b, c in inserts]
        kept_updates, rejected_changed = _validate(
            hooks, session, tenant, [(a, strip(b), c) for a, b, c in updates], header_of
        )
        kept_lines = {a.line for a, _b, _c in kept_updates}
        updates = [u for u in updates if u[0].line in kept_lines]
        result.rejects += rejected_new + rejected_changed
    result.created, result.updated = len(inserts), len(updates)
    if dry_run:
        return result
    created_ids = _insert(
        connection,
        [r for _row, r, _c in inserts],
        returning=implemented(hooks, specs.guanxi_on_customer_created),
    )
    _update(connection, [r for _row, r, _c in updates], now)
    _after_write(session, tenant, hooks, created_ids, updates)
    return result


def _insert(connection: Connection, records: list[dict[str, Any]], *, returning: bool) -> list[int]:
    if not records:
        return []
    if not returning:
        driver_insert(connection, TABLE, records)
        return []
    ids = take_ids(connection, TABLE, len(records))
    driver_insert(connection, TABLE, [{**record, "id": i} for record, i in zip(records, ids, strict=True)])
    return ids


def _update(connection: Connection, records: list[dict[str, Any]], now: Any) -> None:
    if not records:
        return
    statement = (
        update(TABLE)
        .where(TABLE.c.id == bindparam("_id"), TABLE.c.version == bindparam("_version"))
        .values(
            {**{c: bindparam(f"v_{c}") for c in COMPARED}, "updated_at": now, "version": TABLE.c.version + 1}
        )
    )
    params = [
        {"_id": r["_id"], "_version": r["_version"], **{f"v_{c}": r[c] for c in COMPARED}} for r in records
    ]
    result = connection.execute(statement, params)
    if result.rowcount not in (-1, len(records)):
        raise Conflict("customers were changed by someone else during the import; run it again")


def _after_write(
    session: Session,
    tenant: Tenant,
    hooks: TenantHooks,
    created_ids: list[int],
    updates: list[tuple[ValidRow, dict[str, Any], dict[str, Any]]],
) -> None:
    if created_ids:
        loaded = session.exec(orm_select(Customer).where(col(Customer.id).in_(created_ids))).all()
        order: dict[int | None, int] = {customer_id: i for i, customer_id in enumerate(created_ids)}
        for customer in sorted(loaded, key=lambda c: order[c.id]):
            hooks.on_customer_created(session=session, tenant=tenant, customer=customer)
    if updates and implemented(hooks, specs.guanxi_on_customer_updated):
        changes_by_id = {record["_id"]: changes for _row, record, changes in updates}
        loaded = session.exec(orm_select(Customer).where(col(Customer.id).in_(changes_by_id))).all()
        for customer in loaded:
            hooks.on_customer_updated(
                session=session, tenant=tenant, customer=customer, changes=changes_by_id[customer.id]
            )
