"""Checks of what a pack shows by name: titles in three languages, and jobs the runner can run.

Metrics, reminder rules, jobs and settings are listed on pages in the reader's language, so each
needs an English title and its ``zh_Hans`` and ``zh_Hant`` translations (settings: the section
and every field).  Jobs share one namespace across packs, so their names start with the pack's,
and a cron line that does not parse would only fail at the first tick in production.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core import hooks
from core.packs.contracts import as_list
from core.packs.registry import LoadedPack, PackRegistry
from core.records import Job, Metric, PackSettings, ReminderRule
from core.sdkdev.check.findings import Report

ZH_LOCALES = ("zh_Hans", "zh_Hant")


def _untitled(title: str, titles: Mapping[str, str]) -> list[str]:
    """The locales missing from ``title`` (English) and ``titles``."""
    return (["en"] if not title else []) + [locale for locale in ZH_LOCALES if not titles.get(locale)]


def _records(
    report: Report, registry: PackRegistry, pack: LoadedPack, spec: Callable[..., Any], **kwargs: Any
) -> list[Any]:
    """What ``pack`` alone returns from the hook of ``spec``: records of the hook's type already,
    since the pack's proxy checks each against the hook's contract (a wrong one fails here)."""
    try:
        results = registry.caller(spec, packs=frozenset({pack.name}), builtins=False)(**kwargs)
    except Exception as exc:
        report.fail("titles", f"{spec.__name__} failed: {type(exc).__name__}: {exc}")
        return []
    return [record for result in results for record in as_list(result)]


def check_titles(report: Report, registry: PackRegistry, pack: LoadedPack) -> None:
    """Every metric, reminder rule and settings field is titled in en, zh_Hans and zh_Hant."""
    from core.models import Tenant

    tenant = Tenant(name="check", slug="check")  # never stored: the hooks only read it
    before, count = len(report.failures), 0
    for spec, kind in (
        (hooks.guanxi_register_metrics, Metric),
        (hooks.guanxi_register_reminder_rules, ReminderRule),
    ):
        for record in _records(report, registry, pack, spec, tenant=tenant):
            count += 1
            missing = _untitled(record.title, record.titles)
            if missing:
                report.fail("titles", f"{kind.__name__} '{record.key}' has no title in {', '.join(missing)}")
    for declared in _records(report, registry, pack, hooks.guanxi_register_settings):
        count += _check_settings(report, declared)
    if len(report.failures) == before:
        report.ok(
            "titles", f"{count} metric(s), reminder rule(s) and setting(s) titled in en, zh_Hans, zh_Hant"
        )


def _check_settings(report: Report, declared: PackSettings) -> int:
    schema = declared.schema
    fields = getattr(schema, "model_fields", None)
    if fields is None:
        report.fail("titles", f"PackSettings.schema {schema!r} is not a pydantic model")
        return 0
    missing = _untitled(declared.title, declared.titles)
    if missing:
        report.fail("titles", f"PackSettings section has no title in {', '.join(missing)}")
    for name, info in fields.items():
        titles = declared.field_titles.get(name, {})
        lacking = _untitled(titles.get("en") or info.title or "", titles)
        if lacking:
            report.fail("titles", f"setting '{name}' has no title in {', '.join(lacking)}")
        if info.is_required():
            report.fail(
                "titles", f"setting '{name}' has no default: a tenant that saved nothing could not read it"
            )
    return len(fields) + 1


def check_jobs(report: Report, registry: PackRegistry, pack: LoadedPack) -> None:
    """Job names start with ``<pack>.``, cron lines parse, titles exist in three languages."""
    from croniter import croniter

    before = len(report.failures)
    jobs: list[Job] = _records(report, registry, pack, hooks.guanxi_register_jobs)
    for job in jobs:
        if not job.name.startswith(f"{pack.name}."):
            report.fail(
                "jobs", f"job '{job.name}' is not named '{pack.name}.<job>'; names are shared by all packs"
            )
        if job.schedule is not None and not croniter.is_valid(job.schedule):
            report.fail("jobs", f"job '{job.name}': schedule '{job.schedule}' is not a valid cron line")
        missing = _untitled(job.title, job.titles)
        if missing:
            report.fail("jobs", f"job '{job.name}' has no title in {', '.join(missing)}")
        if job.stale_after_seconds <= 0 or job.max_attempts < 1:
            report.fail("jobs", f"job '{job.name}': stale_after_seconds and max_attempts must be positive")
    if len(report.failures) == before:
        report.ok("jobs", f"{len(jobs)} job(s) named, scheduled and titled correctly")
