"""tenant-led foreign keys: retail rows point only at their own tenant's records

Revision ID: retail_0006
Revises: retail_0005
Create Date: 2026-11-26

Each reference to a customer, a user or another record becomes FOREIGN KEY (tenant_id, x_id)
REFERENCES parent (tenant_id, id), so the database refuses a row of one tenant that points at
another tenant's record, whichever code path wrote it.  Its own parents (retail_orders,
retail_categories, retail_products, retail_analytics_runs, retail_campaigns) get a unique
(tenant_id, id) index first. Core's parents got theirs in core_0010.
"""

from collections.abc import Sequence

from sdk.migrations import Reference, downgrade_tenant_keys, upgrade_tenant_keys

revision: str = "retail_0006"
down_revision: str | Sequence[str] | None = "retail_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0010"

PARENTS: tuple[str, ...] = (
    "retail_orders",
    "retail_categories",
    "retail_products",
    "retail_analytics_runs",
    "retail_campaigns",
)
CHILDREN: dict[str, tuple[Reference, ...]] = {
    "retail_orders": (
        Reference("customer_id", "customers", "CASCADE"),
        Reference("source_interaction_id", "interactions", "SET NULL"),
    ),
    "retail_categories": (Reference("parent_id", "retail_categories", "SET NULL"),),
    "retail_products": (Reference("category_id", "retail_categories", "SET NULL"),),
    "retail_order_lines": (
        Reference("order_id", "retail_orders", "CASCADE"),
        Reference("product_id", "retail_products"),
    ),
    "retail_returns": (
        Reference("order_id", "retail_orders", "CASCADE"),
        Reference("product_id", "retail_products", "SET NULL"),
    ),
    "retail_rfm_scores": (
        Reference("customer_id", "customers", "CASCADE"),
        Reference("run_id", "retail_analytics_runs", "CASCADE"),
    ),
    "retail_customer_values": (
        Reference("customer_id", "customers", "CASCADE"),
        Reference("run_id", "retail_analytics_runs", "CASCADE"),
    ),
    "retail_association_rules": (Reference("run_id", "retail_analytics_runs", "CASCADE"),),
    "retail_loyalty_rules": (Reference("category_id", "retail_categories", "CASCADE"),),
    "retail_loyalty_accounts": (Reference("customer_id", "customers", "CASCADE"),),
    "retail_loyalty_ledger": (
        Reference("customer_id", "customers", "CASCADE"),
        Reference("order_id", "retail_orders", "SET NULL"),
    ),
    "retail_campaigns": (
        Reference("segment_id", "segments", "SET NULL"),
        Reference("promotion_id", "promotions", "SET NULL"),
    ),
    "retail_campaign_targets": (
        Reference("campaign_id", "retail_campaigns", "CASCADE"),
        Reference("customer_id", "customers", "CASCADE"),
    ),
}


def upgrade() -> None:
    upgrade_tenant_keys(parents=PARENTS, children=CHILDREN)


def downgrade() -> None:
    downgrade_tenant_keys(parents=PARENTS, children=CHILDREN)
