"""The shop's catalog: categories, products and stores, created one by one or upserted in bulk.

Natural keys (category and store ``code``, product ``sku``) are unique per tenant, so an import or
a retried request updates what exists instead of duplicating it.  The upsert reads the existing
rows of a whole batch in one query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from sdk import Conflict, InvalidInput, Problem, Tenant

from .models import CHANNELS, RetailCategory, RetailProduct, RetailStore

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CENT = Decimal("0.01")


def _money(field: str, value: Decimal | None, problems: list[Problem], *, required: bool) -> None:
    if value is None:
        if required:
            problems.append(Problem(field, "is required"))
        return
    if not value.is_finite() or value < 0 or value >= Decimal("1e12") or value != value.quantize(_CENT):
        problems.append(Problem(field, "must be 0 or more with at most 2 decimals"))


def _category_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    found = session.exec(select(RetailCategory.id).where(RetailCategory.code == code)).first()
    if found is None:
        raise InvalidInput([Problem("category", f"no category '{code}'")])
    return found


def create_category(
    *, session: Session, tenant: Tenant, code: str, name: str, parent: str | None = None
) -> RetailCategory:
    """Add a category under ``parent`` (a category code), or at the top."""
    if session.exec(select(RetailCategory.id).where(RetailCategory.code == code)).first():
        raise Conflict(f"category code '{code}' is already used")
    parent_id = _category_id(session, parent) if parent else None
    category = RetailCategory(tenant_id=tenant.id, code=code, name=name, parent_id=parent_id)
    session.add(category)
    session.flush()
    return category


@dataclass(frozen=True)
class ProductInput:
    """A product as a client or an import row gives it; ``category`` is a category code."""

    sku: str
    name: str
    price: Decimal
    cost: Decimal | None = None
    currency: str | None = None
    category: str | None = None


def check_product(data: ProductInput, tenant: Tenant, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    _money(f"{prefix}price", data.price, problems, required=True)
    _money(f"{prefix}cost", data.cost, problems, required=False)
    if not _CURRENCY.match((data.currency or tenant.currency).upper()):
        problems.append(Problem(f"{prefix}currency", "must be an ISO 4217 code such as CNY"))
    return problems


def upsert_products(*, session: Session, tenant: Tenant, products: list[ProductInput]) -> list[RetailProduct]:
    """Create the products whose SKU is new and update the others, in two queries per batch."""
    problems = [p for data in products for p in check_product(data, tenant)]
    if problems:
        raise InvalidInput(problems)
    codes = {p.category for p in products if p.category}
    known = select(RetailCategory.code, RetailCategory.id).where(col(RetailCategory.code).in_(codes))
    categories = dict(session.exec(known).all()) if codes else {}
    missing = sorted(codes - set(categories))
    if missing:
        raise InvalidInput([Problem("category", f"no category '{code}'") for code in missing])
    existing = {
        p.sku: p
        for p in session.exec(
            select(RetailProduct).where(col(RetailProduct.sku).in_({p.sku for p in products}))
        ).all()
    }
    saved = []
    for data in products:
        currency = (data.currency or tenant.currency).upper()
        category_id = categories.get(data.category) if data.category else None
        product = existing.get(data.sku)
        if product is None:
            product = RetailProduct(
                tenant_id=tenant.id, sku=data.sku, name=data.name, price=data.price, currency=currency
            )
        product.name, product.price, product.cost = data.name, data.price, data.cost
        product.currency, product.category_id = currency, category_id
        session.add(product)
        existing[data.sku] = product
        saved.append(product)
    session.flush()
    return saved


def create_product(*, session: Session, tenant: Tenant, data: ProductInput) -> RetailProduct:
    """Add one product; its SKU must be new."""
    if session.exec(select(RetailProduct.id).where(RetailProduct.sku == data.sku)).first():
        raise Conflict(f"sku '{data.sku}' is already used")
    [product] = upsert_products(session=session, tenant=tenant, products=[data])
    return product


def create_store(
    *,
    session: Session,
    tenant: Tenant,
    code: str,
    name: str,
    channel: str = "store",
    city: str | None = None,
) -> RetailStore:
    """Add a store or channel outlet; ``channel`` is one of the order channels."""
    if channel not in CHANNELS:
        raise InvalidInput([Problem("channel", f"must be one of {', '.join(CHANNELS)}")])
    if session.exec(select(RetailStore.id).where(RetailStore.code == code)).first():
        raise Conflict(f"store code '{code}' is already used")
    store = RetailStore(tenant_id=tenant.id, code=code, name=name, channel=channel, city=city)
    session.add(store)
    session.flush()
    return store


def list_products(
    *, session: Session, category_id: int | None = None, after_id: int | None = None, limit: int = 100
) -> list[RetailProduct]:
    statement = select(RetailProduct)
    if category_id is not None:
        statement = statement.where(RetailProduct.category_id == category_id)
    if after_id is not None:
        statement = statement.where(col(RetailProduct.id) > after_id)
    return list(session.exec(statement.order_by(col(RetailProduct.id)).limit(max(1, min(limit, 500)))).all())


def list_categories(*, session: Session) -> list[RetailCategory]:
    return list(session.exec(select(RetailCategory).order_by(RetailCategory.code)).all())


def list_stores(*, session: Session) -> list[RetailStore]:
    return list(session.exec(select(RetailStore).order_by(RetailStore.code)).all())
