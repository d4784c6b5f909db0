"""Customers: list and search, create, read, edit, delete, restore, merge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from core.api import API_PREFIX
from core.api.access import IfMatch, RecordId, check_owner, etag, expected_version
from core.api.deps import RequestContext, require
from core.api.idempotency import IdempotencyDep
from core.api.limits import PageLimit
from core.api.responses import responses
from core.customers import service
from core.customers.access import customer_conditions, visible_customer
from core.customers.schemas import CustomerCreate, CustomerOut, CustomerPage, CustomerUpdate, MergeIn
from core.versioning import check_version

router = APIRouter(prefix=f"{API_PREFIX}/customers", tags=["customers"])
Reader = Annotated[RequestContext, require("customers:read")]
Writer = Annotated[RequestContext, require("customers:write")]


@router.get("", responses=responses())
def list_customers(
    ctx: Reader,
    limit: PageLimit,
    q: Annotated[
        str | None, Query(max_length=200, description="Name, pinyin, phone or e-mail.", examples=["chen"])
    ] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Annotated[str | None, Query(max_length=40)] = None,
) -> CustomerPage:
    """Search customers (name prefix in any script or pinyin, phone, e-mail) in stable pages."""
    page = service.search_customers(
        session=ctx.session,
        tenant=ctx.tenant,
        q=q,
        tag=tag,
        limit=limit,
        cursor=cursor,
        where=customer_conditions(ctx.user, ctx.permissions),
    )
    items = [CustomerOut.model_validate(c) for c in page.items]
    return CustomerPage(items=items, next_cursor=page.next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(409))
def create_customer(
    body: CustomerCreate, ctx: Writer, idem: IdempotencyDep, response: Response
) -> CustomerOut:
    """Create a customer; the caller owns it unless ``owner_id`` says otherwise."""
    check_owner(ctx, body.owner_id)

    def create() -> CustomerOut:
        customer = service.create_customer(
            session=ctx.session,
            tenant=ctx.tenant,
            data=body.model_dump(),
            actor_id=ctx.user.id if ctx.user else None,
        )
        response.headers["ETag"] = etag(customer.version)
        return CustomerOut.model_validate(customer)

    return idem.run(ctx, body, create)  # type: ignore[return-value]


@router.get("/{customer_id}", responses=responses(404))
def read_customer(customer_id: RecordId, ctx: Reader, response: Response) -> CustomerOut:
    customer = visible_customer(
        session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id
    )
    response.headers["ETag"] = etag(customer.version)
    return CustomerOut.model_validate(customer)


@router.patch("/{customer_id}", responses=responses(404, 409, 412, 428))
def update_customer(
    customer_id: RecordId, body: CustomerUpdate, ctx: Writer, response: Response, if_match: IfMatch = None
) -> CustomerOut:
    """Change the fields sent; refused with 412 if someone changed the customer since you read it."""
    visible_customer(session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id)
    data = body.model_dump(exclude_unset=True, exclude={"version"})
    check_owner(ctx, data.get("owner_id"))
    customer, _changes = service.update_customer(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=customer_id,
        data=data,
        expected_version=expected_version(if_match, body.version),
    )
    response.headers["ETag"] = etag(customer.version)
    return CustomerOut.model_validate(customer)


@router.delete("/{customer_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses(404, 412, 428))
def delete_customer(
    customer_id: RecordId,
    ctx: Annotated[RequestContext, require("customers:delete")],
    if_match: IfMatch = None,
) -> None:
    """Soft delete: hidden from lists and search, restorable, and kept in the audit log."""
    visible_customer(session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id)
    service.delete_customer(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=customer_id,
        expected_version=expected_version(if_match, None),
    )


@router.post("/{customer_id}/restore", responses=responses(404))
def restore_customer(
    customer_id: RecordId, ctx: Annotated[RequestContext, require("customers:delete")], response: Response
) -> CustomerOut:
    visible_customer(
        session=ctx.session,
        user=ctx.user,
        permissions=ctx.permissions,
        customer_id=customer_id,
        include_deleted=True,
    )
    customer = service.restore_customer(session=ctx.session, tenant=ctx.tenant, customer_id=customer_id)
    response.headers["ETag"] = etag(customer.version)
    return CustomerOut.model_validate(customer)


@router.post("/{customer_id}/merge", responses=responses(404, 409, 412))
def merge_customers(
    customer_id: RecordId,
    body: MergeIn,
    ctx: Annotated[RequestContext, require("customers:merge")],
    response: Response,
    if_match: IfMatch = None,
) -> CustomerOut:
    """Merge a duplicate into this customer: every record moves over, the duplicate is deleted."""
    survivor = visible_customer(
        session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id
    )
    visible_customer(
        session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=body.duplicate_id
    )
    version = expected_version(if_match, body.version, required=False)
    check_version(survivor.version, version)
    customer = service.merge_customers(
        session=ctx.session, tenant=ctx.tenant, survivor_id=customer_id, duplicate_id=body.duplicate_id
    )
    response.headers["ETag"] = etag(customer.version)
    return CustomerOut.model_validate(customer)
