"""Record rules for packs: which customers the caller may see, and so read and write.

Tenant isolation is automatic (the session only ever sees the caller's tenant); the rules *inside*
a tenant are not: a rep (a role without ``customers:all``) sees only the customers they own or
share with their team.  Every list, read, write, page and widget of a pack that touches
customer-linked rows asks one of these two, with the API's ``ctx`` or a page's ``page`` as the
caller (anything with ``.session``, ``.user`` and ``.permissions``):

    from sdk import require_visible_customer, visible_to

    @router.get("/stays")
    def get_stays(ctx: Context) -> list[StayPublic]:
        rows = ctx.session.exec(select(HotelStay).where(visible_to(ctx, HotelStay.customer_id)))
        return [StayPublic.model_validate(s) for s in rows]

    @router.post("/stays", status_code=201)
    def post_stay(ctx: Annotated[RequestContext, require("hotel:book")], body: StayCreate):
        require_visible_customer(ctx, body.customer_id)   # 404, exactly like a missing customer
        ...

``visible_to(caller, column)`` is a SQL condition (``true()`` for callers who see everyone);
``require_visible_customer(caller, customer_id)`` returns the customer or raises ``NotFound``.
Aggregates that show per-customer data (dashboard figures, summaries) filter with
``visible_to`` too, so a rep's counts cover only their customers.
"""

from __future__ import annotations

from core.customers.access import Caller, require_visible_customer, visible_to

__all__ = ["Caller", "require_visible_customer", "visible_to"]
