"""Send a satisfaction survey after an interaction; take its answer once through a token link.

:func:`send_survey` creates one survey and returns its link for the caller to show; surveys to be
e-mailed are asked for with :func:`core.surveys.sending.queue_survey_emails` and sent by a job.  The customer
answers without logging in: the link's token names the tenant and a secret whose SHA-256 is
stored.  The answer is stored with a conditional UPDATE (``... WHERE answered_at IS NULL``), so
two submissions racing each other cannot both count; answering logs a ``survey`` interaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from core.customers.service import get_customer
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.interactions.service import log_interaction
from core.models import InteractionKind, Tenant
from core.packs.registry import PackRegistry
from core.surveys.models import Survey
from core.tenancy import tenant_session
from core.text import clean_text
from core.types import utcnow

SCALES = {"csat": (1, 5), "nps": (0, 10)}
DEFAULT_TTL = timedelta(days=14)


class SurveyClosed(Conflict):
    """The survey was already answered (``reason`` "answered") or its link expired ("expired")."""

    def __init__(self, reason: str):
        self.reason = reason
        answered = reason == "answered"
        super().__init__("this survey was already answered" if answered else "this survey link expired")


@dataclass(frozen=True)
class SentSurvey:
    survey: Survey
    token: str

    @property
    def path(self) -> str:
        """Where the customer answers (relative to the site's base URL)."""
        return f"/survey/{self.token}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def send_survey(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    kind: str,
    interaction_id: int | None = None,
    source: str = "core",
    ttl: timedelta = DEFAULT_TTL,
) -> SentSurvey:
    """Create a survey and its link; the token is returned once and never stored in clear."""
    if kind not in SCALES:
        raise InvalidInput([Problem("kind", f"'{kind}' is not a survey kind; use csat or nps")])
    get_customer(session=session, customer_id=customer_id)
    secret = secrets.token_urlsafe(24)
    survey = Survey(
        tenant_id=tenant.id,
        customer_id=customer_id,
        interaction_id=interaction_id,
        kind=kind,
        token_hash=_hash(secret),
        source=source,
        expires_at=utcnow() + ttl,
    )
    session.add(survey)
    session.flush()
    return SentSurvey(survey, f"{tenant.id}-{secret}")


def open_survey(*, engine: Engine, registry: PackRegistry, token: str) -> tuple[Session, Tenant, Survey]:
    """The survey behind a token with a session of its tenant (the caller commits and closes).

    Unknown, expired and answered links are told apart, so the customer sees why.  The answer is
    logged as an interaction, so the session calls the enabled packs of ``registry``.
    """
    tenant_part, _, secret = token.partition("-")
    if not tenant_part.isdigit() or not secret:
        raise NotFound("this survey link is not valid")
    session = tenant_session(engine, int(tenant_part), registry=registry)
    survey = session.execute(
        select(Survey).where(
            col(Survey.tenant_id) == int(tenant_part), col(Survey.token_hash) == _hash(secret)
        )
    ).scalar_one_or_none()
    tenant = session.get(Tenant, int(tenant_part))
    if survey is None or tenant is None:
        session.close()
        raise NotFound("this survey link is not valid")
    return session, tenant, survey


def check_open(survey: Survey) -> None:
    if survey.answered_at is not None:
        raise SurveyClosed("answered")
    if survey.expires_at <= utcnow():
        raise SurveyClosed("expired")


def answer_survey(
    *, session: Session, tenant: Tenant, survey: Survey, score: object, comment: str | None = None
) -> Survey:
    """Store the answer once and log a ``survey`` interaction on the customer's timeline."""
    check_open(survey)
    low, high = SCALES[survey.kind]
    if isinstance(score, str) and score.strip().lstrip("-").isdigit():
        score = int(score)
    if not isinstance(score, int) or isinstance(score, bool) or not low <= score <= high:
        raise InvalidInput([Problem("score", f"choose a whole number from {low} to {high}")])
    comment = clean_text(comment)[:2000] or None
    now = utcnow()
    claimed = session.execute(  # type: ignore[attr-defined]  # DML executes to a CursorResult
        update(Survey)
        .where(
            col(Survey.tenant_id) == tenant.id, col(Survey.id) == survey.id, col(Survey.answered_at).is_(None)
        )
        .values(answered_at=now, score=score, comment=comment)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise SurveyClosed("answered")
    session.refresh(survey)
    summary = f"{survey.kind.upper()} {score}/{high}" + (f": {comment}" if comment else "")
    log_interaction(
        session=session,
        tenant=tenant,
        customer_id=survey.customer_id,
        data={
            "kind": InteractionKind.survey.value,
            "summary": summary,
            "occurred_at": now,
            "payload": {
                "survey_id": survey.id,
                "kind": survey.kind,
                "score": score,
                "interaction_id": survey.interaction_id,
            },
        },
    )
    return survey
