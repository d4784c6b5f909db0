"""The daily reminder run over 100,000 customers on SQLite (goal: <= 10 s), with e-mail delivery.

Customers get random solar or lunar birthdays (a third lunar), owners among 20 reps, plus open
follow-ups and collection instalments; a local SMTP server (aiosmtpd) receives the digests.  Figures: the
first run (records and sends), a repeated run (must deliver nothing), and how many SQL statements
each run issued, to show the run is set-based (a handful, not one per customer).
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert
from sqlmodel import Session

from benchmarks._support import QUICK, local_mail_server, scratch_sqlite
from core.collections.models import CollectionInstalment, CollectionPlan
from core.db import make_engine
from core.models import Customer, User
from core.packs.loader import get_registry
from core.reminders.models import FollowUp
from core.reminders.run import run_reminders
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant

CUSTOMERS = 20_000 if QUICK else 100_000
ON = date(2026, 2, 17)


def _seed(engine) -> object:
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=f"b-{uuid.uuid4().hex[:8]}", name="Bench", locale="en")
        session.commit()
    rng = random.Random(7)
    now = datetime.now(UTC)
    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
        users = [
            {
                "tenant_id": tenant.id,
                "email": f"rep{i}-{uuid.uuid4().hex[:6]}@example.com",
                "display_name": f"Rep {i}",
                "role": "owner" if i == 0 else "rep",
                "password_hash": "",
                "active": True,
                "created_at": now,
            }
            for i in range(20)
        ]
        session.execute(insert(User), users)
        user_ids = [
            row[0]
            for row in session.execute(
                User.__table__.select().with_only_columns(User.id).where(User.tenant_id == tenant.id)
            )
        ]
        rows = []
        for i in range(CUSTOMERS):
            lunar = i % 3 == 0
            rows.append(
                {
                    "tenant_id": tenant.id,
                    "name": f"客户{i}",
                    "name_key": f"kehu{i}",
                    "kind": "person",
                    "phones": [],
                    "emails": [],
                    "tags": [],
                    "pack_data": {},
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "owner_id": rng.choice(user_ids) if i % 10 else None,
                    "birthday": None if lunar else date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40)),
                    "birthday_lunar": lunar,
                    "lunar_birth_month": rng.randint(1, 12) if lunar else None,
                    "lunar_birth_day": rng.randint(1, 30) if lunar else None,
                    "lunar_birth_leap": False,
                }
            )
        for start in range(0, len(rows), 5000):
            session.execute(insert(Customer), rows[start : start + 5000])
        ids = [
            row[0]
            for row in session.execute(
                Customer.__table__.select()
                .with_only_columns(Customer.id)
                .where(Customer.tenant_id == tenant.id)
            )
        ]
        sample = rng.sample(ids, min(len(ids), 2000))
        session.execute(
            insert(FollowUp),
            [
                {
                    "tenant_id": tenant.id,
                    "customer_id": cid,
                    "due_on": ON + timedelta(days=rng.randint(-3, 30)),
                    "note": "回访",
                    "created_at": now,
                }
                for cid in sample[:1000]
            ],
        )
        plans = session.execute(
            insert(CollectionPlan).returning(CollectionPlan.id, CollectionPlan.customer_id),
            [
                {
                    "tenant_id": tenant.id,
                    "customer_id": cid,
                    "title": "合同",
                    "currency": "CNY",
                    "note": "",
                    "remind_customer": False,
                    "created_at": now,
                }
                for cid in sample[1000:]
            ],
        ).all()
        session.execute(
            insert(CollectionInstalment),
            [
                {
                    "tenant_id": tenant.id,
                    "plan_id": pid,
                    "customer_id": cid,
                    "seq": 1,
                    "amount": 100,
                    "currency": "CNY",
                    "paid_amount": 0,
                    "due_on": ON + timedelta(days=rng.randint(-20, 30)),
                    "created_at": now,
                }
                for pid, cid in plans
            ],
        )
    return tenant


def main() -> None:
    engine = make_engine(scratch_sqlite("reminders"))
    tenant = _seed(engine)
    sink, controller = local_mail_server(engine, tenant)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        for label in ("first run", "repeated run"):
            statements.clear()
            started = time.perf_counter()
            report = run_reminders(engine=engine, registry=get_registry(), tenant=tenant, on=ON)
            elapsed = time.perf_counter() - started
            print(
                f"{label}: {CUSTOMERS:,} customers, {report.due} due, "
                f"{report.recorded['inapp']} new in-app, {report.emails_sent} e-mails "
                f"({sink.count} messages so far), {len(statements)} SQL statements, {elapsed:.2f} s "
                f"(goal <= 10 s)"
            )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
