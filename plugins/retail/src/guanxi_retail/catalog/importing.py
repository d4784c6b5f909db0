"""The ``retail-products`` import type for core's import: products upsert on their SKU.

Importing the same file twice updates the products it names and creates nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from sqlmodel import Session

from sdk import GuanxiError, ImportRow, ImportType, Problem, Tenant

from .service import ProductInput, check_product, upsert_products

PRODUCT_COLUMNS = {
    "sku": ("sku", "SKU", "货号", "貨號", "商品编码", "商品編碼"),
    "name": ("name", "product", "商品名称", "商品名稱", "品名"),
    "price": ("price", "售价", "售價", "价格", "價格"),
    "cost": ("cost", "成本"),
    "currency": ("currency", "币种", "幣種"),
    "category": ("category", "分类", "分類", "类别", "類別"),
}


def parse_decimal(values: Mapping[str, str], field: str) -> Decimal | None:
    """Money as shops type it (``1,288.00``, ``¥388``); ``ValueError(field)`` when it is no number."""
    raw = values.get(field)
    if raw is None:
        return None
    try:
        return Decimal(raw.replace(",", "").replace("¥", "").replace("￥", "").strip())
    except InvalidOperation as exc:
        raise ValueError(field) from exc


def load_products(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> dict[int, Problem]:
    problems: dict[int, Problem] = {}
    good: dict[str, ProductInput] = {}
    for row in rows:
        v = dict(row.values)
        try:
            price, cost = parse_decimal(v, "price"), parse_decimal(v, "cost")
        except ValueError as exc:
            problems[row.line] = Problem(str(exc), "is not a number")
            continue
        if price is None:  # core refuses rows without one; a direct caller may not
            problems[row.line] = Problem("price", "is required")
            continue
        data = ProductInput(
            sku=v["sku"],
            name=v["name"],
            price=price,
            cost=cost,
            currency=v.get("currency"),
            category=v.get("category"),
        )
        found = check_product(data, tenant)
        if found:
            problems[row.line] = found[0]
        else:
            good[data.sku] = data
    try:
        upsert_products(session=session, tenant=tenant, products=list(good.values()))
    except GuanxiError as exc:
        for row in rows:
            problems.setdefault(row.line, Problem("category", str(exc)))
    return problems


def import_type() -> ImportType:
    return ImportType(
        "retail-products",
        "Retail products",
        PRODUCT_COLUMNS,
        load_products,
        required=("sku", "name", "price"),
    )
