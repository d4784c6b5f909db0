"""A pack event asks for a customer survey ("repair closed" → CSAT), through core's send_survey.

Sending the link to the customer is the survey job's work; this only creates the survey.  A
customer who still has an open survey of that kind from the same source is not asked again, so
three tickets closed in one afternoon make one question, not three.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from core.models import Tenant
from core.surveys.models import Survey
from core.surveys.service import SentSurvey, send_survey
from core.types import utcnow


def request_survey(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    source: str,
    kind: str = "csat",
    interaction_id: int | None = None,
) -> SentSurvey | None:
    """Create a ``kind`` survey for the customer, tagged with ``source`` (the pack); ``None`` when
    one of that kind and source is still waiting for an answer."""
    waiting = session.execute(
        select(col(Survey.id)).where(
            col(Survey.customer_id) == customer_id,
            col(Survey.kind) == kind,
            col(Survey.source) == source,
            col(Survey.answered_at).is_(None),
            col(Survey.expires_at) > utcnow(),
        )
    ).first()
    if waiting is not None:
        return None
    return send_survey(
        session=session,
        tenant=tenant,
        customer_id=customer_id,
        kind=kind,
        interaction_id=interaction_id,
        source=source,
    )
