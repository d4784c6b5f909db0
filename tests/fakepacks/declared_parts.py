"""What :mod:`fakepacks.declared` names by import string: imported only when a hook asks for it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from sdk import (
    CliCommand,
    CustomerPanel,
    DashboardWidget,
    GoodsCostSource,
    ImportType,
    Job,
    Metric,
    NavItem,
    PackSettings,
    Problem,
    ReminderRule,
    SegmentField,
    TimelineSource,
)


class DeclaredThing:
    """Stands for a table class (a real one would join SQLModel's metadata for every test)."""


class OtherThing:
    pass


MORE_THINGS = [OtherThing]
api_router = APIRouter()
web_router = APIRouter()


def _nothing(**_: Any) -> dict[str, Any]:
    return {}


def nav_item(tenant: Any) -> NavItem:
    return NavItem(f"Declared for {tenant}", "/declared/")


customer_panels = [CustomerPanel("declared", "Declared", "declared/_panel.html", _nothing)]
dashboard_widgets = [DashboardWidget("declared", "Declared", "declared/_widget.html", _nothing)]
cli_commands = [CliCommand("declared", object(), "Declared commands.")]
metrics = [Metric("declared", "Declared", _nothing)]
reminder_rules = [ReminderRule("declared", "Declared", _nothing)]
segment_fields = [SegmentField("declared", "Declared", _nothing)]
import_types = [ImportType("declared", "Declared", {"name": ("name",)}, _nothing)]
jobs = [Job("declared.nothing", _nothing)]


class DeclaredSettings(BaseModel):
    shelves: int = 3


settings = PackSettings(DeclaredSettings, title="Declared", titles={"zh_Hans": "声明", "zh_Hant": "聲明"})
timeline_sources = [TimelineSource("declared.things", "Thing", _nothing)]
goods_costs = [GoodsCostSource("declared.things", _nothing)]

#: What the declared handlers heard, in order (tests clear it first).
HEARD: list[Any] = []
PROBLEMS = [Problem("name", "declared pack refuses")]


def owner_changed(customer: Any, changes: Any) -> None:
    """Names two of the hook's arguments: gets those two, by name."""
    HEARD.append(("owner", customer, changes))


def heard_anything(**arguments: Any) -> None:
    HEARD.append(("anything", {"customer": arguments["customer"]}))


def problems(customer: Any) -> list[Any]:
    return PROBLEMS
