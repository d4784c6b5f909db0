"""tenant-led foreign keys: a row can only reference a record of its own tenant

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-11-26

Every reference from one tenant-owned row to another (a customer's owner, an interaction's
customer and user, a reminder's customer...) becomes FOREIGN KEY (tenant_id, x_id) REFERENCES
parent (tenant_id, id), so the database itself refuses an interaction of one tenant on another
tenant's customer, whatever code path tried to write it.  Parents get a unique (tenant_id, id)
index.  Rows that already cross tenants stop the upgrade with a message (see core.tenantkeys).
"""

from collections.abc import Sequence

from core.tenantkeys import Reference, downgrade_tenant_keys, upgrade_tenant_keys

revision: str = "core_0010"
down_revision: str | Sequence[str] | None = "core_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARENTS = (
    "customers",
    "users",
    "interactions",
    "import_jobs",
    "reminder_deliveries",
    "segments",
    "promotions",
)
CASCADE, SET_NULL = "CASCADE", "SET NULL"
CHILDREN: dict[str, tuple[Reference, ...]] = {
    "customers": (Reference("owner_id", "users"),),
    "interactions": (Reference("customer_id", "customers", CASCADE), Reference("user_id", "users")),
    "receivables": (Reference("customer_id", "customers", CASCADE),),
    "reminder_deliveries": (Reference("customer_id", "customers", CASCADE),),
    "follow_ups": (
        Reference("customer_id", "customers", CASCADE),
        Reference("user_id", "users"),
        Reference("interaction_id", "interactions", SET_NULL),
    ),
    "notifications": (
        Reference("customer_id", "customers", CASCADE),
        Reference("user_id", "users", CASCADE),
        Reference("delivery_id", "reminder_deliveries", CASCADE),
    ),
    "calendar_tokens": (Reference("user_id", "users", CASCADE),),
    "surveys": (
        Reference("customer_id", "customers", CASCADE),
        Reference("interaction_id", "interactions", SET_NULL),
    ),
    "costs": (
        Reference("customer_id", "customers", SET_NULL),
        Reference("interaction_id", "interactions", CASCADE),
    ),
    "refresh_tokens": (Reference("user_id", "users", CASCADE),),
    "web_sessions": (Reference("user_id", "users", CASCADE),),
    "import_rejects": (Reference("job_id", "import_jobs"),),
}


def upgrade() -> None:
    upgrade_tenant_keys(parents=PARENTS, children=CHILDREN)


def downgrade() -> None:
    downgrade_tenant_keys(parents=PARENTS, children=CHILDREN)
