"""The demo tenant has collection plans, so the collection metrics show values."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import select

from core.collections.metrics import collection_rate, days_sales_outstanding, overdue_amount
from core.collections.models import CollectionPlan
from core.models import Tenant
from core.packs.loader import get_registry
from core.reminders.clock import tenant_today
from core.tenancy import unit_of_work


def test_demo_tenant_has_plans_and_collection_metrics_have_values(guanxi_engine):
    from core.demo import create_demo

    slug = f"demo-{uuid.uuid4().hex[:6]}"
    create_demo(registry=get_registry(), slug=slug, customers=40)
    with unit_of_work(guanxi_engine, None, registry=get_registry()) as session:
        tenant = session.exec(select(Tenant).where(Tenant.slug == slug)).one()
    with unit_of_work(guanxi_engine, tenant.id, registry=get_registry()) as session:
        assert len(session.exec(select(CollectionPlan)).all()) >= 3
        end = tenant_today(tenant) + timedelta(days=1)
        args = {"session": session, "tenant": tenant, "start": end - timedelta(days=365), "end": end}
        assert collection_rate(**args) is not None
        assert overdue_amount(**args) is not None
        assert days_sales_outstanding(**args) is not None
