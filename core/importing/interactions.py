"""Import interactions (calls, visits, purchases...) that belong to customers by external id.

Rows name their customer by external id; a customer merged into another is followed to the
survivor.  Re-importing creates nothing new: a row equal to a stored interaction of the same
customer (time, kind and summary) is skipped.  Found set-based, one query per batch each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from core import hooks as specs
from core.importing.headers import INTERACTION_COLUMNS, ColumnMap
from core.importing.hooks import implemented
from core.importing.parsing import parse_amount, parse_timestamp
from core.importing.rows import RowReject, ValidRow
from core.importing.runner import RecordKind
from core.importing.writer import BatchResult
from core.interactions.limits import CHANNEL_MAX_LENGTH, SUMMARY_MAX_LENGTH
from core.models import Customer, Interaction, InteractionKind, Tenant
from core.packs.facade import TenantHooks
from core.text import clean_text
from core.types import utcnow

_KINDS = {k.value: k.value for k in InteractionKind} | {
    "电话": "call",
    "電話": "call",
    "来电": "call",
    "拜访": "visit",
    "拜訪": "visit",
    "上门": "visit",
    "邮件": "email",
    "郵件": "email",
    "会议": "meeting",
    "會議": "meeting",
    "购买": "purchase",
    "購買": "purchase",
    "消费": "purchase",
    "消費": "purchase",
    "服务": "service",
    "服務": "service",
    "维修": "service",
    "維修": "service",
    "备注": "note",
    "備註": "note",
    "消息": "message",
    "微信": "message",
    "短信": "message",
    "简讯": "message",
    "簡訊": "message",
}
TABLE = Interaction.__table__  # type: ignore[attr-defined]
CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class InteractionRowReader:
    columns: ColumnMap
    timezone: str
    currency: str

    def read(self, line: int, row: Sequence[str]) -> ValidRow | RowReject:
        cells = {f: row[i] for f, (i, _h) in self.columns.fields.items() if i < len(row) and row[i]}
        external_id = clean_text(cells.get("customer_external_id", "")) or None

        def reject(field: str, reason: str) -> RowReject:
            return RowReject(line, self.columns.header_of(field), reason, external_id)

        if external_id is None:
            return reject("customer_external_id", "the customer's external id is required")
        if not cells.get("occurred_at"):
            return reject("occurred_at", "a date is required")
        try:
            occurred_at = parse_timestamp(cells["occurred_at"], self.timezone)
        except ValueError as exc:
            return reject("occurred_at", str(exc))
        kind = _KINDS.get(cells.get("kind", "note").strip().lower())
        if kind is None:
            return reject("kind", f"'{cells['kind']}' is not a kind ({', '.join(InteractionKind)})")
        values: dict[str, Any] = {
            "customer_external_id": external_id,
            "occurred_at": occurred_at,
            "kind": kind,
            "summary": clean_text(cells.get("summary")),
            "channel": clean_text(cells.get("channel")) or None,
            "amount": None,
            "currency": None,
        }
        for name, limit in (("summary", SUMMARY_MAX_LENGTH), ("channel", CHANNEL_MAX_LENGTH)):
            if len(values[name] or "") > limit:  # the API's bounds, as a reject, never cut short
                return reject(name, f"is longer than {limit} characters")
        if cells.get("amount"):
            try:
                values["amount"] = parse_amount(cells["amount"])
            except ValueError as exc:
                return reject("amount", str(exc))
            values["currency"] = (clean_text(cells.get("currency")) or self.currency).upper()[:3]
        return ValidRow(line, values)


def live_customer_ids(session: Session, tenant_id: int, external_ids: set[str]) -> dict[str, int]:
    """Each external id's live customer: itself, or the survivor it was merged into.

    A merge pointer is followed only to a live customer of the same tenant: ``pack_data`` is
    stored data, and a pointer elsewhere (planted, or left by a later delete) must reject the row,
    never route it to someone else's record."""
    connection = session.connection()
    mine = (CUSTOMERS.c.tenant_id == tenant_id, CUSTOMERS.c.external_id.in_(external_ids))
    live_rows = connection.execute(
        select(CUSTOMERS.c.external_id, CUSTOMERS.c.id).where(*mine, CUSTOMERS.c.deleted_at.is_(None))
    )
    found: dict[str, int] = {external_id: customer_id for external_id, customer_id in live_rows}
    if len(found) == len(external_ids):
        return found
    # the rest may be merged away: only their stored data is read (and parsed)
    merged = connection.execute(
        select(CUSTOMERS.c.external_id, CUSTOMERS.c.pack_data).where(
            CUSTOMERS.c.tenant_id == tenant_id,
            CUSTOMERS.c.external_id.in_(external_ids - found.keys()),
            CUSTOMERS.c.deleted_at.is_not(None),
        )
    )
    pointers: dict[str, int] = {}
    for row in merged:
        survivor = (row.pack_data or {}).get("merged_into")
        if isinstance(survivor, int) and not isinstance(survivor, bool):
            pointers[row.external_id] = survivor
    if pointers:
        live = set(
            session.connection()
            .execute(
                select(CUSTOMERS.c.id).where(
                    CUSTOMERS.c.tenant_id == tenant_id,
                    CUSTOMERS.c.id.in_(set(pointers.values())),
                    CUSTOMERS.c.deleted_at.is_(None),
                )
            )
            .scalars()
        )
        found.update(
            {ext: survivor for ext, survivor in pointers.items() if survivor in live and ext not in found}
        )
    return found


