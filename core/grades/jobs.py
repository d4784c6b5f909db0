"""The daily job that applies each tenant's grade rules (tenants without rules: nothing)."""

from __future__ import annotations

from core.grades.service import apply_saved_grades
from core.records import Job, JobContext

APPLY_GRADES = "core.apply_grades"


def apply_grades_job(ctx: JobContext) -> None:
    """Idempotent: a second run the same day finds every grade right and changes nothing."""
    apply_saved_grades(session=ctx.session, tenant=ctx.tenant)


GRADE_JOBS = [
    Job(
        APPLY_GRADES,
        apply_grades_job,
        schedule="30 2 * * *",
        per_tenant=True,
        title="Apply customer grades",
        titles={"zh_Hans": "更新客户等级", "zh_Hant": "更新客戶等級"},
    )
]
