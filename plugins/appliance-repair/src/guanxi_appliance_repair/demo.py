"""Demo data: a week of repair tickets for the usual household brands."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from sdk import Customer, Tenant, utcnow

from .service import open_ticket

TICKETS = (
    ("海尔冰箱 BCD-470WDPG", "冷藏室不制冷，压缩机一直运转", "BH4702301187", 200),
    ("美的空调 KFR-35GW", "室内机漏水，制冷效果差", "MD35GW2209451", 500),
    ("格力空调 KFR-26GW", "开机显示E1故障代码", "GR26GW2112033", 900),
    ("西门子洗衣机 WM12P2602W", "脱水时异响，机身晃动", "SI12P2305521", 120),
    ("方太油烟机 CXW-258", "吸力明显变弱，噪音大", None, 60),
    ("小天鹅洗衣机 TG100", "不进水", "LS1002104410", 1500),
)


def seed_demo_tickets(*, session: Session, tenant: Tenant) -> int:
    """Open one ticket per entry for the first customers; return how many."""
    found = session.exec(select(Customer.id).order_by(col(Customer.id)).limit(len(TICKETS))).all()
    customer_ids = [customer_id for customer_id in found if customer_id is not None]
    if not customer_ids:
        return 0
    now = utcnow()
    for n, (appliance, symptom, serial, age_days) in enumerate(TICKETS):
        open_ticket(
            session=session,
            tenant=tenant,
            customer_id=customer_ids[n % len(customer_ids)],
            appliance=appliance,
            symptom=symptom,
            serial=serial,
            purchased_on=(now - timedelta(days=age_days)).date(),
            opened_at=now - timedelta(days=n, hours=2),
        )
    return len(TICKETS)
