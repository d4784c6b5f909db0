"""Repair tickets: open one, list the queue, and open one from a service call.

Each function is one step of the caller's unit of work (it flushes, never commits).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, select

from sdk import Interaction, InvalidInput, Problem, Tenant, User, get_customer, utcnow
from sdk.records import visible_record

from .models import FINAL_STATUSES, STATUSES, RepairTicket
from .warranty import add_months, warranty_months

PACK = "appliance-repair"
#: Key in a service interaction's payload that asks for a repair ticket.
PAYLOAD_KEY = "repair"


def open_ticket(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    appliance: str,
    symptom: str,
    serial: str | None = None,
    purchased_on: date | None = None,
    warranty_until: date | None = None,
    technician_id: int | None = None,
    opened_at: datetime | None = None,
    field_prefix: str = "",
) -> RepairTicket:
    """Open a ticket; warranty defaults to the purchase date plus the tenant's warranty months,
    and a ticket with a technician starts as ``assigned``."""
    problems = []
    for name, value, limit in (("appliance", appliance, 100), ("symptom", symptom, 2000)):
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"{field_prefix}{name}", "must not be empty"))
        elif len(value) > limit:
            problems.append(Problem(f"{field_prefix}{name}", f"at most {limit} characters"))
    # a day of slack: "today" in the shop's time zone may already be tomorrow in UTC
    if purchased_on is not None and purchased_on > (utcnow() + timedelta(days=1)).date():
        problems.append(Problem(f"{field_prefix}purchased_on", "cannot be in the future"))
    if warranty_until is not None and purchased_on is not None and warranty_until < purchased_on:
        problems.append(Problem(f"{field_prefix}warranty_until", "cannot end before the purchase"))
    if (
        technician_id is not None
        and session.exec(select(User.id).where(User.id == technician_id, User.active)).first() is None
    ):
        problems.append(Problem(f"{field_prefix}technician_id", f"no active user {technician_id} here"))
    if opened_at is not None and opened_at.tzinfo is None:
        problems.append(Problem(f"{field_prefix}opened_at", "give a time zone"))
    if problems:
        raise InvalidInput(problems)
    get_customer(session=session, customer_id=customer_id)
    if warranty_until is None and purchased_on is not None:
        warranty_until = add_months(purchased_on, warranty_months(session=session, tenant=tenant))
    ticket = RepairTicket(
        tenant_id=tenant.id,
        customer_id=customer_id,
        appliance=appliance.strip(),
        symptom=symptom.strip(),
        serial=serial.strip() if serial else None,
        purchased_on=purchased_on,
        warranty_until=warranty_until,
        technician_id=technician_id,
        status="assigned" if technician_id is not None else "open",
    )
    if opened_at is not None:
        ticket.opened_at = opened_at
    session.add(ticket)
    session.flush()
    return ticket


def _date(value: Any, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput([Problem(field, f"'{value}' is not a date like 2025-06-18")]) from None


def ticket_from_interaction(*, session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """Open the ticket a service call asks for (``payload.repair``); nothing for other calls."""
    if interaction.kind != "service" or interaction.source == PACK:
        return
    wanted: Any = (interaction.payload or {}).get(PAYLOAD_KEY)
    if wanted is None:
        return
    prefix = f"payload.{PAYLOAD_KEY}."
    if not isinstance(wanted, dict):
        problem = Problem(f"payload.{PAYLOAD_KEY}", "must be an object with appliance and symptom")
        raise InvalidInput([problem])
    open_ticket(
        session=session,
        tenant=tenant,
        customer_id=interaction.customer_id,
        appliance=wanted.get("appliance", ""),
        symptom=wanted.get("symptom") or interaction.summary,
        serial=wanted.get("serial"),
        purchased_on=_date(wanted.get("purchased_on"), f"{prefix}purchased_on"),
        opened_at=interaction.occurred_at,
        field_prefix=prefix,
    )


def list_tickets(
    *,
    session: Session,
    visible: ColumnElement[bool] = true(),
    status: str | None = None,
    customer_id: int | None = None,
    technician_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = 50,
) -> list[RepairTicket]:
    """Tickets newest first, optionally narrowed to a status, customer, technician or the open queue.

    ``visible`` is the caller's record rule (``sdk.visible_to(ctx, RepairTicket.customer_id)``).
    """
    statement = select(RepairTicket).where(visible)
    if status is not None:
        statement = statement.where(RepairTicket.status == status)
    if customer_id is not None:
        statement = statement.where(RepairTicket.customer_id == customer_id)
    if technician_id is not None:
        statement = statement.where(RepairTicket.technician_id == technician_id)
    if open_only:
        statement = statement.where(col(RepairTicket.status).not_in(sorted(FINAL_STATUSES)))
    if before_id is not None:
        statement = statement.where(col(RepairTicket.id) < before_id)
    statement = statement.order_by(col(RepairTicket.id).desc()).limit(max(1, min(limit, 500)))
    return list(session.exec(statement).all())


def get_ticket(*, session: Session, ticket_id: int, visible: ColumnElement[bool] = true()) -> RepairTicket:
    """The ticket, or :class:`NotFound` when it is missing or its customer is hidden from the caller."""
    return visible_record(session, RepairTicket, ticket_id, label="ticket", visible=visible)


def change_status(*, session: Session, tenant: Tenant, ticket: RepairTicket, status: str) -> RepairTicket:
    """Move a ticket to ``status``; reaching a final status stamps ``closed_at``, leaving it clears it.

    Reaching ``done`` from an open status is the repair closing: the customer gets a CSAT survey
    and their owner a notice (:mod:`.closing`), in this same unit of work.
    """
    if status not in STATUSES:
        raise InvalidInput([Problem("status", f"must be one of {', '.join(STATUSES)}")])
    closing = status == "done" and ticket.status not in FINAL_STATUSES
    ticket.status = status
    ticket.closed_at = (ticket.closed_at or utcnow()) if status in FINAL_STATUSES else None
    session.add(ticket)
    session.flush()
    if closing:
        from .closing import ticket_closed

        ticket_closed(session=session, tenant=tenant, ticket=ticket)
    return ticket
