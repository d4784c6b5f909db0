"""Market reports: file one, list them, and file one from a logged visit or call.

Reports are listed for the whole tenant whoever filed them (see models), except that a report about
a customer follows that customer's record rule; each function is one step of the caller's unit of
work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, select

from sdk import Interaction, InvalidInput, PermissionDenied, Problem, Tenant, get_customer
from sdk.records import RecordTransition, save, visible_record

from .models import REPORT_STATES, TOPICS, PharmaMarketReport
from .territories import territory_exists

#: Key in an interaction's payload that carries a market report to file.
PAYLOAD_KEY = "market_report"


def file_report(
    *,
    session: Session,
    tenant: Tenant,
    topic: str,
    content: str,
    territory_code: str | None = None,
    customer_id: int | None = None,
    reported_by: int | None = None,
    reported_at: datetime | None = None,
    field_prefix: str = "",
) -> PharmaMarketReport:
    """Validate and add a market report; ``field_prefix`` locates the fields in nested input."""
    problems = []
    if topic not in TOPICS:
        problems.append(Problem(f"{field_prefix}topic", f"must be one of {', '.join(TOPICS)}"))
    if not isinstance(content, str) or not content.strip():
        problems.append(Problem(f"{field_prefix}content", "must not be empty"))
    elif len(content) > 4000:
        problems.append(Problem(f"{field_prefix}content", "at most 4000 characters"))
    if reported_at is not None and reported_at.tzinfo is None:
        problems.append(Problem(f"{field_prefix}reported_at", "give a time zone (e.g. +08:00)"))
    if territory_code is not None and not territory_exists(session=session, code=territory_code):
        problems.append(Problem(f"{field_prefix}territory_code", f"no territory '{territory_code}'"))
    if problems:
        raise InvalidInput(problems)
    if customer_id is not None:
        get_customer(session=session, customer_id=customer_id)
    report = PharmaMarketReport(
        tenant_id=tenant.id,
        topic=topic,
        content=content.strip(),
        territory_code=territory_code,
        customer_id=customer_id,
        reported_by=reported_by,
    )
    if reported_at is not None:
        report.reported_at = reported_at
    session.add(report)
    session.flush()
    return report


def get_report(
    *, session: Session, report_id: int, visible: ColumnElement[bool] = true()
) -> PharmaMarketReport:
    """One report the caller may see; a hidden one is as missing as one that never was."""
    return visible_record(session, PharmaMarketReport, report_id, label="market report", visible=visible)


def correct_report(
    *,
    session: Session,
    report: PharmaMarketReport,
    changes: dict[str, Any],
    user_id: int | None,
    reviewer: bool,
) -> PharmaMarketReport:
    """Apply a correction.  The rep who filed a report corrects it until it is confirmed; after
    that (and for anyone else's report) only a reviewer may, so confirmed company data does not
    change under the managers who relied on it."""
    if not reviewer and (
        report.reported_by is None or report.reported_by != user_id or report.status == "confirmed"
    ):
        raise PermissionDenied("only a reviewer may correct this report")
    problems = []
    if "topic" in changes and changes["topic"] not in TOPICS:
        problems.append(Problem("topic", f"must be one of {', '.join(TOPICS)}"))
    if "content" in changes and not (changes["content"] or "").strip():
        problems.append(Problem("content", "must not be empty"))
    code = changes.get("territory_code")
    if code is not None and not territory_exists(session=session, code=code):
        problems.append(Problem("territory_code", f"no territory '{code}'"))
    if problems:
        raise InvalidInput(problems)
    for field, value in changes.items():
        setattr(report, field, value.strip() if field == "content" else value)
    save(session, report)
    return report


def review_report(
    *, session: Session, report: PharmaMarketReport, status: str, user_id: int | None, reviewer: bool
) -> RecordTransition:
    """Confirm or dismiss a report (reviewers), or resubmit a dismissed one (its author too)."""
    resubmit_own = status == "submitted" and report.reported_by is not None and report.reported_by == user_id
    if not reviewer and not resubmit_own:
        raise PermissionDenied("only a reviewer may confirm or dismiss a market report")
    return REPORT_STATES.move(report, status, session=session)


def report_from_interaction(*, session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """File the market report a rep attached to a visit or call (``payload.market_report``).

    Costs nothing for interactions without one; a malformed one refuses the whole interaction, so
    the rep sees what to fix instead of losing the information.
    """
    attached: Any = (interaction.payload or {}).get(PAYLOAD_KEY)
    if attached is None:
        return
    prefix = f"payload.{PAYLOAD_KEY}."
    if not isinstance(attached, dict):
        raise InvalidInput([Problem(f"payload.{PAYLOAD_KEY}", "must be an object with topic and content")])
    file_report(
        session=session,
        tenant=tenant,
        topic=attached.get("topic", ""),
        content=attached.get("content", ""),
        territory_code=attached.get("territory_code"),
        customer_id=interaction.customer_id,
        reported_by=interaction.user_id,
        reported_at=interaction.occurred_at,
        field_prefix=prefix,
    )


def list_reports(
    *,
    session: Session,
    visible: ColumnElement[bool] = true(),
    territory_code: str | None = None,
    topic: str | None = None,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[PharmaMarketReport]:
    """The tenant's market reports, newest first, optionally narrowed.

    ``visible`` keeps the reports the caller may read: in the API, those without a customer plus
    those whose customer ``sdk.visible_to`` lets through.
    """
    statement = select(PharmaMarketReport).where(visible)
    if territory_code is not None:
        statement = statement.where(PharmaMarketReport.territory_code == territory_code)
    if topic is not None:
        statement = statement.where(PharmaMarketReport.topic == topic)
    if customer_id is not None:
        statement = statement.where(PharmaMarketReport.customer_id == customer_id)
    if before_id is not None:
        statement = statement.where(col(PharmaMarketReport.id) < before_id)
    statement = statement.order_by(col(PharmaMarketReport.id).desc()).limit(max(1, min(limit, 500)))
    return list(session.exec(statement).all())
