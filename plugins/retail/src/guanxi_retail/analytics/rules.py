"""Co-purchase association rules ("bought A, also bought B") and recommendations from them.

Baskets are orders; items are products or their categories.  The tenant's (order, item) pairs come
from one SQL statement; the co-occurrence counts of every item pair are then one sparse matrix
product ``X.T @ X`` of the binary order-by-item matrix.  For a rule A -> B over n baskets:
support = n(A and B) / n, confidence = n(A and B) / n(A), lift = confidence / (n(B) / n).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import numpy as np
from scipy import sparse
from sqlalchemy import text
from sqlmodel import Session

from sdk import Tenant

from .models import AnalyticsRun
from .sqltime import bind_time, rows_to_array
from .store import finish_run, latest_run, open_run, write_columns

Level = Literal["product", "category"]
LEVELS: tuple[Level, ...] = ("product", "category")

_ITEM = {"product": "l.product_id", "category": "p.category_id"}
_PAIRS = """
SELECT l.order_id, {item}
FROM retail_order_lines l
JOIN retail_orders o ON o.id = l.order_id AND o.tenant_id = :tenant AND o.ordered_at <= :as_of
{join}
WHERE l.tenant_id = :tenant{where}
"""
_PRODUCTS = "JOIN retail_products p ON p.id = l.product_id AND p.tenant_id = :tenant"


def _pairs_sql(level: Level) -> str:
    if level == "product":
        return _PAIRS.format(item=_ITEM[level], join="", where="")
    return _PAIRS.format(item=_ITEM[level], join=_PRODUCTS, where=" AND p.category_id IS NOT NULL")


def mine_rules(
    orders: np.ndarray, items: np.ndarray, *, min_support: float, min_confidence: float
) -> dict[str, np.ndarray]:
    """Rules from aligned (order id, item id) arrays; duplicates within an order count once."""
    order_ids, rows = np.unique(orders, return_inverse=True)
    item_ids, cols = np.unique(items, return_inverse=True)
    n = order_ids.size
    basket = sparse.csr_matrix((np.ones(rows.size, dtype=np.int32), (rows, cols)), shape=(n, item_ids.size))
    basket.data[:] = 1  # an item twice in one order is still one basket containing it
    together = (basket.T @ basket).tocoo()
    counts = np.asarray(basket.sum(axis=0)).ravel().astype(float)
    keep = (together.row != together.col) & (together.data >= min_support * n)
    a, b, both = together.row[keep], together.col[keep], together.data[keep].astype(float)
    confidence = both / counts[a]
    strong = confidence >= min_confidence
    a, b, both, confidence = a[strong], b[strong], both[strong], confidence[strong]
    return {
        "antecedent_id": item_ids[a],
        "consequent_id": item_ids[b],
        "pair_count": both,
        "support": both / n,
        "confidence": confidence,
        "lift": confidence / (counts[b] / n),
        "n_baskets": np.array(n),
    }


def compute_rules(
    *,
    session: Session,
    tenant: Tenant,
    as_of: datetime,
    level: Level = "product",
    min_support: float = 0.001,
    min_confidence: float = 0.05,
) -> AnalyticsRun:
    """Mine and store the tenant's rules over orders up to ``as_of``."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    if not (0 < min_support <= 1 and 0 < min_confidence <= 1):
        raise ValueError("min_support and min_confidence must be above 0 and at most 1")
    result = session.execute(
        text(_pairs_sql(level)), {"tenant": tenant.id, "as_of": bind_time(session, as_of)}
    )
    pairs = rows_to_array(result.all(), 2, np.int64)
    run = open_run(
        session=session,
        tenant=tenant,
        kind="rules",
        as_of=as_of,
        parameters={"level": level, "min_support": min_support, "min_confidence": min_confidence},
    )
    rules = (
        mine_rules(pairs[:, 0], pairs[:, 1], min_support=min_support, min_confidence=min_confidence)
        if pairs.size
        else None
    )
    if rules is None:
        return finish_run(
            session=session, tenant=tenant, run=run, n_customers=0, results={"n_baskets": 0, "n_rules": 0}
        )
    n_baskets = int(rules.pop("n_baskets"))
    rules["pair_count"] = rules["pair_count"].astype(np.int64)  # COPY refuses "12.0" for an integer
    n_rules = write_columns(
        session=session, kind="rules", fixed={"tenant_id": tenant.id, "run_id": run.id}, columns=rules
    )
    return finish_run(
        session=session,
        tenant=tenant,
        run=run,
        n_customers=0,
        results={"n_baskets": n_baskets, "n_rules": n_rules},
    )


_BOUGHT = {
    "product": """SELECT l.product_id FROM retail_order_lines l
        JOIN retail_orders o ON o.id = l.order_id AND o.tenant_id = :tenant
        WHERE l.tenant_id = :tenant AND o.customer_id = :customer""",
    "category": """SELECT p.category_id FROM retail_order_lines l
        JOIN retail_orders o ON o.id = l.order_id AND o.tenant_id = :tenant
        JOIN retail_products p ON p.id = l.product_id AND p.tenant_id = :tenant
        WHERE l.tenant_id = :tenant AND o.customer_id = :customer AND p.category_id IS NOT NULL""",
}
_NAMES = {
    "product": "LEFT JOIN retail_products n ON n.id = best.consequent_id AND n.tenant_id = :tenant",
    "category": "LEFT JOIN retail_categories n ON n.id = best.consequent_id AND n.tenant_id = :tenant",
}
_RECOMMEND = """
SELECT best.consequent_id, n.name, best.antecedent_id, best.confidence, best.lift, best.support
FROM (
    SELECT consequent_id, antecedent_id, confidence, lift, support,
           ROW_NUMBER() OVER (PARTITION BY consequent_id
                              ORDER BY confidence DESC, lift DESC, antecedent_id) AS place
    FROM retail_association_rules
    WHERE tenant_id = :tenant AND run_id = :run
      AND antecedent_id IN ({bought}) AND consequent_id NOT IN ({bought})
) best
{names}
WHERE best.place = 1
ORDER BY best.confidence DESC, best.lift DESC, best.consequent_id
LIMIT :limit
"""


def recommend(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    limit: int = 10,
) -> tuple[AnalyticsRun, list[dict[str, Any]]]:
    """Items this customer has not bought that buyers of what they bought also bought.

    Each item comes with the strongest rule behind it (``because`` = the antecedent item).
    """
    run = latest_run(session=session, tenant=tenant, kind="rules")
    level: Level = run.parameters.get("level", "product")
    statement = text(_RECOMMEND.format(bought=_BOUGHT[level], names=_NAMES[level]))
    rows = session.execute(
        statement, {"tenant": tenant.id, "run": run.id, "customer": customer_id, "limit": limit}
    ).all()
    keys = ("item_id", "name", "because_item_id", "confidence", "lift", "support")
    return run, [dict(zip(keys, row, strict=True)) for row in rows]
