"""Demo data: a pipeline of machinery deals at every stage."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from sdk import Customer, Tenant, utcnow

from .service import create_opportunity

DEALS = (
    ("数控车床 CK6150 两台", "lead", "360000.00"),
    ("立式加工中心 VMC850 产线改造", "qualified", "1280000.00"),
    ("激光切割机 3015 光纤 6kW", "proposal", "520000.00"),
    ("注塑机 HT-260 四台及模温机", "negotiation", "880000.00"),
    ("空压机 55kW 变频 年度维保合同", "won", "96000.00"),
    ("叉车 3 吨电动 五台", "lost", "410000.00"),
    ("工业机器人 焊接工作站", "proposal", "750000.00"),
)


def seed_demo_opportunities(*, session: Session, tenant: Tenant) -> int:
    """Add one deal per entry for the first customers; return how many."""
    found = session.exec(select(Customer.id).order_by(col(Customer.id)).limit(len(DEALS))).all()
    customer_ids = [customer_id for customer_id in found if customer_id is not None]
    if not customer_ids:
        return 0
    today = utcnow().date()
    for n, (title, stage, amount) in enumerate(DEALS):
        create_opportunity(
            session=session,
            tenant=tenant,
            customer_id=customer_ids[n % len(customer_ids)],
            title=title,
            stage=stage,
            amount=Decimal(amount),
            expected_close=today + timedelta(days=30 * (n + 1)),
        )
    return len(DEALS)
