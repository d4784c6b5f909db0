"""Retail API for the catalog: ``/products``, ``/categories``, ``/stores``.

Reading the catalog needs ``packs:read``; changing it needs ``retail:manage``.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from ..access import CatalogReader, Manager
from .service import (
    ProductInput,
    create_category,
    create_product,
    create_store,
    list_categories,
    list_products,
    list_stores,
)

router = APIRouter(tags=["retail"])
_IN = ConfigDict(extra="forbid", str_strip_whitespace=True)
_OUT = ConfigDict(from_attributes=True)
Money = Decimal


class CategoryCreate(BaseModel):
    model_config = _IN
    code: str = PydanticField(min_length=1, max_length=32)
    name: str = PydanticField(min_length=1, max_length=100)
    parent: str | None = PydanticField(default=None, max_length=32, description="parent category code")


class CategoryPublic(BaseModel):
    model_config = _OUT
    id: int
    code: str
    name: str
    parent_id: int | None


class ProductCreate(BaseModel):
    model_config = _IN
    sku: str = PydanticField(min_length=1, max_length=64)
    name: str = PydanticField(min_length=1, max_length=200)
    price: Money = PydanticField(ge=0, max_digits=14, decimal_places=2)
    cost: Money | None = PydanticField(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3)
    category: str | None = PydanticField(default=None, max_length=32, description="category code")


class ProductPublic(BaseModel):
    model_config = _OUT
    id: int
    sku: str
    name: str
    category_id: int | None
    price: Money
    cost: Money | None
    currency: str


class StoreCreate(BaseModel):
    model_config = _IN
    code: str = PydanticField(min_length=1, max_length=32)
    name: str = PydanticField(min_length=1, max_length=100)
    channel: str = PydanticField(default="store", max_length=32)
    city: str | None = PydanticField(default=None, max_length=100)


class StorePublic(BaseModel):
    model_config = _OUT
    id: int
    code: str
    name: str
    channel: str
    city: str | None


@router.get("/categories", response_model=list[CategoryPublic])
def get_categories(ctx: CatalogReader) -> list[CategoryPublic]:
    return [CategoryPublic.model_validate(c) for c in list_categories(session=ctx.session)]


@router.post("/categories", response_model=CategoryPublic, status_code=201)
def post_category(ctx: Manager, body: CategoryCreate) -> CategoryPublic:
    category = create_category(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return CategoryPublic.model_validate(category)


@router.get("/products", response_model=list[ProductPublic])
def get_products(
    ctx: CatalogReader,
    category_id: int | None = None,
    after_id: int | None = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> list[ProductPublic]:
    """Products by id; page with ``after_id`` = the last id of the previous page."""
    products = list_products(session=ctx.session, category_id=category_id, after_id=after_id, limit=limit)
    return [ProductPublic.model_validate(p) for p in products]


@router.post("/products", response_model=ProductPublic, status_code=201)
def post_product(ctx: Manager, body: ProductCreate) -> ProductPublic:
    product = create_product(session=ctx.session, tenant=ctx.tenant, data=ProductInput(**body.model_dump()))
    return ProductPublic.model_validate(product)


@router.get("/stores", response_model=list[StorePublic])
def get_stores(ctx: CatalogReader) -> list[StorePublic]:
    return [StorePublic.model_validate(s) for s in list_stores(session=ctx.session)]


@router.post("/stores", response_model=StorePublic, status_code=201)
def post_store(ctx: Manager, body: StoreCreate) -> StorePublic:
    store = create_store(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return StorePublic.model_validate(store)
