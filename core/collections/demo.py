"""Collection plans for the demo tenant: some paid, some partly, some late, so the ageing page and
the collection metrics have something to show."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session

from core.collections.service import InstalmentInput, create_plan, instalments_of, record_payment
from core.models import Tenant


def seed_collections(
    *, session: Session, tenant: Tenant, rng: random.Random, customer_ids: list[int], today: date
) -> int:
    """A three-instalment plan for about one customer in five; returns how many plans."""
    made = 0
    for customer_id in customer_ids:
        if rng.random() > 0.2:
            continue
        start = today - timedelta(days=rng.randrange(0, 240))
        step = rng.choice((30, 30, 60))
        amount = Decimal(rng.randrange(20, 300) * 100)
        plan = create_plan(
            session=session,
            tenant=tenant,
            customer_id=customer_id,
            title=f"合同 HT-{today.year}-{customer_id:04d}",
            instalments=[InstalmentInput(amount, start + timedelta(days=step * n)) for n in range(1, 4)],
            reference_type="contract",
            reference_id=f"HT-{customer_id:04d}",
        )
        assert plan.id is not None
        instalments = instalments_of(session=session, plan_ids=[plan.id])[plan.id]
        for instalment in instalments:
            instalment.created_at = datetime.combine(start, time(9), tzinfo=UTC)
            if instalment.due_on > today:
                continue
            share = rng.choice((Decimal(1), Decimal(1), Decimal("0.5"), Decimal(0)))
            paid = (instalment.amount * share).quantize(Decimal("0.01"))
            if paid > 0:
                late = timedelta(days=rng.randrange(-5, 20))
                record_payment(
                    session=session,
                    plan=plan,
                    amount=paid,
                    instalment_id=instalment.id,
                    paid_on=min(today, instalment.due_on + late),
                    method=rng.choice(("银行转账", "支付宝", "微信支付")),
                )
        made += 1
    return made
