"""Set-based building blocks for a pack's ``ImportType.load_rows`` (public as ``sdk.importing``).

A pack's loader receives a whole batch (about a thousand rows) and should touch the database a
fixed number of times per batch, never once per row:

* :func:`resolve_customers` names the batch's customers in at most three queries (external id,
  then phone, then name, as customers are told apart on core's import);
* :func:`existing_keys` finds which natural keys are already stored, in one query, so that a
  re-import creates nothing;
* :func:`insert_rows` writes new rows with one ``executemany`` (ids back in row order when asked);
* :func:`log_interactions` puts the batch's timeline entries on core's timeline in one statement
  and notifies the other packs as :func:`core.interactions.service.log_interaction` would.

:class:`LoadResult` is what a loader returns when it wants the report to say what was created
and what was already there (a plain ``{line: Problem}`` still works).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from core import hooks as core_hooks
from core.contact import InvalidContact, normalize_phone
from core.errors import Problem
from core.importing.driver import driver_insert, take_ids
from core.importing.hooks import implemented
from core.importing.interactions import live_customer_ids
from core.models import Customer, Interaction, Tenant
from core.packs.facade import TenantHooks
from core.packs.state import hooks_for
from core.text import clean_text
from core.types import utcnow

CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]
INTERACTIONS = Interaction.__table__  # type: ignore[attr-defined]


class LoadResult(dict[int, Problem]):
    """What a loader did with its batch: the refused rows (``{line: Problem}``, so it is still the
    plain answer ``load_rows`` always gave) and how many rows it created, updated or found
    already stored (``created`` ``None``: every row neither refused, updated nor unchanged)."""

    def __init__(
        self,
        problems: dict[int, Problem] | None = None,
        *,
        created: int | None = None,
        updated: int = 0,
        unchanged: int = 0,
    ) -> None:
        super().__init__(problems or {})
        self.created, self.updated, self.unchanged = created, updated, unchanged

    @property
    def problems(self) -> dict[int, Problem]:
        return self


@dataclass(frozen=True)
class CustomerRefs:
    """The customers a batch names: ``ids`` by the text given; ``ambiguous`` texts that name
    several customers (a phone or a name held by more than one), with how many."""

    ids: dict[str, int]
    ambiguous: dict[str, int]

    def problem(self, ref: str, field_name: str) -> Problem:
        """Why ``ref`` names no customer, worded for the row's reject."""
        if ref in self.ambiguous:
            return Problem(
                field_name, f"{self.ambiguous[ref]} customers match '{ref}'; give their external id"
            )
        return Problem(field_name, f"no customer with external id, phone or name '{ref}'")


def _tenant_id(tenant: Tenant) -> int:
    assert tenant.id is not None
    return tenant.id


