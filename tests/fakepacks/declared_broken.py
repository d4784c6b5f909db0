"""A pack whose declaration names a job list its module does not have."""

from __future__ import annotations

from sdk import Pack

pack = Pack(
    name="declared-broken",
    title="Declared broken",
    core_api=">=1.0,<2",
    migrations=False,
    jobs=".declared_parts:no_such_jobs",
)
