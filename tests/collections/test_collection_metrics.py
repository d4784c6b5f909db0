"""Collection rate, overdue amount and DSO, worked by hand for one month and one tenant."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from core.collections.metrics import collection_rate, days_sales_outstanding, overdue_amount
from core.collections.service import InstalmentInput, create_plan, instalments_of, record_payment, write_off

START, END = date(2026, 3, 1), date(2026, 4, 1)


def _plan(session, tenant, customer, amount, due, created, currency="CNY"):
    plan = create_plan(
        session=session,
        tenant=tenant,
        customer_id=customer.id,
        title="合同",
        currency=currency,
        instalments=[InstalmentInput(Decimal(amount), due)],
    )
    [instalment] = instalments_of(session=session, plan_ids=[plan.id])[plan.id]
    instalment.created_at = datetime.combine(created, datetime.min.time(), tzinfo=UTC)
    session.add(instalment)
    return plan


def test_collection_metrics_of_a_month_match_the_hand_worked_figures(make_tenant, make_customer, uow):
    tenant = make_tenant(timezone="UTC")
    customer = make_customer(tenant)
    with uow(tenant) as session:
        first = _plan(session, tenant, customer, "1000.00", date(2026, 3, 10), date(2026, 2, 15))
        record_payment(session=session, plan=first, amount=Decimal("600.00"), paid_on=date(2026, 3, 12))
        record_payment(session=session, plan=first, amount=Decimal("400.00"), paid_on=date(2026, 4, 5))
        _plan(session, tenant, customer, "500.00", date(2026, 3, 20), date(2026, 3, 5))
        lost = _plan(session, tenant, customer, "300.00", date(2026, 2, 10), date(2026, 1, 10))
        [gone] = instalments_of(session=session, plan_ids=[lost.id])[lost.id]
        write_off(session=session, plan=lost, instalment_id=gone.id, reason="破产")
        gone.written_off_at = datetime(2026, 3, 15, tzinfo=UTC)
        session.add(gone)
        _plan(session, tenant, customer, "200.00", date(2026, 4, 10), date(2026, 3, 20))
        _plan(session, tenant, customer, "999.00", date(2026, 3, 15), date(2026, 3, 2), currency="USD")
    with uow(tenant) as session:
        args = {"session": session, "tenant": tenant, "start": START, "end": END}
        # due in March: 1000 + 500; paid before April: 600
        assert collection_rate(**args) == Decimal("40.00")
        # past due and open on 1 April: 400 + 500 (the written-off 300 no longer counts)
        assert overdue_amount(**args) == Decimal("900.00")
        # open on 1 April 400 + 500 + 200 = 1100; billed in March 500 + 200 = 700; 1100 / 700 × 31
        assert days_sales_outstanding(**args) == Decimal("48.7")


def test_a_month_with_nothing_due_has_no_collection_figures(make_tenant, uow):
    tenant = make_tenant()
    with uow(tenant) as session:
        args = {"session": session, "tenant": tenant, "start": START, "end": END}
        assert collection_rate(**args) is None
        assert days_sales_outstanding(**args) is None
        assert overdue_amount(**args) is None
