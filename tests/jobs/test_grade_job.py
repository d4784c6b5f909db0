"""The daily grade job applies each tenant's saved grade rules; tenants without rules are left alone."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlmodel import Session

from core.grades.jobs import APPLY_GRADES, GRADE_JOBS
from core.grades.service import save_grade_rules
from core.interactions.service import log_interaction
from core.jobs.queue import EmbeddedQueue
from core.jobs.registry import build_catalog, job_catalog
from core.models import Customer
from core.packs.loader import get_registry


def test_grade_job_is_a_daily_core_job():
    catalog = job_catalog(get_registry())
    assert catalog.jobs[APPLY_GRADES].schedule == "30 2 * * *"
    assert catalog.jobs[APPLY_GRADES].per_tenant and catalog.owners[APPLY_GRADES] is None


def test_grade_job_regrades_customers_by_the_saved_rules(
    guanxi_engine, make_tenant, make_customer, uow, tick
):
    tenant, untouched = make_tenant(), make_tenant()
    big, small = make_customer(tenant), make_customer(tenant)
    other = make_customer(untouched)
    with uow(tenant) as session:
        for customer, amount in ((big, 12000), (small, 300)):
            log_interaction(
                session=session,
                tenant=tenant,
                customer_id=customer.id,
                data={"kind": "purchase", "summary": "买", "amount": Decimal(amount)},
            )
        save_grade_rules(session=session, tenant=tenant, thresholds={"A": "10000", "B": "0"}, actor="test")
    catalog = build_catalog([(None, job) for job in GRADE_JOBS])
    queue = EmbeddedQueue(engine=guanxi_engine, catalog=catalog)
    for t in (tenant, untouched):
        queue.enqueue(name=APPLY_GRADES, key=f"grades-{t.id}", tenant_id=t.id)
    report = tick(catalog, now=datetime.now(UTC))
    assert not report.failed
    with Session(guanxi_engine) as session:
        assert session.get(Customer, big.id).grade == "A"
        assert session.get(Customer, small.id).grade == "B"
        assert session.get(Customer, other.id).grade is None
