"""A well-behaved pack that records every event it sees, and can be told to fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Field

from sdk import (
    CliCommand,
    CustomerPanel,
    DashboardWidget,
    Edition,
    Job,
    JobContext,
    MigrationsLocation,
    NavItem,
    PackInfo,
    Problem,
    ReminderRule,
    TenantOwned,
    hookimpl,
)

EVENTS: list[tuple[str, int, Any]] = []
FAIL_ON: set[str] = set()


class RecorderNote(TenantOwned, table=True):
    """A pack row that points at a customer (used to check merges and migrations keep it)."""

    __tablename__ = "recorder_notes"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    text: str = ""


def _record(event: str, tenant: Any, payload: Any) -> None:
    if event in FAIL_ON:
        raise RuntimeError(f"recorder was told to fail in {event}")
    EVENTS.append((event, tenant.id, payload))


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="recorder", title="Recorder", version="1.2.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation("recorder", Path(__file__).parent / "notes_migrations" / "versions")


@hookimpl
def guanxi_register_models() -> list[type]:
    return [RecorderNote]


@hookimpl
def guanxi_register_editions() -> list[Edition]:
    return [
        Edition("recorder-industry", "Recorder industry", 40, packs=("recorder",), extends="professional")
    ]


@hookimpl
def guanxi_register_nav_items(tenant: Any) -> list[NavItem]:
    return [NavItem("Recorder", "/recorder/")]


@hookimpl
def guanxi_register_customer_panels(tenant: Any) -> list[CustomerPanel]:
    return [CustomerPanel("recorder", "Recorder", "recorder/panel.html", lambda **_: {})]


@hookimpl
def guanxi_register_dashboard_widgets(tenant: Any) -> list[DashboardWidget]:
    return [DashboardWidget("recorder", "Recorder", "recorder/widget.html", lambda **_: {})]


@hookimpl
def guanxi_register_reminder_rules(tenant: Any) -> list[ReminderRule]:
    return [ReminderRule("recorder-followup", "Follow up", lambda **_: [])]


def _hourly(ctx: JobContext) -> None:
    EVENTS.append(("job", ctx.tenant.id, ctx.fired_at))


@hookimpl
def guanxi_register_jobs() -> list[Job]:
    return [Job("recorder.hourly", _hourly, schedule="0 * * * *")]


@hookimpl
def guanxi_validate_customer(customer: Any, changes: dict[str, Any]) -> list[Problem]:
    if customer.name == "forbidden":
        return [Problem("name", "the recorder pack does not accept this name")]
    return []


@hookimpl
def guanxi_on_customer_created(tenant: Any, customer: Any) -> None:
    _record("customer_created", tenant, customer.id)


@hookimpl
def guanxi_on_customer_updated(tenant: Any, customer: Any, changes: dict[str, Any]) -> None:
    _record("customer_updated", tenant, sorted(changes))


@hookimpl
def guanxi_on_customers_merged(tenant: Any, survivor: Any, duplicate: Any) -> None:
    _record("customers_merged", tenant, (survivor.id, duplicate.id))


@hookimpl
def guanxi_on_interaction_logged(tenant: Any, interaction: Any) -> None:
    _record("interaction_logged", tenant, interaction.kind)


@hookimpl
def guanxi_on_tenant_enabled(tenant: Any, first_time: bool) -> None:
    _record("tenant_enabled", tenant, first_time)


@hookimpl
def guanxi_on_tenant_disabled(tenant: Any) -> None:
    _record("tenant_disabled", tenant, None)


@hookimpl
def guanxi_purge_tenant_data(tenant: Any) -> None:
    _record("purge_tenant_data", tenant, None)


@hookimpl
def guanxi_seed_demo(session: Any, tenant: Any) -> None:
    _record("seed_demo", tenant, None)


@hookimpl
def guanxi_register_cli_commands() -> list[CliCommand]:
    from fakepacks.recorder_cli import app

    return [CliCommand("recorder", app, help="Recorder commands.")]