def _known(
    session: Session, tenant_id: int, customer_ids: set[int], times: set[datetime]
) -> set[tuple[int, datetime, str, str]]:
    rows = session.connection().execute(
        select(TABLE.c.customer_id, TABLE.c.occurred_at, TABLE.c.kind, TABLE.c.summary).where(
            TABLE.c.tenant_id == tenant_id,
            TABLE.c.customer_id.in_(customer_ids),
            TABLE.c.occurred_at.in_(times),
        )
    )
    return {tuple(row) for row in rows}


def write_interactions(
    *,
    session: Session,
    tenant: Tenant,
    hooks: TenantHooks,
    rows: list[ValidRow],
    header_of: Any,
    dry_run: bool,
) -> BatchResult:
    """Insert the batch's new interactions in one statement; see the module docstring."""
    result = BatchResult()
    assert tenant.id is not None
    ids = live_customer_ids(session, tenant.id, {r.values["customer_external_id"] for r in rows})
    known = _known(session, tenant.id, set(ids.values()), {r.values["occurred_at"] for r in rows})
    records, now = [], utcnow()
    for row in rows:
        values = dict(row.values)
        external_id = values.pop("customer_external_id")
        if external_id not in ids:
            result.rejects.append(
                RowReject(
                    row.line,
                    header_of("customer_external_id"),
                    f"no customer with external id '{external_id}'",
                    external_id,
                )
            )
            continue
        key = (ids[external_id], values["occurred_at"], values["kind"], values["summary"])
        if key in known:
            result.unchanged += 1
            continue
        known.add(key)
        records.append(
            {
                **values,
                "tenant_id": tenant.id,
                "customer_id": ids[external_id],
                "user_id": None,
                "payload": {},
                "source": "import",
                "created_at": now,
            }
        )
    result.created = len(records)
    if dry_run or not records:
        return result
    if not implemented(hooks, specs.guanxi_on_interaction_logged):
        session.connection().execute(insert(TABLE), records)
        return result
    statement = insert(TABLE).returning(TABLE.c.id, sort_by_parameter_order=True)
    new_ids = list(session.connection().execute(statement, records).scalars())
    loaded = {i.id: i for i in session.exec(orm_select(Interaction).where(col(Interaction.id).in_(new_ids)))}
    for interaction_id in new_ids:
        hooks.on_interaction_logged(session=session, tenant=tenant, interaction=loaded[interaction_id])
    return result


INTERACTIONS = RecordKind(
    key="interactions",
    columns=INTERACTION_COLUMNS,
    required=("customer_external_id", "occurred_at"),
    make_reader=lambda columns, tenant: InteractionRowReader(columns, tenant.timezone, tenant.currency).read,
    writer=write_interactions,
)
