"""The jobs core and the packs declare (``guanxi_register_jobs``), by name, with who declared them.

Who declared a job decides where a periodic per-tenant job fires: a pack's only for tenants that
enabled the pack, core's for every tenant.  The catalogue is built once per pack registry and
passed explicitly to the runner, so tests run it with jobs of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.errors import GuanxiError
from core.plugins import call_one, collect, get_registry
from core.records import Job

if TYPE_CHECKING:
    from core.plugins import PackRegistry


class UnknownJob(GuanxiError):
    """A run names a job nobody declared (its pack was uninstalled, or a typo)."""


@dataclass(frozen=True)
class JobCatalog:
    """Jobs by name; ``owners`` maps a job to the pack that declared it (``None``: core)."""

    jobs: dict[str, Job] = field(default_factory=dict)
    owners: dict[str, str | None] = field(default_factory=dict)

    def get(self, name: str) -> Job:
        try:
            return self.jobs[name]
        except KeyError:
            raise UnknownJob(f"no job named '{name}' is declared") from None

    def periodic(self) -> list[Job]:
        return [job for job in self.jobs.values() if job.schedule]


def build_catalog(declared: list[tuple[str | None, Job]]) -> JobCatalog:
    """One catalogue from (owner, job) pairs; a name declared twice is an error naming both."""
    catalog = JobCatalog()
    for owner, job in declared:
        if job.name in catalog.jobs:
            first = catalog.owners[job.name] or "core"
            raise GuanxiError(f"job '{job.name}' is declared by both {first} and {owner or 'core'}")
        catalog.jobs[job.name] = job
        catalog.owners[job.name] = owner
    return catalog


def job_catalog(registry: PackRegistry | None = None) -> JobCatalog:
    """Core's jobs and every loaded pack's."""
    from core.builtin import BUILTIN_PLUGINS

    registry = registry or get_registry()
    declared: list[tuple[str | None, Job]] = []
    for _name, plugin in BUILTIN_PLUGINS:
        declared += [(None, job) for job in collect([call_one(registry.pm, "guanxi_register_jobs", plugin)])]
    for name, pack in registry.packs.items():
        declared += [
            (name, job) for job in collect([call_one(registry.pm, "guanxi_register_jobs", pack.plugin)])
        ]
    return build_catalog(declared)
