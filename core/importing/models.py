"""Import jobs: the progress of one file's import, so an interrupted import can be resumed.

A job is identified by tenant, record type and the file's SHA-256: importing the same bytes again
finds the same job and starts after ``last_line`` (the last line whose batch was committed).

A running job is also the tenant's import lock: at most one job per tenant is ``running`` (a
partial unique index), and it names its ``owner`` process and renews ``heartbeat_at`` with every
committed batch, so another process can tell a live import from one whose process died
(:mod:`core.importing.leases`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType, UTCDateTime

RUNNING_ONLY = text("status = 'running'")


class ImportJob(TenantOwned, table=True):
    """One file imported (or being imported) for a tenant."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        UniqueConstraint("tenant_id", "record_type", "file_hash", name="uq_import_jobs_file"),
        Index("ix_import_jobs_tenant_started", "tenant_id", "started_at"),
        Index(
            "uq_import_jobs_one_running",
            "tenant_id",
            unique=True,
            sqlite_where=RUNNING_ONLY,
            postgresql_where=RUNNING_ONLY,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=63)
    file_hash: str = Field(max_length=64)
    file_name: str = Field(default="", max_length=255)
    #: The last line (header = line 1) whose batch is committed; resuming starts after it.
    last_line: int = 1
    accepted: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    #: running, done, failed (``error`` says why) or interrupted (its process died).
    status: str = Field(default="running", max_length=16)
    started_at: datetime = _ts()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: ``host:pid:token`` of the process running the job; ``None`` once it stopped.
    owner: str | None = Field(default=None, max_length=255)
    #: Renewed with every committed batch: the owner's lease on the job.
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=500)
    #: The explicit column mapping it was started with, so resuming reads the file the same way.
    mapping: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))


class ImportReject(TenantOwned, table=True):
    """One rejected row of a job, kept so the rejects report can be downloaded after the import."""

    __tablename__ = "import_rejects"
    __table_args__ = (Index("ix_import_rejects_job", "tenant_id", "job_id", "line"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="import_jobs.id")
    line: int
    column: str = Field(default="", max_length=255)
    reason: str = Field(default="", max_length=500)
    external_id: str | None = Field(default=None, max_length=64)


class ImportUpload(TenantOwned, table=True):
    """A file uploaded on the web page, kept until the job runner has imported it (one per job)."""

    __tablename__ = "import_uploads"
    __table_args__ = (UniqueConstraint("tenant_id", "job_id", name="uq_import_uploads_tenant_job"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="import_jobs.id", ondelete="CASCADE")
    file_name: str = Field(default="", max_length=255)
    content: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = _ts()
