"""The ``costs`` import type: a spreadsheet of marketing, promotion, service and gift spending.

Core registers it through ``guanxi_register_import_types`` like a pack's, so the import page, the
API and ``guanxi import records --type costs`` take it.  A customer is named by external id,
phone or name (as interactions are); a segment by its name.  A row equal in every field to a
cost already stored is counted as unchanged, so importing the same file twice adds nothing.
Each batch costs a fixed number of statements: customers, segments and existing costs are read
once per batch, the new costs inserted with one ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.costs.service import RECORDED, CostInput, validate_cost
from core.errors import InvalidInput, Problem
from core.importing.bulk import LoadResult, insert_rows, resolve_customers
from core.metrics.models import Cost
from core.models import Customer, Tenant
from core.records import ImportRow, ImportType
from core.segments.models import Segment

COLUMNS: dict[str, tuple[str, ...]] = {
    "incurred_on": ("date", "日期", "日期"),
    "category": ("purpose", "用途", "用途"),
    "kind": ("kind", "类别", "類別"),
    "amount": ("amount", "金额", "金額"),
    "currency": ("currency", "币种", "幣種"),
    "customer": ("customer", "客户", "客戶"),
    "segment": ("segment", "分群", "分群"),
    "campaign": ("campaign", "活动", "活動"),
    "note": ("note", "备注", "備註"),
}
_CATEGORY = {"获客": "acquire", "獲客": "acquire", "留客": "retain"}
_KIND = {"营销": "marketing", "營銷": "marketing", "促销": "promotion", "促銷": "promotion",
         "服务": "service", "服務": "service", "礼品": "gift", "禮品": "gift", "其他": "other"}  # fmt: skip


def _key(cost: Cost) -> tuple[Any, ...]:
    return (
        cost.incurred_on,
        cost.category,
        cost.kind,
        Decimal(cost.amount).quantize(Decimal("0.01")),
        cost.currency,
        cost.customer_id,
        cost.segment_id,
        cost.campaign,
        cost.note,
    )


def load_rows(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> LoadResult:
    problems: dict[int, Problem] = {}
    refs = resolve_customers(
        session=session, tenant=tenant, refs={r.values["customer"] for r in rows if "customer" in r.values}
    )
    names = {r.values["segment"] for r in rows if "segment" in r.values}
    segments: dict[str, int] = {}
    if names:
        found = session.execute(
            select(col(Segment.name), col(Segment.id)).where(col(Segment.name).in_(names))
        )
        segments = {name: segment_id for name, segment_id in found}
    costs: list[tuple[int, Cost]] = []
    for row in rows:
        v = row.values
        customer_id = segment_id = None
        if "customer" in v:
            customer_id = refs.ids.get(v["customer"])
            if customer_id is None:
                problems[row.line] = refs.problem(v["customer"], "customer")
                continue
        if "segment" in v:
            segment_id = segments.get(v["segment"])
            if segment_id is None:
                problems[row.line] = Problem("segment", f"no segment named '{v['segment']}'")
                continue
        data = CostInput(
            category=_CATEGORY.get(v.get("category", ""), v.get("category", "").lower()),
            kind=_KIND.get(v.get("kind", ""), v.get("kind", "other").lower()),
            amount=v.get("amount", ""),
            incurred_on=v.get("incurred_on", ""),
            currency=v.get("currency"),
            customer_id=customer_id,
            segment_id=segment_id,
            campaign=v.get("campaign", ""),
            note=v.get("note", ""),
        )
        try:
            # caller None: an import runs with imports:run, which sees every customer
            costs.append((row.line, validate_cost(session=session, tenant=tenant, caller=None, data=data)))
        except InvalidInput as exc:
            problems[row.line] = exc.problems[0]
    days = {c.incurred_on for _, c in costs}
    stored = (
        {_key(c) for c in session.exec(select(Cost).where(col(Cost.incurred_on).in_(days))).all()}
        if days
        else set()
    )
    new, unchanged = [], 0
    for _line, cost in costs:
        key = _key(cost)
        if key in stored:
            unchanged += 1
            continue
        stored.add(key)
        new.append(cost)
    insert_rows(
        session=session,
        tenant=tenant,
        model=Cost,
        rows=[c.model_dump(exclude={"id", "tenant_id"}) for c in new],
    )
    return LoadResult(problems, created=len(new), unchanged=unchanged)


def export_rows(*, session: Session, tenant: Tenant, caller: Any) -> Iterator[dict[str, str]]:
    """Every recorded cost as an import row (the import of the export adds nothing)."""
    from core.costs.service import CostFilter, list_costs

    segments = dict(session.execute(select(col(Segment.id), col(Segment.name))).all())
    customers: dict[int, str] = {}
    if caller is not None:
        batch = list(list_costs(caller=caller, where=CostFilter(), limit=1_000_000))
    else:  # an operator: every cost of the tenant
        batch = list(session.exec(select(Cost).where(col(Cost.category).in_(RECORDED))).all())
    ids = {c.customer_id for c in batch if c.customer_id}
    if ids:
        rows = session.execute(
            select(col(Customer.id), col(Customer.external_id), col(Customer.name)).where(
                col(Customer.id).in_(ids)
            )
        )
        customers = {cid: external or name for cid, external, name in rows}
    for cost in batch:
        yield {
            "incurred_on": cost.incurred_on.isoformat(),
            "category": cost.category,
            "kind": cost.kind,
            "amount": str(cost.amount),
            "currency": cost.currency,
            "customer": customers.get(cost.customer_id, "") if cost.customer_id else "",
            "segment": segments.get(cost.segment_id, "") if cost.segment_id else "",
            "campaign": cost.campaign,
            "note": cost.note,
        }


import_type = ImportType(
    key="costs",
    title="Costs",
    columns=COLUMNS,
    load_rows=load_rows,
    required=("incurred_on", "category", "amount"),
    export_rows=export_rows,
    batch_size=2000,
)
