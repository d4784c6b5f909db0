"""What the repair pack lets each role do, registered through ``guanxi_register_permissions``.

Front-desk staff (reps and up, and write-scoped API keys) open tickets and move any ticket they
can see; a technician only moves the tickets assigned to them.  Viewers and read-scoped keys
change nothing.
"""

from __future__ import annotations

from sdk import Permission

OPEN = "appliance-repair:open"
WORK = "appliance-repair:work"
_DESK = ("owner", "admin", "manager", "rep", "api:write")


def permissions() -> list[Permission]:
    return [
        Permission(OPEN, "Open repair tickets and update any ticket", roles=_DESK),
        Permission(WORK, "Update the repair tickets assigned to you", roles=(*_DESK, "technician")),
    ]
