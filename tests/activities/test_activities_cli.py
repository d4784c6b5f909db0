"""``guanxi activities``: an operator scripts follow-ups for a tenant, or acts as one of its users."""

from __future__ import annotations

import json
from datetime import timedelta

from typer.testing import CliRunner

from core.cli.main import build_cli
from core.reminders.clock import tenant_today


def _run(*args: str):
    return CliRunner().invoke(build_cli(), list(args))


def test_operator_adds_snoozes_reassigns_and_completes_an_activity(
    make_tenant, make_user, make_customer, uow
):
    tenant = make_tenant()
    rep, manager = make_user(tenant), make_user(tenant, role="manager")
    customer = make_customer(tenant, name="陈静", owner_id=rep.id)
    today = tenant_today(tenant)
    added = _run(
        "activities", "add", "--tenant", tenant.slug, "--customer", f"#{customer.id}", "--type", "call",
        "--due", today.isoformat(), "--note", "回访", "--as", rep.email, "--json",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    activity = json.loads(added.output)
    assert (activity["assignee_id"], activity["created_by_id"]) == (rep.id, rep.id)
    later = (today + timedelta(days=2)).isoformat()
    snoozed = _run("activities", "snooze", str(activity["id"]), "--tenant", tenant.slug, "--until", later)
    assert snoozed.exit_code == 0 and f"due {later}" in snoozed.output
    moved = _run(
        "activities", "reassign", str(activity["id"]), "--tenant", tenant.slug, "--to", manager.email
    )
    assert moved.exit_code == 0, moved.output
    listed = _run("activities", "list", "--tenant", tenant.slug, "--assignee", manager.email, "--json")
    assert [a["id"] for a in json.loads(listed.output)] == [activity["id"]]
    done = _run(
        "activities", "complete", str(activity["id"]), "--tenant", tenant.slug, "--outcome", "已下单",
        "--as", manager.email, "--json",
    )  # fmt: skip
    assert done.exit_code == 0 and json.loads(done.output)["done_by_id"] == manager.id
    again = _run("activities", "complete", str(activity["id"]), "--tenant", tenant.slug)
    assert again.exit_code != 0 and "already completed" in str(again.exception or again.output)


def test_acting_as_a_rep_keeps_to_their_customers_and_bad_input_is_named(
    make_tenant, make_user, make_customer
):
    tenant = make_tenant()
    rep, other = make_user(tenant), make_user(tenant)
    customer = make_customer(tenant, owner_id=other.id)
    hidden = _run(
        "activities", "add", "--tenant", tenant.slug, "--customer", f"#{customer.id}", "--due", "2030-01-01",
        "--as", rep.email,
    )  # fmt: skip
    assert hidden.exit_code != 0 and "not found" in str(hidden.exception)
    bad = _run("activities", "add", "--tenant", tenant.slug, "--customer", f"#{customer.id}", "--due", "soon")
    assert bad.exit_code != 0 and "--due" in str(bad.exception)
    kind = _run(
        "activities", "add", "--tenant", tenant.slug, "--customer", f"#{customer.id}", "--due", "2030-01-01",
        "--type", "party",
    )  # fmt: skip
    assert kind.exit_code != 0 and "kind" in str(kind.exception)
