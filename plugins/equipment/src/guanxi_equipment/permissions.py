"""What the equipment pack lets each role do, registered through ``guanxi_register_permissions``.

Sellers (reps and up, and write-scoped API keys) open opportunities for customers they can see;
viewers, technicians and read-scoped keys only read the pipeline.
"""

from __future__ import annotations

from sdk import Permission

SELL = "equipment:sell"


def permissions() -> list[Permission]:
    return [
        Permission(SELL, "Open sales opportunities", roles=("owner", "admin", "manager", "rep", "api:write"))
    ]
