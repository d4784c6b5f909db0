"""The daily reminder run delivering 10,000 due activities on SQLite (goal: well under 5 s).

10,000 customers among 20 reps, each with one open activity due today or overdue (all five types),
delivered to the inbox and by e-mail to a local SMTP server (aiosmtpd).  Figures: the first run
(records and sends everything), and as the same-run baseline a repeated run that finds every
activity already delivered; both with the number of SQL statements, to show the run is set-based
(one SELECT per rule and batched inserts, not a statement per activity).  The catalogs are loaded
before timing, as they are in the server process that runs the job.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert, select
from sqlmodel import Session

from benchmarks._support import QUICK, local_mail_server, scratch_sqlite
from core.activities.models import Activity, ActivityKind
from core.db import make_engine
from core.i18n.translate import translate
from core.models import Customer, User
from core.packs.loader import get_registry
from core.records import Translatable
from core.reminders.run import run_reminders
from core.tenancy import unit_of_work
from core.tenants.service import create_tenant

ACTIVITIES = 2_000 if QUICK else 10_000
ON = date(2026, 6, 10)


def _seed(engine) -> object:
    with Session(engine, expire_on_commit=False) as session:
        tenant = create_tenant(session=session, slug=f"b-{uuid.uuid4().hex[:8]}", name="Bench", locale="en")
        session.commit()
    rng = random.Random(11)
    now = datetime.now(UTC)
    kinds = [k.value for k in ActivityKind]
    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:
        session.execute(
            insert(User),
            [
                {
                    "tenant_id": tenant.id,
                    "email": f"rep{i}-{uuid.uuid4().hex[:6]}@example.com",
                    "display_name": f"Rep {i}",
                    "role": "rep",
                    "password_hash": "",
                    "active": True,
                    "created_at": now,
                }
                for i in range(20)
            ],
        )
        user_ids = list(session.execute(select(User.id).where(User.tenant_id == tenant.id)).scalars())
        owners = [rng.choice(user_ids) for _ in range(ACTIVITIES)]
        session.execute(
            insert(Customer),
            [
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
                    "owner_id": owners[i],
                    "birthday_lunar": False,
                    "lunar_birth_leap": False,
                }
                for i in range(ACTIVITIES)
            ],
        )
        customers = session.execute(
            select(Customer.id, Customer.owner_id).where(Customer.tenant_id == tenant.id)
        ).all()
        session.execute(
            insert(Activity),
            [
                {
                    "tenant_id": tenant.id,
                    "customer_id": cid,
                    "user_id": owner,
                    "kind": kinds[i % len(kinds)],
                    "due_on": ON - timedelta(days=rng.randint(0, 5)),
                    "note": "回访报价",
                    "outcome": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for i, (cid, owner) in enumerate(customers)
            ],
        )
    return tenant


def main() -> None:
    engine = make_engine(scratch_sqlite("activity-reminders"))
    tenant = _seed(engine)
    _sink, controller = local_mail_server(engine, tenant)
    translate(Translatable("Call %(customer)s%(note)s", {"customer": "", "note": ""}), "zh_Hans")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        for label in ("first run", "repeated run (baseline)"):
            statements.clear()
            started = time.perf_counter()
            report = run_reminders(engine=engine, registry=get_registry(), tenant=tenant, on=ON)
            elapsed = time.perf_counter() - started
            print(
                f"{label}: {ACTIVITIES:,} open activities, {report.due} due, "
                f"{report.recorded['inapp']} new in-app, {report.notifications} notifications, "
                f"{report.emails_sent} e-mails, {len(statements)} SQL statements, {elapsed:.2f} s "
                f"(goal: well under 5 s)"
            )
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
