"""Pack records that change: versions with ETag / If-Match, state machines, newest-first pages.

    VISIT_STATES = StateMachine(states=("planned", "done", "cancelled"),
                                transitions={"planned": {"done", "cancelled"}})

    class Visit(TenantOwned, Versioned, table=True):
        status: str = Field(default=VISIT_STATES.initial, max_length=20)

    def get_visit(ctx, visit_id):               # hidden from the caller: the same 404 as missing
        return visible_record(ctx.session, Visit, visit_id, label="visit",
                              visible=visible_to(ctx, Visit.customer_id))

    @router.patch("/visits/{visit_id}")
    def patch_visit(visit_id: int, body: VisitUpdate, ctx: Writer, response: Response,
                    if_match: IfMatch = None) -> VisitPublic:
        visit = get_visit(...)
        check_if_match(if_match, visit)        # 428 when missing, 412 when stale
        ...
        save(ctx.session, visit)               # a race lost since the check is a 412 too
        response.headers["ETag"] = etag(visit)

Answers are core's, byte for byte: the 412 body carries ``current_version`` and the current
``ETag``; an illegal move is a 409 whose body names ``current`` and the ``allowed`` next states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import IllegalTransition, PreconditionRequired, StaleVersion
from core.recordkit.lookup import visible_record
from core.recordkit.models import RecordTransition, TransitionOut
from core.recordkit.paging import Page, newest_first
from core.recordkit.states import StateMachine, history
from core.recordkit.versioned import Versioned, check_if_match, etag, save

if TYPE_CHECKING:
    from core.api.access import IfMatch


def __getattr__(name: str) -> object:
    """``IfMatch`` (a FastAPI header parameter) on first use: a pack's models import this module,
    and listing packs or running a command must not load the web framework for them."""
    if name == "IfMatch":
        from core.api.access import IfMatch

        return IfMatch
    raise AttributeError(f"module 'sdk.records' has no attribute {name!r}")


__all__ = [
    "IfMatch",
    "IllegalTransition",
    "Page",
    "PreconditionRequired",
    "RecordTransition",
    "StaleVersion",
    "StateMachine",
    "TransitionOut",
    "Versioned",
    "check_if_match",
    "etag",
    "history",
    "newest_first",
    "save",
    "visible_record",
]
