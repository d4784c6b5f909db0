"""Core's segment fields, reminder rules, value metrics and jobs, registered on the hooks packs use.

Being a plugin like any pack keeps one code path: the reminder run, segment evaluation and
metrics see core's records and the enabled packs' through the same facade.  Imports happen inside
the hooks so loading the plugin manager stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hooks import hookimpl
from core.records import Job, Metric, ReminderRule, SegmentField

if TYPE_CHECKING:
    from core.models import Tenant


@hookimpl
def guanxi_register_segment_fields(tenant: Tenant) -> list[SegmentField]:
    from core.segments.fields import CORE_FIELDS

    return CORE_FIELDS


@hookimpl
def guanxi_register_reminder_rules(tenant: Tenant) -> list[ReminderRule]:
    from core.reminders.rules import CORE_RULES

    return CORE_RULES


@hookimpl
def guanxi_register_metrics(tenant: Tenant) -> list[Metric]:
    from core.collections.metrics import COLLECTION_METRICS
    from core.metrics.definitions import CORE_METRICS

    return [*CORE_METRICS, *COLLECTION_METRICS]


@hookimpl
def guanxi_register_jobs() -> list[Job]:
    from core.dbstats import STATISTICS_JOBS
    from core.grades.jobs import GRADE_JOBS
    from core.importing.webjobs import IMPORT_JOBS
    from core.notices.jobs import NOTICE_JOBS
    from core.reminders.jobs import REMINDER_JOBS
    from core.surveys.sending import SURVEY_JOBS

    return [*REMINDER_JOBS, *SURVEY_JOBS, *NOTICE_JOBS, *IMPORT_JOBS, *STATISTICS_JOBS, *GRADE_JOBS]
