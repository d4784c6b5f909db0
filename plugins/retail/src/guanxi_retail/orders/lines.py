"""Order lines: resolve the products they name and price them, in one query per order or batch.

A line names its product by id or SKU; its unit price defaults to the product's list price, and its
cost is the product's unit cost times the quantity when the cost is known (kept on the line so
later cost changes do not rewrite past margins).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from sdk import InvalidInput, Problem

from ..catalog.models import RetailProduct
from .models import RetailOrderLine

_CENT = Decimal("0.01")
_MAX_QUANTITY = 1_000_000


class LineInput(NamedTuple):
    """One line as a client gives it: a product (by id or SKU), a quantity, maybe a price.

    A named tuple rather than a frozen dataclass, as :class:`PricedLine`: an import builds one per
    line, and a frozen dataclass costs several times a tuple to construct."""

    quantity: int
    product_id: int | None = None
    sku: str | None = None
    unit_price: Decimal | None = None


class PricedLine(NamedTuple):
    """A line checked against the catalog and priced, before the order it goes on exists."""

    product_id: int
    quantity: int
    unit_price: Decimal
    amount: Decimal
    cost: Decimal | None

    def row(self, *, tenant_id: int | None, order_id: int) -> RetailOrderLine:
        """The line as a row of the order it was priced for, once that order has an id."""
        return RetailOrderLine(
            tenant_id=tenant_id,
            order_id=order_id,
            product_id=self.product_id,
            quantity=self.quantity,
            unit_price=self.unit_price,
            amount=self.amount,
            cost=self.cost,
        )


@dataclass(frozen=True, slots=True)
class ProductPrice:
    """What pricing a line needs of a product: read as plain columns, because an import prices
    a hundred thousand lines and an ORM instance's attribute access costs more than the pricing."""

    id: int
    sku: str
    currency: str
    price: Decimal
    cost: Decimal | None
    category_id: int | None


#: The products a set of lines names: by id and by SKU.
Products = tuple[dict[int, ProductPrice], dict[str, ProductPrice]]


def products_for(session: Session, lines: list[LineInput]) -> Products:
    """The products ``lines`` name, by id and by SKU, in one query (for one order or a batch)."""
    ids = {line.product_id for line in lines if line.product_id is not None}
    skus = {line.sku for line in lines if line.sku is not None}
    return products_named(session, ids=ids, skus=skus)


def products_named(session: Session, *, ids: set[int], skus: set[str]) -> Products:
    """Products by id and by SKU, in one query."""
    if not ids and not skus:
        return {}, {}
    found = [
        ProductPrice(*row)
        for row in session.execute(
            sa_select(
                col(RetailProduct.id),
                col(RetailProduct.sku),
                col(RetailProduct.currency),
                col(RetailProduct.price),
                col(RetailProduct.cost),
                col(RetailProduct.category_id),
            ).where(or_(col(RetailProduct.id).in_(ids), col(RetailProduct.sku).in_(skus)))
        )
    ]
    return {p.id: p for p in found}, {p.sku: p for p in found}


def price_lines(*, session: Session, lines: list[LineInput], currency: str) -> list[PricedLine]:
    """Priced lines for ``lines``; every unusable line is reported as ``lines.<n>.<field>``."""
    by_id, by_sku = products_for(session, lines)
    return price_with(by_id, by_sku, lines=lines, currency=currency)


def price_with(
    by_id: dict[int, ProductPrice],
    by_sku: dict[str, ProductPrice],
    *,
    lines: list[LineInput],
    currency: str,
) -> list[PricedLine]:
    """:func:`price_lines` with the products already loaded (an import prices a batch at once)."""
    problems: list[Problem] = []
    priced: list[PricedLine] = []
    for n, line in enumerate(lines):
        where = f"lines.{n}"
        product = by_id.get(line.product_id) if line.product_id is not None else by_sku.get(line.sku or "")
        if product is None:
            ref = line.product_id if line.product_id is not None else line.sku
            problems.append(Problem(f"{where}.product", f"no product '{ref}'"))
            continue
        if product.currency != currency:
            problems.append(Problem(f"{where}.product", f"priced in {product.currency}, order is {currency}"))
        if not 0 < line.quantity <= _MAX_QUANTITY:
            problems.append(Problem(f"{where}.quantity", "must be a whole number from 1 to 1000000"))
            continue
        unit_price = product.price if line.unit_price is None else line.unit_price
        if unit_price < 0 or unit_price != unit_price.quantize(_CENT):
            problems.append(Problem(f"{where}.unit_price", "must be 0 or more with at most 2 decimals"))
            continue
        priced.append(
            PricedLine(
                product_id=product.id,
                quantity=line.quantity,
                unit_price=unit_price,
                amount=(unit_price * line.quantity).quantize(_CENT),
                cost=None if product.cost is None else (product.cost * line.quantity).quantize(_CENT),
            )
        )
    if problems:
        raise InvalidInput(problems)
    return priced


def lines_of(*, session: Session, order_ids: list[int]) -> dict[int, list[RetailOrderLine]]:
    """The lines of several orders in one query, keyed by order id."""
    result: dict[int, list[RetailOrderLine]] = {order_id: [] for order_id in order_ids}
    if not order_ids:
        return result
    rows = session.exec(
        select(RetailOrderLine)
        .where(col(RetailOrderLine.order_id).in_(order_ids))
        .order_by(col(RetailOrderLine.order_id), col(RetailOrderLine.id))
    ).all()
    for line in rows:
        result[line.order_id].append(line)
    return result
