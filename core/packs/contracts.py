"""What each hook must return, checked where a pack's implementation returns it.

A pack returning the wrong thing (a dict instead of a :class:`~core.records.NavItem`, a router
instead of an :class:`~core.records.ApiRouter`) is a :class:`~core.errors.PackError` naming the pack
and the hook, raised by the pack's proxy the moment its implementation returns.  Callers therefore
get typed records back and never sort results with ``isinstance``; one wrong pack cannot hand core
an object that fails far away, in a template or a query.

Every ``guanxi_register_*`` and ``guanxi_validate_*`` hook has an entry (a test checks it); hooks
that only notify return nothing and need none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import hooks, records
from core.errors import PackError, Problem

#: Hook name -> the record types its implementations may return (one, a list of them, or None).
RECORD_TYPES: Mapping[str, tuple[type, ...]] = {
    hooks.guanxi_register_pack.__name__: (records.PackInfo,),
    hooks.guanxi_register_migrations.__name__: (records.MigrationsLocation,),
    hooks.guanxi_register_models.__name__: (type,),
    hooks.guanxi_register_api_routers.__name__: (records.ApiRouter,),
    hooks.guanxi_register_web_routes.__name__: (records.WebRoute,),
    hooks.guanxi_register_template_dirs.__name__: (records.TemplateDir,),
    hooks.guanxi_register_nav_items.__name__: (records.NavItem,),
    hooks.guanxi_register_customer_panels.__name__: (records.CustomerPanel,),
    hooks.guanxi_register_dashboard_widgets.__name__: (records.DashboardWidget,),
    hooks.guanxi_register_cli_commands.__name__: (records.CliCommand,),
    hooks.guanxi_register_editions.__name__: (records.Edition,),
    hooks.guanxi_register_metrics.__name__: (records.Metric,),
    hooks.guanxi_register_reminder_rules.__name__: (records.ReminderRule,),
    hooks.guanxi_register_segment_fields.__name__: (records.SegmentField,),
    hooks.guanxi_register_import_types.__name__: (records.ImportType,),
    hooks.guanxi_register_jobs.__name__: (records.Job,),
    hooks.guanxi_register_settings.__name__: (records.PackSettings,),
    hooks.guanxi_register_timeline_sources.__name__: (records.TimelineSource,),
    hooks.guanxi_register_goods_costs.__name__: (records.GoodsCostSource,),
    hooks.guanxi_register_static_dirs.__name__: (records.StaticDir,),
    hooks.guanxi_register_permissions.__name__: (records.Permission, records.Role),
    hooks.guanxi_validate_customer.__name__: (Problem,),
}


def as_list(result: Any) -> list[Any]:
    """A hook result as a list: packs may return one record, a list or tuple of them, or None."""
    if result is None:
        return []
    if isinstance(result, list | tuple):
        return list(result)
    return [result]


def check_result(pack: str, hook: str, result: Any) -> None:
    """Raise :class:`PackError` naming ``pack`` unless ``result`` holds only ``hook``'s records."""
    expected = RECORD_TYPES.get(hook)
    if expected is None:
        return
    for item in as_list(result):
        if not isinstance(item, expected):
            wanted = " or ".join(t.__name__ for t in expected)
            raise PackError(
                pack=pack,
                hook=hook,
                cause=TypeError(f"returned {type(item).__name__} {item!r:.80}, expected {wanted}"),
            )
