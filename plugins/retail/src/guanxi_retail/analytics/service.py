"""One refit of every retail analysis for a tenant: what the CLI and ``POST /analyze`` call.

The three steps share ``as_of`` so their results describe the same moment.  Bad options become
``InvalidInput`` naming the option, which the API and CLI already turn into a clear answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from sdk import InvalidInput, Problem, Tenant, utcnow

from .clv import compute_clv
from .models import AnalyticsRun
from .rfm import compute_rfm
from .rules import Level, compute_rules
from .units import Horizon, TimeUnit

Step = Literal["rfm", "clv", "rules"]
STEPS: tuple[Step, ...] = ("rfm", "clv", "rules")


@dataclass(frozen=True)
class AnalysisOptions:
    """What a refit may be told; the defaults suit a shop with a year or more of orders."""

    time_unit: TimeUnit = "week"
    horizon: int = 12
    horizon_unit: TimeUnit = "month"
    #: Per period of ``horizon_unit`` (0.01 a month is about 12.7% a year).
    discount_rate: float = 0.01
    level: Level = "product"
    min_support: float = 0.001
    min_confidence: float = 0.05
    as_of: datetime | None = None
    steps: tuple[str, ...] = field(default=STEPS)


def analyze(
    *,
    session: Session,
    tenant: Tenant,
    options: AnalysisOptions,
    progress: Callable[[str], None] | None = None,
) -> dict[str, AnalyticsRun]:
    """Run the chosen steps in order; ``progress(step)`` is called as each one finishes."""
    as_of = options.as_of or utcnow()
    runs: dict[str, AnalyticsRun] = {}
    try:
        horizon = Horizon(options.horizon, options.horizon_unit)
        for step in options.steps:
            if step == "rfm":
                runs[step] = compute_rfm(session=session, tenant=tenant, as_of=as_of)
            elif step == "clv":
                runs[step] = compute_clv(
                    session=session,
                    tenant=tenant,
                    as_of=as_of,
                    time_unit=options.time_unit,
                    horizon=horizon,
                    discount_rate=options.discount_rate,
                )
            elif step == "rules":
                runs[step] = compute_rules(
                    session=session,
                    tenant=tenant,
                    as_of=as_of,
                    level=options.level,
                    min_support=options.min_support,
                    min_confidence=options.min_confidence,
                )
            else:
                raise ValueError(f"unknown step '{step}'; steps: {', '.join(STEPS)}")
            if progress is not None:
                progress(step)
    except ValueError as exc:
        raise InvalidInput([Problem("options", str(exc))]) from exc
    return runs
