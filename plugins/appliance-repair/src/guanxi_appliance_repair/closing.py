"""What closing a repair sets off: a CSAT survey for the customer and a notice to their owner.

Runs in the status change's unit of work, so a ticket that fails to close asks nothing; the
survey link and the e-mail go out from core's jobs after commit.
"""

from __future__ import annotations

from sqlmodel import Session

from sdk import Notice, Tenant, notify, request_survey

from .models import RepairTicket

PACK = "appliance-repair"


def ticket_closed(*, session: Session, tenant: Tenant, ticket: RepairTicket) -> None:
    """A repair reached ``done``: ask the customer how it went and tell their owner it is done."""
    request_survey(session=session, tenant=tenant, customer_id=ticket.customer_id, source=PACK, kind="csat")
    notify(
        session=session,
        tenant=tenant,
        customer_id=ticket.customer_id,
        notice=Notice(
            key=f"{PACK}.ticket_closed",
            subject=f"ticket:{ticket.id}",
            title="Repair closed",
            text=f"{ticket.appliance} (#{ticket.id})",
            titles={"zh_Hans": "维修已完成", "zh_Hant": "維修已完成"},
        ),
    )
