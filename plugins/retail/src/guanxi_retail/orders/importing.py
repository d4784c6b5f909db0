"""The ``retail-orders`` import type for core's import: one row per order line.

Order rows carry the shop's order number; rows with the same number make one order with several
lines, and an order number already stored is skipped, so importing a file
twice creates nothing new.  Customers are named by their external id, as in core's interaction
import.  Every imported order is recorded like an order from the till: it appears on the
customer's timeline and earns its points.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from sqlmodel import Session, col, select

from sdk import Customer, GuanxiError, ImportRow, ImportType, InvalidInput, Problem, Tenant

from ..catalog.importing import parse_decimal
from .lines import LineInput
from .models import RetailOrder
from .service import create_order

ORDER_COLUMNS = {
    "order_ref": ("order_ref", "order no", "订单号", "訂單號", "单号", "單號"),
    "customer": ("customer", "customer id", "客户编号", "客戶編號"),
    "ordered_at": ("ordered_at", "date", "下单时间", "下單時間", "日期"),
    "store": ("store", "门店", "門店"),
    "channel": ("channel", "渠道"),
    "sku": ("sku", "SKU", "货号", "貨號", "商品编码", "商品編碼"),
    "quantity": ("quantity", "qty", "数量", "數量"),
    "unit_price": ("unit_price", "单价", "單價"),
}


def _customer_ids(session: Session, refs: set[str]) -> dict[str, int]:
    rows = session.exec(
        select(Customer.external_id, Customer.id).where(
            col(Customer.external_id).in_(refs), col(Customer.deleted_at).is_(None)
        )
    ).all()
    return {ref: customer_id for ref, customer_id in rows if ref is not None and customer_id is not None}


def load_orders(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> dict[int, Problem]:
    """Group the batch's rows by order number and record each new order with its lines."""
    problems: dict[int, Problem] = {}
    orders: dict[str, list[ImportRow]] = defaultdict(list)
    for row in rows:
        orders[row.values["order_ref"]].append(row)
    stored = select(RetailOrder.external_ref).where(col(RetailOrder.external_ref).in_(orders))
    known = set(session.exec(stored).all())
    customers = _customer_ids(session, {r.values["customer"] for r in rows})
    for ref, order_rows in orders.items():
        if ref in known:
            continue
        head = order_rows[0].values
        try:
            _record(session, tenant, ref, head, order_rows, customers)
        except (GuanxiError, ValueError) as exc:
            found = exc.problems if isinstance(exc, InvalidInput) else []
            problem = found[0] if found else Problem("order_ref", str(exc))
            for row in order_rows:
                problems[row.line] = problem
    return problems


def _record(
    session: Session,
    tenant: Tenant,
    ref: str,
    head: Mapping[str, str],
    rows: list[ImportRow],
    customers: dict[str, int],
) -> None:
    customer_id = customers.get(head["customer"])
    if customer_id is None:
        raise ValueError(f"no customer with external id '{head['customer']}'")
    try:
        ordered_at = datetime.fromisoformat(head["ordered_at"]) if head.get("ordered_at") else None
    except ValueError as exc:
        raise ValueError("ordered_at is not a date and time") from exc
    if ordered_at is not None and ordered_at.tzinfo is None:
        from zoneinfo import ZoneInfo

        ordered_at = ordered_at.replace(tzinfo=ZoneInfo(tenant.timezone))
    lines = [
        LineInput(
            sku=r.values["sku"],
            quantity=int(r.values.get("quantity", "1")),
            unit_price=parse_decimal(dict(r.values), "unit_price"),
        )
        for r in rows
    ]
    with session.begin_nested():
        create_order(
            session=session,
            tenant=tenant,
            customer_id=customer_id,
            lines=lines,
            ordered_at=ordered_at,
            channel=head.get("channel"),
            store=head.get("store"),
            external_ref=ref,
        )


def import_type() -> ImportType:
    return ImportType(
        "retail-orders",
        "Retail orders and lines",
        ORDER_COLUMNS,
        load_orders,
        required=("order_ref", "customer", "sku"),
    )
