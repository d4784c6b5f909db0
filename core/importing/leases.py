"""Who runs an import, and whether they still do: the owner of a running job and its lease.

A running job names its owner as ``host:pid:token``: the machine, the process id, and a random
token drawn once per process life, so a new process that happens to get a dead one's id is not
taken for it.  The owner renews the job's ``heartbeat_at`` with every committed batch.

An owner is gone when its lease lapsed (no batch committed for :data:`LEASE`, wherever it runs),
or, on this machine, at once when its process no longer exists or its id belongs to another life.
Every write of a job checks that the writer still owns it, so a slow owner that was declared gone
stops at its next batch instead of writing next to its successor.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

#: How long a running job may go without committing a batch before anyone may take it over.
LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    token: str

    def __str__(self) -> str:
        return f"{self.host[:200]}:{self.pid}:{self.token}"

    @classmethod
    def parse(cls, text: str | None) -> Owner | None:
        host, _, rest = (text or "").rpartition(":")
        host, _, pid = host.rpartition(":")
        if not host or not pid.isdigit():
            return None
        return cls(host, int(pid), rest)


@lru_cache(maxsize=8)
def _token(pid: int) -> str:
    """Drawn once per process: a forked worker has another pid, hence its own token."""
    return secrets.token_hex(6)


def this_process() -> Owner:
    pid = os.getpid()
    return Owner(socket.gethostname()[:200], pid, _token(pid))


def process_exists(pid: int) -> bool:
    """Whether a process with this id runs on this machine (signal 0 checks without sending)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OSError:
        return False
    return True


def process_gone(pid: int, token: str) -> bool:
    """Whether the process life ``(pid, token)`` of this machine has ended."""
    me = this_process()
    if pid == me.pid:
        return token != me.token
    return not process_exists(pid)


def owner_gone(owner: str | None, heartbeat_at: datetime | None, *, now: datetime) -> bool:
    """Whether a running job's owner can no longer be running it (see the module docstring)."""
    if heartbeat_at is None or now - heartbeat_at > LEASE:
        return True
    parsed = Owner.parse(owner)
    if parsed is None:
        return False
    if parsed.host != this_process().host:
        return False
    return process_gone(parsed.pid, parsed.token)
