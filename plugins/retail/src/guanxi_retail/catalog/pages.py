"""The products page under ``/retail/products``: the catalog with how many of each were sold.

Read-only: products are created through the API and the import.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlmodel import col

from sdk.web import PageContext

from ..orders.models import RetailOrderLine
from .service import list_categories, list_products

router = APIRouter()


@router.get("/products")
def products_page(page: PageContext, after_id: int | None = None) -> Response:
    products = list_products(session=page.session, after_id=after_id, limit=100)
    product_id = col(RetailOrderLine.product_id)
    sold = dict(
        page.session.execute(
            select(product_id, func.sum(col(RetailOrderLine.quantity)))
            .where(product_id.in_([p.id for p in products]))
            .group_by(product_id)
        ).all()
    )
    categories = {c.id: c.name for c in list_categories(session=page.session)}
    return page.render("retail/products.html", products=products, sold=sold, categories=categories)
