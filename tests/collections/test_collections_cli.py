"""``guanxi collections``: an operator records a plan and a payment and prints the ageing."""

from __future__ import annotations

import json

from cli_in_process import run_guanxi


def test_operator_records_a_plan_pays_part_and_reads_the_ageing(make_tenant, make_customer):
    tenant = make_tenant()
    customer = make_customer(tenant)
    made = run_guanxi(
        "collections",
        "plan",
        "--tenant",
        tenant.slug,
        "--customer",
        str(customer.id),
        "--title",
        "合同 9",
        "--instalment",
        "1000.00@2026-01-10",
        "--instalment",
        "500@2026-03-10",
    )
    assert made.returncode == 0, made.stderr
    plan_id = made.stdout.split()[1].rstrip(":")
    paid = run_guanxi("collections", "pay", "--tenant", tenant.slug, "--plan", plan_id, "--amount", "400")
    assert paid.returncode == 0, paid.stderr
    assert "paid 400.00 CNY" in paid.stdout
    table = run_guanxi("collections", "ageing", "--tenant", tenant.slug, "--date", "2026-02-20", "--json")
    assert json.loads(table.stdout)["ageing"]["CNY"] == {
        "current": "500.00",
        "1_30": "0.00",
        "31_60": "600.00",
        "61_90": "0.00",
        "90_plus": "0.00",
        "total": "1100.00",
    }


def test_cli_refuses_bad_input_in_one_line(make_tenant, make_customer):
    tenant = make_tenant()
    customer = make_customer(tenant)
    bad = run_guanxi(
        "collections",
        "plan",
        "--tenant",
        tenant.slug,
        "--customer",
        str(customer.id),
        "--title",
        "x",
        "--instalment",
        "abc@2026-01-10",
    )
    assert bad.returncode != 0 and "--instalment" in bad.stderr and "Traceback" not in bad.stderr
    made = run_guanxi(
        "collections",
        "plan",
        "--tenant",
        tenant.slug,
        "--customer",
        str(customer.id),
        "--title",
        "x",
        "--instalment",
        "10@2026-01-10",
    )
    plan_id = made.stdout.split()[1].rstrip(":")
    over = run_guanxi("collections", "pay", "--tenant", tenant.slug, "--plan", plan_id, "--amount", "10.01")
    assert over.returncode != 0 and "amount" in over.stderr and "Traceback" not in over.stderr
