"""Import types for collection plans and payments, set-based per batch.

``collection-plans``: one row per instalment; adjacent rows with the same plan number make one
plan (core never cuts a batch between them).  A plan number already stored is skipped, so a file
imported twice adds nothing.  ``collection-payments``: one row per receipt, naming the plan by its
number and the instalment by its sequence (or none: earliest open first); the receipt's reference
is its natural key, so a bank statement imported twice is booked once (rows sharing a reference are
one receipt spread over instalments, kept in one batch).  Exports name records without a number
``guanxi:<id>``, which the imports recognise as stored.  Over-payment is refused
per row, counting the rows before it in the same batch.

A batch costs a fixed number of statements: stored keys, customers, plans and instalments are read
once each; plans, instalments and payments inserted with one ``executemany`` each, and every
instalment's paid amount raised with one ``executemany`` update.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlmodel import Session, col

from core.collections.exporting import OWN_REF, export_payments, export_plans, own_ids
from core.collections.models import CollectionInstalment, CollectionPayment, CollectionPlan
from core.collections.service import CENT
from core.errors import Problem
from core.importing.bulk import LoadResult, existing_keys, insert_rows, resolve_customers
from core.models import Tenant
from core.records import ImportRow, ImportType
from core.types import utcnow

PLAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan_ref": ("plan_ref", "plan no", "回款计划编号", "回款計劃編號", "计划编号", "計劃編號"),
    "customer": ("customer", "customer id", "客户编号", "客戶編號", "客户", "客戶"),
    "title": ("title", "标题", "標題"),
    "currency": ("currency", "币种", "幣別"),
    "amount": ("amount", "金额", "金額"),
    "due_on": ("due_on", "due date", "到期日"),
    "reference": ("reference", "contract", "合同编号", "合約編號"),
}
PAYMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan_ref": PLAN_COLUMNS["plan_ref"],
    "reference": ("reference", "receipt", "收款凭证号", "收款憑證號", "流水号", "流水號"),
    "amount": ("amount", "金额", "金額"),
    "paid_on": ("paid_on", "date", "收款日期"),
    "instalment": ("instalment", "期次"),
    "method": ("method", "收款方式"),
}


def _money(values: Mapping[str, str], field: str) -> Decimal:
    try:
        amount = Decimal(values.get(field, "").replace(",", "").replace("¥", "").replace("￥", "").strip())
    except InvalidOperation:
        raise ValueError(f"{field}|is not an amount") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT) or amount >= Decimal("1e12"):
        raise ValueError(f"{field}|must be more than 0 with at most 2 decimal places")
    return amount.quantize(CENT)


def _day(values: Mapping[str, str], field: str) -> date:
    try:
        return date.fromisoformat(values.get(field, "").strip().replace("/", "-"))
    except ValueError:
        raise ValueError(f"{field}|is not a date (YYYY-MM-DD)") from None


def _problem(error: ValueError) -> Problem:
    field, _, reason = str(error).partition("|")
    return Problem(field, reason)


def load_plans(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> LoadResult:
    result = LoadResult(created=0)
    groups: dict[str, list[ImportRow]] = defaultdict(list)
    for row in rows:
        groups[row.values["plan_ref"][:64]].append(row)
    stored = existing_keys(session=session, tenant=tenant, column=CollectionPlan.external_ref, values=groups)
    own = own_ids(set(groups))
    kept = existing_keys(session=session, tenant=tenant, column=CollectionPlan.id, values=own.values())
    stored |= {ref for ref, plan_id in own.items() if plan_id in kept}
    customers = resolve_customers(session=session, tenant=tenant, refs={r.values["customer"] for r in rows})
    plans: list[dict[str, Any]] = []
    instalments: list[list[tuple[Decimal, date]]] = []
    now = utcnow()
    for ref, members in groups.items():
        if ref in stored:
            result.unchanged += len(members)
            continue
        first = members[0].values
        customer_id = customers.ids.get(first["customer"])
        try:
            if customer_id is None:
                raise ValueError("customer|" + customers.problem(first["customer"], "customer").reason)
            if any(m.values["customer"] != first["customer"] for m in members):
                raise ValueError("customer|every row of one plan must name the same customer")
            currency = (first.get("currency") or tenant.currency).strip().upper()
            if len(currency) != 3 or not currency.isalpha():
                raise ValueError("currency|must be a 3-letter code such as CNY")
            items = sorted(
                ((_money(m.values, "amount"), _day(m.values, "due_on")) for m in members), key=lambda i: i[1]
            )
        except ValueError as error:
            for member in members:
                result[member.line] = _problem(error)
            continue
        plans.append(
            {
                "customer_id": customer_id,
                "title": (first.get("title") or ref)[:200],
                "currency": currency,
                "external_ref": ref,
                "reference_id": (first.get("reference") or None) and first["reference"][:64],
                "note": "",
                "remind_customer": False,
                "created_at": now,
            }
        )
        instalments.append(items)
    ids = insert_rows(session=session, tenant=tenant, model=CollectionPlan, rows=plans, ids=True)
    insert_rows(
        session=session,
        tenant=tenant,
        model=CollectionInstalment,
        rows=[
            {
                "plan_id": plan_id,
                "customer_id": plan["customer_id"],
                "seq": seq,
                "amount": amount,
                "currency": plan["currency"],
                "due_on": due,
                "paid_amount": Decimal("0.00"),
                "created_at": now,
            }
            for plan_id, plan, items in zip(ids, plans, instalments, strict=True)
            for seq, (amount, due) in enumerate(items, start=1)
        ],
    )
    result.created = sum(len(items) for items in instalments)
    return result


def load_payments(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> LoadResult:
    result = LoadResult(created=0)
    refs = {row.values["plan_ref"] for row in rows}
    own = own_ids(refs)
    by_id = {plan_id: ref for ref, plan_id in own.items()}
    plans: dict[str, tuple[int, int, str]] = {}
    for plan_id, ref, customer_id, currency in session.execute(
        select(
            col(CollectionPlan.id),
            col(CollectionPlan.external_ref),
            col(CollectionPlan.customer_id),
            col(CollectionPlan.currency),
        ).where(or_(col(CollectionPlan.external_ref).in_(refs), col(CollectionPlan.id).in_(list(by_id))))
    ):
        for name in (ref, by_id.get(plan_id)):
            if name in refs:
                plans[name] = (plan_id, customer_id, currency)
    open_: dict[int, list[list[Any]]] = defaultdict(list)  # plan id -> [[id, seq, due, open]]
    for iid, plan_id, seq, due, amount, paid in session.execute(
        select(
            col(CollectionInstalment.id),
            col(CollectionInstalment.plan_id),
            col(CollectionInstalment.seq),
            col(CollectionInstalment.due_on),
            col(CollectionInstalment.amount),
            col(CollectionInstalment.paid_amount),
        )
        .where(
            col(CollectionInstalment.plan_id).in_([p[0] for p in plans.values()]),
            col(CollectionInstalment.written_off_at).is_(None),
        )
        .order_by(col(CollectionInstalment.due_on), col(CollectionInstalment.seq))
    ):
        open_[plan_id].append([iid, seq, due, amount - paid])
    references = {row.values.get("reference", "")[:64] for row in rows}
    booked = existing_keys(
        session=session, tenant=tenant, column=CollectionPayment.reference, values=references
    )
    own_payments = own_ids(references)
    stored_ids = existing_keys(
        session=session, tenant=tenant, column=CollectionPayment.id, values=own_payments.values()
    )
    booked |= {ref for ref, payment_id in own_payments.items() if payment_id in stored_ids}
    payments: list[dict[str, Any]] = []
    raised: dict[int, Decimal] = defaultdict(Decimal)
    now = utcnow()
    for row in rows:
        values, reference = row.values, row.values.get("reference", "")[:64]
        if reference in booked:
            result.unchanged += 1
            continue
        try:
            if values["plan_ref"] not in plans:
                raise ValueError(f"plan_ref|no collection plan numbered '{values['plan_ref']}'")
            plan_id, customer_id, currency = plans[values["plan_ref"]]
            amount, paid_on = _money(values, "amount"), _day(values, "paid_on")
            candidates = open_[plan_id]
            if values.get("instalment"):
                candidates = [i for i in candidates if str(i[1]) == values["instalment"].strip()]
                if not candidates:
                    raise ValueError("instalment|is not an open instalment of the plan")
            still_open = sum((i[3] for i in candidates), Decimal("0.00"))
            if amount > still_open:
                raise ValueError(f"amount|is more than the {still_open} {currency} still open")
        except ValueError as error:
            result[row.line] = _problem(error)
            continue
        left = amount
        for instalment in candidates:
            share = min(left, instalment[3])
            if share <= 0:
                continue
            instalment[3] -= share
            left -= share
            raised[instalment[0]] += share
            payments.append(
                {
                    "plan_id": plan_id,
                    "instalment_id": instalment[0],
                    "customer_id": customer_id,
                    "amount": share,
                    "currency": currency,
                    "paid_on": paid_on,
                    "method": (values.get("method") or None) and values["method"][:32],
                    "reference": None if reference.startswith(OWN_REF) else reference or None,
                    "note": "",
                    "created_at": now,
                }
            )
        result.created = (result.created or 0) + 1
    insert_rows(session=session, tenant=tenant, model=CollectionPayment, rows=payments)
    if raised:
        table = CollectionInstalment.__table__  # type: ignore[attr-defined]
        session.connection().execute(
            update(table)
            .where(table.c.tenant_id == tenant.id, table.c.id == bindparam("iid"))
            .values(paid_amount=table.c.paid_amount + bindparam("share", type_=table.c.paid_amount.type)),
            [{"iid": iid, "share": share} for iid, share in raised.items()],
        )
    return result


COLLECTION_IMPORT_TYPES = [
    ImportType(
        "collection-plans",
        "Collection plans",
        PLAN_COLUMNS,
        load_plans,
        required=("plan_ref", "customer", "amount", "due_on"),
        group_by="plan_ref",
        export_rows=export_plans,
    ),
    ImportType(
        "collection-payments",
        "Collection payments",
        PAYMENT_COLUMNS,
        load_payments,
        required=("plan_ref", "reference", "amount", "paid_on"),
        group_by="reference",
        export_rows=export_payments,
    ),
]
