"""The weekly refit: RFM segments, lifetime value and cross-sell rules stay current on their own.

Before, analyses were only as fresh as the last time someone ran ``guanxi retail analyze`` or
pressed the button.  The job fires on Mondays at 03:00 in the shop's time zone, for tenants that
enabled retail, with the default options; a shop without orders is skipped.  Each firing is one
run of the job, so a retry after a failure refits once more, never twice per week.
"""

from __future__ import annotations

from sqlmodel import col, select

from sdk import Job, JobContext

ANALYTICS_WEEKLY = "retail.analytics_weekly"


def refit(ctx: JobContext) -> None:
    from ..orders.models import RetailOrder
    from .service import AnalysisOptions, analyze  # numpy and scipy: only when refitting

    if ctx.session.scalars(select(col(RetailOrder.id)).limit(1)).first() is None:
        return
    analyze(session=ctx.session, tenant=ctx.tenant, options=AnalysisOptions(as_of=ctx.fired_at or ctx.now))


def jobs() -> list[Job]:
    return [
        Job(
            ANALYTICS_WEEKLY,
            refit,
            schedule="0 3 * * 1",
            max_attempts=2,
            title="Analytics refit",
            titles={"zh_Hans": "客户分析更新", "zh_Hant": "客戶分析更新"},
        )
    ]
