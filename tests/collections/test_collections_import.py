"""Importing collection plans and payments: grouped plans, booked once, over-payment refused."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from core.collections.models import CollectionInstalment, CollectionPayment, CollectionPlan
from core.importing.bulk import import_file
from core.packs.loader import get_registry

PLANS = """计划编号,客户编号,标题,金额,到期日
HT-1,C-1,合同一,"1,000.00",2026-01-31
HT-1,C-1,合同一,1000,2026-02-28
HT-1,C-1,合同一,500.50,2026-03-31
HT-2,nobody,合同二,100,2026-01-31
HT-3,C-1,合同三,12.345,2026-01-31
"""
PAYMENTS = """plan_ref,reference,amount,paid_on,instalment
HT-1,TX-1,400,2026-01-20,
HT-1,TX-2,1200,2026-02-20,
HT-1,TX-3,5000,2026-03-01,
HT-9,TX-4,1,2026-03-01,
HT-1,TX-5,10,2026-03-01,3
"""


def _import(guanxi_engine, tenant, tmp_path, name, text, record_type):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, record_type=record_type, source=path
    )


def test_plans_and_payments_import_once_and_refuse_what_is_wrong(
    guanxi_engine, make_tenant, make_customer, uow, tmp_path
):
    tenant = make_tenant()
    make_customer(tenant, name="客户一", external_id="C-1")
    plans = _import(guanxi_engine, tenant, tmp_path, "plans.csv", PLANS, "collection-plans")
    assert plans.created == 3 and plans.rejected == 2
    assert {r.line for r in plans.rejects} == {5, 6}
    again = _import(guanxi_engine, tenant, tmp_path, "plans.csv", PLANS, "collection-plans")
    assert again.created == 0 and again.unchanged == 3

    paid = _import(guanxi_engine, tenant, tmp_path, "pay.csv", PAYMENTS, "collection-payments")
    assert paid.created == 3 and {r.line for r in paid.rejects} == {4, 5}
    twice = _import(guanxi_engine, tenant, tmp_path, "pay.csv", PAYMENTS, "collection-payments")
    assert twice.created == 0 and twice.unchanged == 3
    with uow(tenant) as session:
        [plan] = session.exec(select(CollectionPlan)).all()
        instalments = session.exec(select(CollectionInstalment).order_by(CollectionInstalment.seq)).all()
        assert plan.external_ref == "HT-1" and plan.title == "合同一"
        assert [i.paid_amount for i in instalments] == [
            Decimal("1000.00"),
            Decimal("600.00"),
            Decimal("10.00"),
        ]
        assert len(session.exec(select(CollectionPayment)).all()) == 4  # TX-2 spans two instalments


def test_exported_plans_and_payments_import_creating_nothing(
    guanxi_engine, make_tenant, make_customer, uow, tmp_path
):
    from core.collections.service import InstalmentInput, create_plan, record_payment
    from core.importing.export import export_records
    from core.importing.packtypes import pack_import_type

    tenant = make_tenant()
    customer = make_customer(tenant, name="无编号客户", external_id="C-9")
    with uow(tenant) as session:
        from datetime import date

        plan = create_plan(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            title="no number",
            instalments=[
                InstalmentInput(Decimal("100.00"), date(2026, 1, 1)),
                InstalmentInput(Decimal("50.00"), date(2026, 2, 1)),
            ],
        )
        record_payment(session=session, plan=plan, amount=Decimal("120.00"), paid_on=date(2026, 1, 5))
    for key, name in (("collection-plans", "plans.csv"), ("collection-payments", "payments.csv")):
        with uow(tenant) as session:
            kind = pack_import_type(session=session, tenant=tenant, key=key)
            export_records(session=session, tenant=tenant, import_type=kind, target=tmp_path / name)
        report = import_file(
            engine=guanxi_engine,
            registry=get_registry(),
            tenant=tenant,
            record_type=key,
            source=tmp_path / name,
        )
        assert report.rejected == 0 and report.created == 0 and report.unchanged == 2, (key, report.rejects)
    with uow(tenant) as session:
        assert len(session.exec(select(CollectionPlan)).all()) == 1
        assert len(session.exec(select(CollectionPayment)).all()) == 2
