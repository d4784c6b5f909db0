"""The scheduler's lease: at most one process runs due jobs at a time.

One row per lease name.  Taking it is one conditional UPDATE (``holder = me OR expired``), which
the database serialises: of two processes racing, exactly one sees its row updated.  The holder
renews it on every tick; when its process dies the lease expires and another takes over.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from core.jobs.models import JobLease

SCHEDULER = "scheduler"
#: A released lease has expired long ago, whatever clock the next taker reads.
RELEASED = datetime(2000, 1, 1, tzinfo=UTC)


def new_holder(kind: str) -> str:
    """A name no other process shares, readable in the table: ``serve:host:pid:nonce``."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:255]


def take_lease(engine: Engine, *, holder: str, now: datetime, seconds: int, name: str = SCHEDULER) -> bool:
    """Take or renew the lease until ``now + seconds``; ``False`` while someone else holds it."""
    with Session(engine) as session:
        build = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        session.execute(
            build(JobLease)
            .values(name=name, holder="", expires_at=now - timedelta(seconds=1))
            .on_conflict_do_nothing(index_elements=["name"])
        )
        taken = session.execute(
            update(JobLease)
            .where(
                col(JobLease.name) == name,
                or_(col(JobLease.holder) == holder, col(JobLease.expires_at) < now),
            )
            .values(holder=holder, expires_at=now + timedelta(seconds=seconds))
        )
        session.commit()
        return taken.rowcount == 1  # type: ignore[attr-defined]


def release_lease(engine: Engine, *, holder: str, name: str = SCHEDULER) -> None:
    """Give the lease up (at shutdown, after a cron run) so nobody waits for it to expire."""
    with Session(engine) as session:
        session.execute(
            update(JobLease)
            .where(col(JobLease.name) == name, col(JobLease.holder) == holder)
            .values(holder="", expires_at=RELEASED)
        )
        session.commit()
