"""The weekly refit: RFM segments, lifetime value and cross-sell rules stay current on their own.

Before, analyses were only as fresh as the last time someone ran ``guanxi retail analyze`` or
pressed the button.  The job fires on Mondays at 03:00 in the shop's time zone, for tenants that
enabled retail, with the default options; a shop without orders is skipped, and a fit that needs
more history than the shop has yet (lifetime value wants returning buyers) is skipped alone.
Each firing is one run of the job, so a retry after a failure refits once more, never twice a week.
"""

from __future__ import annotations

import logging

from sqlmodel import col, select

from sdk import InvalidInput, Job, JobContext

log = logging.getLogger("guanxi.retail")

ANALYTICS_WEEKLY = "retail.analytics_weekly"


def refit(ctx: JobContext) -> None:
    from ..orders.models import RetailOrder
    from .service import STEPS, AnalysisOptions, analyze  # numpy and scipy: only when refitting

    if ctx.session.scalars(select(col(RetailOrder.id)).limit(1)).first() is None:
        return
    for step in STEPS:
        options = AnalysisOptions(as_of=ctx.fired_at or ctx.now, steps=(step,))
        try:
            with ctx.session.begin_nested():
                analyze(session=ctx.session, tenant=ctx.tenant, options=options)
        except InvalidInput as exc:  # too little history for this fit yet: not a failure to retry
            log.info("retail %s refit skipped for tenant %s: %s", step, ctx.tenant.slug, exc)


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
