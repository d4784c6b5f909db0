"""Promotion, payment and follow-up reminders, pack rules, and the CLI command."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from typer.testing import CliRunner

from core.cli.main import build_cli
from core.collections.service import InstalmentInput, create_plan, instalments_of, record_payment
from core.packs.loader import get_registry
from core.reminders.inbox import list_notifications, mark_read, unread_count
from core.reminders.models import FollowUp, Promotion
from core.reminders.run import run_reminders

ON = date(2026, 6, 10)


def test_promotions_payments_and_follow_ups_are_reminded_to_the_right_people(
    guanxi_engine, make_tenant, make_user, make_customer, uow
):
    tenant = make_tenant(locale="en")
    admin, rep, helper = make_user(tenant, role="admin"), make_user(tenant), make_user(tenant)
    customer = make_customer(tenant, name="陈静", owner_id=rep.id)
    with uow(tenant) as session:
        session.add(
            Promotion(tenant_id=tenant.id, title="618 大促", starts_on=ON, ends_on=ON + timedelta(days=1))
        )
        plan = create_plan(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            title="合同 A",
            instalments=[
                InstalmentInput(Decimal("500.00"), ON - timedelta(days=14)),
                InstalmentInput(Decimal("300.00"), ON + timedelta(days=3)),
                InstalmentInput(Decimal("80.00"), ON),
            ],
        )
        first, paid, _soon = instalments_of(session=session, plan_ids=[plan.id])[plan.id]
        record_payment(
            session=session, plan=plan, amount=Decimal("200.00"), paid_on=ON, instalment_id=first.id
        )
        record_payment(session=session, plan=plan, amount=Decimal("80.00"), paid_on=ON, instalment_id=paid.id)
        session.add(
            FollowUp(
                tenant_id=tenant.id, customer_id=customer.id, due_on=ON, note="回访报价", user_id=helper.id
            )
        )
    report = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert report.rule_errors == []
    with uow(tenant) as session:
        titles = {
            u.id: sorted(n.title for n in list_notifications(session=session, user=u))
            for u in (admin, rep, helper)
        }
    assert titles[admin.id] == ["Promotion ends: 618 大促", "Promotion starts: 618 大促"]
    assert titles[rep.id] == [
        "Payment due soon: 陈静: 300.00 CNY (2026-06-13)",
        "Payment overdue: 陈静: 300.00 CNY (2026-05-27)",
    ]
    assert titles[helper.id] == ["Follow-up due: 陈静: 回访报价"]
    with uow(tenant) as session:
        assert mark_read(session=session, user=rep) == 2
        assert unread_count(session=session, user=rep) == 0
    next_day = run_reminders(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON + timedelta(days=1)
    )
    assert next_day.recorded["inapp"] == 0


def test_guanxi_register_reminder_rules_of_enabled_packs_join_the_run(
    recorder, guanxi_engine, make_tenant, make_user
):
    tenant = make_tenant(packs=["recorder"])
    make_user(tenant, role="owner")
    report = run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=ON)
    assert report.rule_errors == [] and report.due == 0


def test_cli_runs_reminders_for_a_tenant_and_date(guanxi_engine, make_tenant, make_user, make_customer):
    tenant = make_tenant()
    make_user(tenant, role="owner")
    make_customer(tenant, birthday=date(1990, 6, 10))
    runner = CliRunner()
    first = runner.invoke(
        build_cli(), ["reminders", "run", "--tenant", tenant.slug, "--date", "2026-06-10", "--json"]
    )
    assert first.exit_code == 0, first.output
    assert '"new_inapp": 1' in first.output
    again = runner.invoke(
        build_cli(), ["reminders", "run", "--tenant", tenant.slug, "--date", "2026-06-10", "--json"]
    )
    assert '"new_inapp": 0' in again.output
    bad = runner.invoke(build_cli(), ["reminders", "run", "--tenant", tenant.slug, "--date", "June"])
    assert bad.exit_code != 0 and "--date" in str(bad.exception)
