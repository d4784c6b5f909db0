"""Loyalty's daily job: expire points and reassess tiers for every tenant that runs the pack.

It fires five minutes after midnight in the tenant's time zone, so points that expire "at the end
of 31 December" are gone on the first morning of the year, and the rolling window that tiers are
earned in moves on even for members who bought nothing.  Expiry is keyed per member and day, so
a retried or repeated run writes nothing twice.
"""

from __future__ import annotations

from sdk import Job, JobContext

from .expiry import expire_points
from .tiers import refresh_tiers

LOYALTY_DAILY = "retail.loyalty_daily"


def expire_and_reassess(ctx: JobContext) -> None:
    at = ctx.fired_at or ctx.now
    if not expire_points(session=ctx.session, tenant=ctx.tenant, now=at):
        refresh_tiers(session=ctx.session, tenant=ctx.tenant, now=at)  # expiry refreshes them itself


def jobs() -> list[Job]:
    return [
        Job(
            LOYALTY_DAILY,
            expire_and_reassess,
            schedule="5 0 * * *",
            title="Loyalty expiry and tiers",
            titles={"zh_Hans": "积分过期与会员等级", "zh_Hant": "積分過期與會員等級"},
        )
    ]