def _unique(
    session: Session, tenant_id: int, column: Any, values: dict[Any, str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Live customers whose ``column`` is one of ``values``' keys: (unique matches, ambiguous)."""
    found: dict[Any, list[int]] = {}
    rows = session.connection().execute(
        select(CUSTOMERS.c.id, column).where(
            CUSTOMERS.c.tenant_id == tenant_id, column.in_(list(values)), CUSTOMERS.c.deleted_at.is_(None)
        )
    )
    for customer_id, value in rows:
        found.setdefault(value, []).append(customer_id)
    ids = {values[v]: c[0] for v, c in found.items() if len(c) == 1}
    return ids, {values[v]: len(c) for v, c in found.items() if len(c) > 1}


def resolve_customers(*, session: Session, tenant: Tenant, refs: Iterable[str]) -> CustomerRefs:
    """Each text's customer: by external id (a merged one leads to its survivor), else by phone
    (read in the tenant's region), else by exact name, when exactly one live customer has it.

    Unlike a customer row, whose phone must not match a customer known by an external id (that
    would merge two people), a record naming its customer by phone or name means whoever has it.
    """
    tenant_id = _tenant_id(tenant)
    wanted = {clean_text(r) for r in refs if clean_text(r)}
    ids = live_customer_ids(session, tenant_id, wanted) if wanted else {}
    ambiguous: dict[str, int] = {}
    phones: dict[str, str] = {}
    for ref in wanted - ids.keys():
        try:
            phones.setdefault(normalize_phone(ref, tenant.phone_region), ref)
        except InvalidContact:
            continue
    if phones:
        found, several = _unique(session, tenant_id, CUSTOMERS.c.phone, phones)
        ids |= found
        ambiguous |= several
    names = {ref: ref for ref in wanted - ids.keys() - ambiguous.keys()}
    if names:
        found, several = _unique(session, tenant_id, CUSTOMERS.c.name, names)
        ids |= found
        ambiguous |= several
    return CustomerRefs(ids, ambiguous)


def existing_keys(
    *, session: Session, tenant: Tenant, column: Any, values: Iterable[Any], where: Sequence[Any] = ()
) -> set[Any]:
    """Which of ``values`` the tenant already stores in ``column`` (a natural key), in one query."""
    wanted = set(values)
    if not wanted:
        return set()
    column = col(column) if not isinstance(column, ColumnElement) else column
    table = column.table
    statement = select(column).where(table.c.tenant_id == _tenant_id(tenant), column.in_(wanted), *where)
    return set(session.connection().execute(statement).scalars())


def table_of(model_or_table: Any) -> Table:
    """The Core table of an ORM model (or the table itself)."""
    table = getattr(model_or_table, "__table__", model_or_table)
    assert isinstance(table, Table)
    return table


def insert_rows(
    *, session: Session, tenant: Tenant, model: Any, rows: Sequence[Mapping[str, Any]], ids: bool = False
) -> list[int]:
    """Insert ``rows`` (column → value) into the tenant's ``model`` table with one ``executemany``.

    ``tenant_id`` is stamped on every row (one given for another tenant is a programming error);
    every row names the same columns.  With ``ids``, the new ids come back in the order of
    ``rows``, to link child rows; they are taken before the insert and given explicitly: on
    PostgreSQL from the table's id sequence in one query, on SQLite counting on from ``max(id)``
    (a SQLite writer holds the database's write lock for its whole transaction, so nobody else
    can take them meanwhile, and a clash could only fail, never mix rows up).

    The rows go to the driver's ``executemany`` with each column's bind processing applied once
    per value (:func:`driver_insert`), not through a compiled statement per row: at a hundred
    thousand rows SQLAlchemy's per-row parameter building costs more than the database's work.
    """
    if not rows:
        return []
    tenant_id = _tenant_id(tenant)
    stamped = []
    for row in rows:
        if row.get("tenant_id", tenant_id) != tenant_id:
            raise ValueError(f"a row for tenant {row['tenant_id']} in an import of tenant {tenant_id}")
        stamped.append({**row, "tenant_id": tenant_id})
    table = table_of(model)
    connection = session.connection()
    if not ids:
        driver_insert(connection, table, stamped)
        return []
    new_ids = take_ids(connection, table, len(stamped))
    driver_insert(connection, table, [{**row, "id": i} for row, i in zip(stamped, new_ids, strict=True)])
    return new_ids


def _others(hooks: TenantHooks, source: str) -> TenantHooks:
    return TenantHooks(hooks.registry, hooks.enabled - {source})


def log_interactions(
    *, session: Session, tenant: Tenant, source: str, entries: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Put ``entries`` (``customer_id``, ``kind``, ``occurred_at``, ``summary``, ...) on the
    timeline in one statement; their ids in order.

    The caller has checked the customers and values (as ``log_interaction`` would).  Every other
    enabled pack's ``guanxi_on_interaction_logged`` runs once per entry, in this transaction,
    exactly as for entries logged one by one; the pack named ``source`` is not told about the
    entries it has just written itself.  When no other pack listens, nothing is read back.
    """
    now = utcnow()
    rows = [
        {
            "user_id": None,
            "channel": None,
            "amount": None,
            "currency": None,
            "payload": {},
            "occurred_at": now,
            **entry,
            "summary": clean_text(entry.get("summary", "")),
            "source": source,
            "created_at": now,
        }
        for entry in entries
    ]
    new_ids = insert_rows(session=session, tenant=tenant, model=INTERACTIONS, rows=rows, ids=True)
    hooks = _others(hooks_for(session, tenant), source)
    if new_ids and implemented(hooks, core_hooks.guanxi_on_interaction_logged):
        loaded = {
            i.id: i for i in session.exec(orm_select(Interaction).where(col(Interaction.id).in_(new_ids)))
        }
        for interaction_id in new_ids:
            hooks.on_interaction_logged(session=session, tenant=tenant, interaction=loaded[interaction_id])
    return new_ids


def import_file(
    *,
    engine: Any,
    registry: Any,
    tenant: Tenant,
    record_type: str,
    source: Any,
    dry_run: bool = False,
    batch_size: int | None = None,
) -> Any:
    """Import ``source`` (a CSV or XLSX path) as a pack's ``record_type``, exactly as
    ``guanxi import records`` does; returns the import's report.  For pack commands and tests."""
    from core.importing.packtypes import pack_kind
    from core.importing.runner import run_import
    from core.tenancy import tenant_session

    with tenant_session(engine, _tenant_id(tenant), read_only=True, registry=registry) as session:
        kind = pack_kind(session=session, tenant=tenant, key=record_type)
    return run_import(
        engine=engine,
        registry=registry,
        tenant=tenant,
        kind=kind,
        source=source,
        dry_run=dry_run,
        batch_size=batch_size,
    )
