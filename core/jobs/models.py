"""The job tables: one row per run (the record admins read) and the scheduler's lease.

``job_runs`` is the embedded queue and the log at once: a run is enqueued by inserting its row,
claimed by a conditional UPDATE, and keeps its status, attempts, times and last error.  The unique
(name, key) makes enqueueing idempotent.  ``tenant_id`` is NULL for deployment-wide jobs, so the
table is not :class:`~core.modelbase.TenantOwned`: the runner works across tenants, and the admin
views filter on the caller's tenant explicitly.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import JSONType, UTCDateTime, utcnow


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    retrying = "retrying"
    failed = "failed"


#: Runs the runner may claim once their ``run_after`` has passed.
WAITING = (RunStatus.queued.value, RunStatus.retrying.value)


class JobRun(SQLModel, table=True):
    """One run of a job: enqueued once per (name, key), attempted up to ``max_attempts`` times."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("name", "key", name="uq_job_runs_name_key"),
        Index("ix_job_runs_tenant_status", "tenant_id", "status", "created_at"),
        Index("ix_job_runs_status_run_after", "status", "run_after"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", ondelete="CASCADE")
    name: str = Field(max_length=100)
    key: str = Field(max_length=200)
    args: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    status: str = Field(default=RunStatus.queued.value, max_length=16)
    attempts: int = 0
    max_attempts: int = 3
    run_after: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class JobLease(SQLModel, table=True):
    """Who runs due jobs right now: taken and renewed by one conditional UPDATE."""

    __tablename__ = "job_leases"

    name: str = Field(primary_key=True, max_length=63)
    holder: str = Field(default="", max_length=255)
    expires_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class JobRunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    key: str
    args: dict[str, Any]
    status: str
    attempts: int
    max_attempts: int
    run_after: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    created_at: datetime
