"""What the pharma sales pack lets each role do, registered through ``guanxi_register_permissions``.

Reps (and up, and write-scoped API keys) file market reports; the territory tree every report
rolls up into is shared structure, so only managers and up (and write-scoped keys) add to it, and
only they confirm a report as company data or dismiss it.
Viewers, technicians and read-scoped keys only read.
"""

from __future__ import annotations

from sdk import Permission

REPORT = "pharma-sales:report"
TERRITORIES = "pharma-sales:territories"
#: Confirming a report makes it company data; dismissing it takes it out of the figures.
REVIEW = "pharma-sales:review"
_MANAGERS = ("owner", "admin", "manager", "api:write")


def permissions() -> list[Permission]:
    return [
        Permission(REPORT, "File market reports", roles=(*_MANAGERS, "rep")),
        Permission(TERRITORIES, "Add sales territories", roles=_MANAGERS),
        Permission(REVIEW, "Confirm or dismiss market reports", roles=_MANAGERS),
    ]
