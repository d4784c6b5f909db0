"""The ``retail-orders`` import type for core's import: one row per order line, set-based.

Order rows carry the shop's order number; adjacent rows with the same number make one order with
several lines (core never cuts a batch between them), and an order number already stored is
skipped, so importing a file twice creates nothing new.  An export names orders that have no shop
number as ``guanxi:<id>``, which an import recognises as that stored order.  Customers are named by
external id, phone or name.  Every imported order is recorded like an order from the till: it
appears on the customer's timeline and earns its points.

A batch costs a fixed number of statements whatever its size: stored numbers, customers and
products are read once each; timeline entries, orders, lines and loyalty entries are inserted with
one ``executemany`` each (:mod:`sdk.importing`, :mod:`..loyalty.batch`).  An order with a bad row
is refused whole, with the reason on each of its rows; the batch's other orders are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session

from sdk import ImportRow, ImportType, InvalidInput, Problem, Tenant, utcnow
from sdk.importing import (
    CustomerRefs,
    LoadResult,
    existing_keys,
    insert_rows,
    log_interactions,
    resolve_customers,
)

from ..catalog.importing import parse_decimal
from ..loyalty.batch import NewOrder, award_batch_points
from .lines import LineInput, PricedLine, Products, price_with, products_named
from .models import RetailOrder, RetailOrderLine
from .service import PACK, order_problems

ORDER_COLUMNS = {
    "order_ref": ("order_ref", "order no", "订单号", "訂單號", "单号", "單號"),
    "customer": ("customer", "customer id", "客户编号", "客戶編號"),
    "ordered_at": ("ordered_at", "date", "下单时间", "下單時間", "日期"),
    "store": ("store", "门店", "門店"),
    "channel": ("channel", "渠道"),
    "sku": ("sku", "SKU", "货号", "貨號", "商品编码", "商品編碼"),
    "quantity": ("quantity", "qty", "数量", "數量"),
    "unit_price": ("unit_price", "单价", "單價"),
    "total": ("total", "金额", "金額", "总额", "總額"),
}
#: How an export names an order the shop gave no number (``guanxi:42``).
OWN_REF = "guanxi:"
_REF_MAX, _STORE_MAX = 64, 100
_LINE_FIELDS = {"product": "sku", "quantity": "quantity", "unit_price": "unit_price"}


class _Draft(NamedTuple):
    """An order of the batch, checked and priced, ready to insert."""

    ref: str
    rows: list[ImportRow]
    customer_id: int
    ordered_at: datetime
    total: Decimal
    channel: str | None
    store: str | None
    lines: list[PricedLine]


def _own_ids(refs: set[str]) -> dict[str, int]:
    own = {}
    for ref in refs:
        number = ref[len(OWN_REF) :]
        if ref.startswith(OWN_REF) and number.isdigit() and len(number) < 19:
            own[ref] = int(number)
    return own


def _stored(session: Session, tenant: Tenant, refs: set[str]) -> set[str]:
    """The numbers already stored: shop numbers, and ``guanxi:<id>`` of stored orders."""
    known = existing_keys(session=session, tenant=tenant, column=RetailOrder.external_ref, values=refs)
    own = _own_ids(refs - known)
    found = existing_keys(session=session, tenant=tenant, column=RetailOrder.id, values=own.values())
    return known | {r for r, i in own.items() if i in found}


def _ordered_at(head: Mapping[str, str], zone: ZoneInfo) -> datetime:
    if not head.get("ordered_at"):
        return utcnow()
    try:
        moment = datetime.fromisoformat(head["ordered_at"])
    except ValueError:
        raise InvalidInput([Problem("ordered_at", "is not a date and time")]) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _line_inputs(rows: list[ImportRow]) -> list[LineInput]:
    if not any("sku" in r.values for r in rows):
        return []
    lines = []
    for row in rows:
        if "sku" not in row.values:
            raise InvalidInput([Problem("sku", "is required on every line of an order with lines")])
        try:
            quantity = int(row.values.get("quantity", "1"))
        except ValueError:
            raise InvalidInput([Problem("quantity", "is not a whole number")]) from None
        try:
            unit_price = parse_decimal(row.values, "unit_price")
        except ValueError:
            raise InvalidInput([Problem("unit_price", "is not a number")]) from None
        lines.append(LineInput(sku=row.values["sku"], quantity=quantity, unit_price=unit_price))
    return lines


@dataclass(frozen=True)
class _Batch:
    """What every order of a batch is checked against, read once per batch."""

    currency: str
    zone: ZoneInfo
    customers: CustomerRefs
    products: Products


def _draft(ref: str, rows: list[ImportRow], batch: _Batch) -> _Draft:
    """The order of ``rows`` checked as ``create_order`` checks it; :class:`InvalidInput` if not."""
    head = rows[0].values
    if len(ref) > _REF_MAX:
        raise InvalidInput([Problem("order_ref", f"is longer than {_REF_MAX} characters")])
    if ref.startswith(OWN_REF):
        raise InvalidInput([Problem("order_ref", f"'{ref}' names no order of this shop")])
    if len(head.get("store", "")) > _STORE_MAX:
        raise InvalidInput([Problem("store", f"is longer than {_STORE_MAX} characters")])
    customer_id = batch.customers.ids.get(head["customer"])
    if customer_id is None:
        raise InvalidInput([batch.customers.problem(head["customer"], "customer")])
    ordered_at = _ordered_at(head, batch.zone)
    currency = batch.currency
    try:
        given = parse_decimal(head, "total")
    except ValueError:
        raise InvalidInput([Problem("total", "is not a number")]) from None
    inputs = _line_inputs(rows)
    try:
        priced = price_with(*batch.products, lines=inputs, currency=currency) if inputs else []
    except InvalidInput as exc:
        first = exc.problems[0]
        raise InvalidInput(
            [Problem(_LINE_FIELDS.get(first.field.split(".")[-1], "sku"), first.reason)]
        ) from None
    total = sum((line.amount for line in priced), Decimal("0")) if priced else given
    if total is None:
        raise InvalidInput([Problem("total", "give the order total or its lines")])
    if priced and given is not None and given != total:
        raise InvalidInput([Problem("total", f"is {given} but the lines add up to {total}")])
    channel = head.get("channel")
    problems = order_problems(total=total, currency=currency, ordered_at=ordered_at, channel=channel)
    if problems:
        raise InvalidInput(problems)
    return _Draft(ref, rows, customer_id, ordered_at, total, channel, head.get("store"), priced)


def _write(session: Session, tenant: Tenant, drafts: list[_Draft], category_of: dict[int, Any]) -> None:
    """Timeline entries, orders, lines and points of ``drafts``: one ``executemany`` each."""
    currency = tenant.currency.upper()
    interaction_ids = log_interactions(
        session=session,
        tenant=tenant,
        source=PACK,
        entries=[
            {
                "customer_id": d.customer_id,
                "kind": "purchase",
                "channel": d.channel,
                "summary": f"{d.store} 购买" if d.store else "购买",
                "amount": d.total,
                "currency": currency,
                "occurred_at": d.ordered_at,
                "payload": {k: v for k, v in (("store", d.store), ("external_ref", d.ref)) if v},
            }
            for d in drafts
        ],
    )
    now = utcnow()
    order_ids = insert_rows(
        session=session,
        tenant=tenant,
        model=RetailOrder,
        ids=True,
        rows=[
            {
                "customer_id": d.customer_id,
                "ordered_at": d.ordered_at,
                "total": d.total,
                "currency": currency,
                "channel": d.channel,
                "store": d.store,
                "source_interaction_id": interaction_id,
                "external_ref": d.ref,
                "created_at": now,
            }
            for d, interaction_id in zip(drafts, interaction_ids, strict=True)
        ],
    )
    insert_rows(
        session=session,
        tenant=tenant,
        model=RetailOrderLine,
        rows=[
            {
                "order_id": order_id,
                "product_id": line.product_id,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "amount": line.amount,
                "cost": line.cost,
            }
            for d, order_id in zip(drafts, order_ids, strict=True)
            for line in d.lines
        ],
    )
    award_batch_points(
        session=session,
        tenant=tenant,
        orders=[
            NewOrder(
                order_id,
                d.customer_id,
                d.ordered_at,
                d.total,
                [(category_of.get(line.product_id), line.amount) for line in d.lines],
            )
            for d, order_id in zip(drafts, order_ids, strict=True)
        ],
    )


def load_orders(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> LoadResult:
    """Record the batch's new orders with their lines, timeline entries and points."""
    result = LoadResult()
    orders: dict[str, list[ImportRow]] = {}
    for row in rows:
        orders.setdefault(row.values["order_ref"], []).append(row)
    known = _stored(session, tenant, set(orders))
    result.unchanged = sum(len(orders[ref]) for ref in known)
    new = {ref: order_rows for ref, order_rows in orders.items() if ref not in known}
    customers = resolve_customers(
        session=session, tenant=tenant, refs={r[0].values["customer"] for r in new.values()}
    )
    skus = {r.values["sku"] for rs in new.values() for r in rs if "sku" in r.values}
    products = products_named(session, ids=set(), skus=skus)
    batch = _Batch(tenant.currency.upper(), ZoneInfo(tenant.timezone), customers, products)
    drafts: list[_Draft] = []
    for ref, order_rows in new.items():
        try:
            drafts.append(_draft(ref, order_rows, batch))
        except InvalidInput as exc:
            for row in order_rows:
                result.problems[row.line] = exc.problems[0]
    if drafts:
        category_of = {p.id: p.category_id for p in products[0].values()}
        _write(session, tenant, drafts, category_of)
    result.created = sum(len(d.rows) for d in drafts)
    return result


def import_type() -> ImportType:
    from .exporting import export_orders

    return ImportType(
        "retail-orders",
        "Retail orders and lines",
        ORDER_COLUMNS,
        load_orders,
        required=("order_ref", "customer"),
        group_by="order_ref",
        export_rows=export_orders,
    )
