"""Demo data: city territories under the default regions and a season of market reports."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from sdk import Customer, Tenant, User, utcnow

from .service import file_report
from .territories import create_territory, territory_exists

CITIES = (
    ("SH", "上海", "华东", "EAST"),
    ("HZ", "杭州", "华东", "EAST"),
    ("GZ", "广州", "华南", "SOUTH"),
    ("BJ", "北京", "华北", "NORTH"),
    ("CD", "成都", "西南", "SOUTHWEST"),
)
REPORTS = (
    ("tender", "SH", "第九批国家集采阿托伐他汀钙片中选价降至每片0.12元，三甲医院4月起执行。"),
    ("competitor", "GZ", "竞品瑞舒伐他汀在天河区社区医院开展学术推广会，邀请心内科主任讲课。"),
    ("pricing", "HZ", "省医保局公布新一轮挂网价格，原研药需在6月底前完成价格联动。"),
    ("policy", "BJ", "DRG付费改革覆盖全部二级以上医院，心内科住院用药结构开始调整。"),
    ("prescribing", "CD", "华西医院心内科门诊处方量环比增长15%，主要来自复诊患者。"),
    ("product_feedback", "SH", "药剂科反馈新包装铝塑板易破损，建议加厚。"),
)


def seed_demo_reports(*, session: Session, tenant: Tenant) -> int:
    """Add city territories (when missing) and a few reports; return how many reports."""
    for code, name, region, parent in CITIES:
        missing = not territory_exists(session=session, code=code)
        if missing and territory_exists(session=session, code=parent):
            create_territory(
                session=session, tenant=tenant, code=code, name=name, region=region, parent_code=parent
            )
    first_customers = select(Customer.id).order_by(col(Customer.id)).limit(len(REPORTS))
    customer_ids = list(session.exec(first_customers).all())
    reporter = session.exec(select(User.id).order_by(col(User.id))).first()
    now = utcnow()
    for n, (topic, territory, content) in enumerate(REPORTS):
        file_report(
            session=session,
            tenant=tenant,
            topic=topic,
            content=content,
            territory_code=territory if territory_exists(session=session, code=territory) else None,
            customer_id=customer_ids[n] if n < len(customer_ids) else None,
            reported_by=reporter,
            reported_at=now - timedelta(days=7 * n + 1),
        )
    return len(REPORTS)
