"""``guanxi demo``: a tenant that shows what the product does, with data for every installed pack."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from core.collections.demo import seed_collections
from core.customers.service import create_customer
from core.db import get_engine
from core.dbstats import refresh_statistics
from core.editions import change_edition
from core.interactions.service import log_interaction
from core.models import Tenant, User
from core.packs.registry import PackRegistry
from core.packs.state import enable_pack, hooks_for
from core.reminders.clock import tenant_today
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant
from core.types import utcnow
from core.users.service import create_user

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国志强俊杰欣怡子涵浩然雨轩思远佳怡"
CITIES = ("上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉", "台北", "高雄")
TAGS = ("VIP", "会员", "新客户", "团购", "批发", "酒店", "商场")
DEMO_PASSWORD = "guanxi-demo"
MOBILE_PREFIXES = ("138", "139", "135", "150", "158", "186", "188", "177")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


#: (purpose, kind, campaign, low, high) of the monthly costs the demo firm records.
DEMO_COSTS = (
    ("acquire", "marketing", "朋友圈广告", 6000, 12000),
    ("acquire", "promotion", "新客首单优惠", 2000, 5000),
    ("retain", "service", "", 3000, 6000),
    ("retain", "gift", "会员节日礼品", 1000, 3000),
)


def seed_demo_costs(*, session: Session, tenant: Tenant, rng: random.Random, today: date) -> None:
    """Twelve months of acquisition and retention spending, so CAC and retention cost have values."""
    from core.costs.service import CostInput, record_cost

    month = today.replace(day=1)
    for _ in range(12):
        for category, kind, campaign, low, high in DEMO_COSTS:
            data = CostInput(
                category=category,
                kind=kind,
                amount=Decimal(rng.randrange(low, high)),
                incurred_on=month,
                campaign=campaign,
            )
            record_cost(session=session, tenant=tenant, caller=None, data=data, actor="demo")
        month = (month - timedelta(days=1)).replace(day=1)


def create_demo(*, registry: PackRegistry, slug: str = "demo", customers: int = 300, seed: int = 7) -> str:
    """A demo tenant with every pack of ``registry`` enabled and seeded."""
    engine = get_engine()
    rng = random.Random(seed)
    with unit_of_work(engine, None, registry=registry) as session:
        if session.exec(select(Tenant).where(Tenant.slug == slug)).first():
            return f"demo tenant '{slug}' already exists; sign in as owner@{slug}.example / {DEMO_PASSWORD}"
        tenant = create_tenant(session=session, slug=slug, name="关系演示商贸有限公司")
        owner = create_user(
            session=session,
            tenant=tenant,
            email=f"owner@{slug}.example",
            password=DEMO_PASSWORD,
            role="owner",
            display_name="王店长",
        )
        reps = [
            create_user(
                session=session,
                tenant=tenant,
                email=f"rep{i}@{slug}.example",
                password=DEMO_PASSWORD,
                role="rep",
                display_name=name,
                team="华东",
            )
            for i, name in enumerate(("李娜", "陈伟"), start=1)
        ]
    assert tenant.id is not None
    with unit_of_work(engine, tenant.id, registry=registry) as session:
        session.add(tenant)
        change_edition(session=session, tenant=tenant, edition="professional", actor=owner.email)
        for pack in registry.packs:
            enable_pack(session=session, tenant=tenant, pack=pack, actor=owner.email)
    now = utcnow()
    with unit_of_work(engine, tenant.id, registry=registry) as session:
        session.add(tenant)
        users: list[User] = [owner, *reps]
        customer_ids: list[int] = []
        for i in range(customers):
            customer = create_customer(
                session=session,
                tenant=tenant,
                data={
                    "name": _name(rng),
                    "phones": [f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"],
                    "emails": [f"demo{i}@example.cn"],
                    "birthday": (now - timedelta(days=rng.randrange(20 * 365, 60 * 365))).date(),
                    "city": rng.choice(CITIES),
                    "tags": rng.sample(TAGS, rng.randrange(0, 3)),
                    "owner_id": rng.choice(users).id,
                    "team": "华东",
                    "external_id": f"DEMO{i:05d}",
                },
            )
            assert customer.id is not None
            customer_ids.append(customer.id)
            # customers joined over two years, so monthly figures (CAC, retention cost) have a base
            age = rng.randrange(0, 720)
            customer.created_at = now - timedelta(days=age)
            for _ in range(rng.randrange(1, 6)):
                kind = rng.choice(("call", "visit", "purchase", "email", "note"))
                log_interaction(
                    session=session,
                    tenant=tenant,
                    customer_id=customer.id,
                    user_id=customer.owner_id,
                    data={
                        "kind": kind,
                        "occurred_at": now
                        - timedelta(days=rng.randrange(0, max(age, 1)), minutes=rng.randrange(0, 1440)),
                        "summary": {
                            "call": "电话回访",
                            "visit": "上门拜访",
                            "purchase": "购买商品",
                            "email": "发送促销邮件",
                            "note": "备注",
                        }[kind],
                        "amount": Decimal(rng.randrange(50, 5000)) if kind == "purchase" else None,
                    },
                )
        seed_collections(
            session=session, tenant=tenant, rng=rng, customer_ids=customer_ids, today=tenant_today(tenant)
        )
        seed_demo_costs(session=session, tenant=tenant, rng=rng, today=now.date())
        hooks_for(session, tenant).seed_demo(session=session, tenant=tenant)
    refresh_statistics(engine)  # the demo's first pages are planned on its data, not on guesses
    return (
        f"demo tenant '{slug}' ready with {customers} customers; "
        f"sign in as owner@{slug}.example / {DEMO_PASSWORD}"
    )
