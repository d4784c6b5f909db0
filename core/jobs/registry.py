"""The jobs core and the packs declare (``guanxi_register_jobs``), by name, with who declared them.

Who declared a job decides where a periodic per-tenant job fires: a pack's only for tenants that
enabled the pack, core's for every tenant.  The catalogue is built once per pack registry and
passed explicitly to the runner, so tests run it with jobs of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.errors import GuanxiError
from core.packs.facade import StartupHooks
from core.records import Job

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry


class UnknownJob(GuanxiError):
    """A run names a job nobody declared (its pack was uninstalled, or a typo)."""


@dataclass(frozen=True)
class JobCatalog:
    """Jobs by name; ``owners`` maps a job to the pack that declared it (``None``: core).

    ``registry`` is the pack registry the catalogue came from: each run's unit of work calls
    hooks through it.  A catalogue made by hand (tests) of jobs that call no hooks may lack one.
    """

    jobs: dict[str, Job] = field(default_factory=dict)
    owners: dict[str, str | None] = field(default_factory=dict)
    registry: PackRegistry | None = None

    def get(self, name: str) -> Job:
        try:
            return self.jobs[name]
        except KeyError:
            raise UnknownJob(f"no job named '{name}' is declared") from None

    def periodic(self) -> list[Job]:
        return [job for job in self.jobs.values() if job.schedule]


def build_catalog(declared: list[tuple[str | None, Job]], registry: PackRegistry | None = None) -> JobCatalog:
    """One catalogue from (owner, job) pairs; a name declared twice is an error naming both."""
    catalog = JobCatalog(registry=registry)
    for owner, job in declared:
        if job.name in catalog.jobs:
            first = catalog.owners[job.name] or "core"
            raise GuanxiError(f"job '{job.name}' is declared by both {first} and {owner or 'core'}")
        catalog.jobs[job.name] = job
        catalog.owners[job.name] = owner
    return catalog


def job_catalog(registry: PackRegistry) -> JobCatalog:
    """Core's jobs and every loaded pack's, built once per registry."""

    def build() -> JobCatalog:
        owned = StartupHooks(registry).jobs_by_owner()
        return build_catalog([(owner, job) for owner, jobs in owned.items() for job in jobs], registry)

    return registry.memo("job_catalog", build)
