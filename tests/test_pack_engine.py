"""The pack engine as one package: typed hooks, checked records, the deployment's switches, and
caches that belong to the registry they came from."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path

import pytest
from fakepacks import entry_point
from fastapi import FastAPI
from typer.testing import CliRunner

from core import hooks
from core.api.packs import mount_pack_routers
from core.auth.permissions import permission_model
from core.cli.main import build_cli
from core.errors import PackError
from core.packs.contracts import RECORD_TYPES
from core.packs.facade import StartupHooks, TenantHooks
from core.packs.loader import get_registry, load_packs, set_registry
from core.packs.selection import PackSelection
from core.packs.state import hooks_for
from core.records import Edition, NavItem, ReminderRule
from core.settings import get_settings
from core.tenancy import NoPackRegistry, tenant_session

RECORDER = entry_point("recorder", "recorder")
WRONG = entry_point("wrong-record", "wrong_record")
CORE = Path(__file__).resolve().parents[1] / "core"


def test_tenant_hooks_return_typed_records_of_core_and_enabled_packs(make_tenant):
    registry = load_packs([RECORDER])
    tenant = make_tenant()
    items = TenantHooks(registry, frozenset({"recorder"})).nav_items(tenant=tenant)
    assert items and all(isinstance(item, NavItem) for item in items)
    assert "/recorder/" in {item.href for item in items}
    rules = TenantHooks(registry, frozenset()).reminder_rules(tenant=tenant)
    assert rules and all(isinstance(rule, ReminderRule) for rule in rules)
    editions = StartupHooks(registry).editions()
    assert {"basic", "standard", "professional"} <= {e.name for e in editions}
    assert all(isinstance(edition, Edition) for edition in editions)


def test_a_pack_returning_a_wrong_record_is_an_error_naming_the_pack_and_the_hook(make_tenant):
    registry = load_packs([RECORDER, WRONG])
    assert "wrong-record" in registry.packs, registry.problems
    with pytest.raises(PackError) as caught:
        TenantHooks(registry, frozenset({"recorder", "wrong-record"})).nav_items(tenant=make_tenant())
    assert (caught.value.pack, caught.value.hook) == ("wrong-record", "guanxi_register_nav_items")
    assert "returned dict" in str(caught.value) and "expected NavItem" in str(caught.value)
    with pytest.raises(PackError, match="pack 'wrong-record' failed in guanxi_register_editions"):
        StartupHooks(registry).editions()


def test_a_tenant_without_the_wrong_pack_never_sees_its_error(make_tenant):
    registry = load_packs([RECORDER, WRONG])
    items = TenantHooks(registry, frozenset({"recorder"})).nav_items(tenant=make_tenant())
    assert "/recorder/" in {item.href for item in items}


def test_a_pack_whose_routers_are_not_api_routers_is_left_out_and_the_others_mount(caplog):
    registry = load_packs([RECORDER, WRONG])
    with caplog.at_level(logging.ERROR, logger="guanxi.packs"):
        mounted = mount_pack_routers(FastAPI(), registry)
    assert "wrong-record" not in mounted
    assert "pack 'wrong-record' left out" in caplog.text and "expected ApiRouter" in caplog.text


def test_every_register_and_validate_hook_has_a_record_contract():
    contributing = [name for name in dir(hooks) if name.startswith(("guanxi_register_", "guanxi_validate_"))]
    assert contributing and sorted(set(contributing) - set(RECORD_TYPES)) == []


def test_guanxi_packs_grammar_allows_blocks_and_combines():
    assert PackSelection.parse("") == PackSelection()
    both = PackSelection.parse(" retail, equipment ,-equipment ")
    assert both.allowed == {"retail", "equipment"} and both.blocked == {"equipment"}
    assert both.refusal("retail") is None
    assert both.refusal("equipment") == "blocked by GUANXI_PACKS"
    assert both.refusal("pharma-sales") == "not listed in GUANXI_PACKS"
    assert PackSelection.parse("-equipment").refusal("retail") is None


def test_guanxi_packs_allow_list_loads_only_the_listed_packs():
    registry = load_packs(
        [RECORDER, entry_point("import-error", "import_error")], selection=PackSelection.parse("recorder")
    )
    assert registry.names() == ["recorder"]
    blocked = {p.pack: (p.kind, p.message) for p in registry.problems}
    assert blocked == {"import-error": ("blocked", "not listed in GUANXI_PACKS")}  # never imported


def test_guanxi_packs_block_list_leaves_out_the_blocked_pack_only():
    registry = load_packs(
        [RECORDER, entry_point("needs-recorder", "needs_recorder")],
        selection=PackSelection.parse("-recorder"),
    )
    assert registry.names() == []
    problems = {p.pack: (p.kind, p.message) for p in registry.problems}
    assert problems["recorder"] == ("blocked", "blocked by GUANXI_PACKS")
    assert problems["needs-recorder"][0] == "failed"  # its dependency is not available
    assert "depends on pack 'recorder'" in problems["needs-recorder"][1]


@pytest.fixture
def process_registry_from_environment(monkeypatch, guanxi_registry):
    """Let ``get_registry`` load the packs again from the environment, then put things back."""
    original = get_registry()

    def load(**env: str):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        set_registry(None)
        return get_registry()

    yield load
    set_registry(original)
    monkeypatch.undo()
    get_settings.cache_clear()


def test_plugins_list_reports_packs_blocked_by_guanxi_packs(process_registry_from_environment):
    registry = process_registry_from_environment(GUANXI_PACKS="-retail")
    assert "retail" not in registry.packs and "equipment" in registry.packs
    result = CliRunner().invoke(build_cli(), ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["retail"]["status"] == "blocked" and "GUANXI_PACKS" in rows["retail"]["problem"]
    assert rows["equipment"]["status"] == "installed"


def test_guanxi_trace_hooks_logs_each_call_with_its_packs_and_duration(
    process_registry_from_environment, make_tenant, caplog
):
    registry = process_registry_from_environment(GUANXI_TRACE_HOOKS="1")
    tenant = make_tenant()
    with caplog.at_level(logging.INFO, logger="guanxi.hooks"):
        TenantHooks(registry, frozenset({"retail"})).nav_items(tenant=tenant)
    [line] = [r.getMessage() for r in caplog.records if r.name == "guanxi.hooks"]
    assert line.startswith("guanxi_register_nav_items packs=") and line.endswith(" ms")
    assert "core.pages" in line and "retail" in line and "equipment" not in line


def test_hooks_are_not_traced_unless_asked(make_tenant, caplog):
    registry = load_packs([RECORDER])
    with caplog.at_level(logging.INFO, logger="guanxi.hooks"):
        TenantHooks(registry, frozenset({"recorder"})).nav_items(tenant=make_tenant())
    assert not [r for r in caplog.records if r.name == "guanxi.hooks"]


def test_plugins_list_shows_the_hooks_each_pack_implements(recorder):
    result = CliRunner().invoke(build_cli(), ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {"guanxi_register_pack", "guanxi_on_customer_created", "guanxi_register_nav_items"} <= set(
        rows["recorder"]["hooks"]
    )
    assert "guanxi_register_api_routers" not in rows["recorder"]["hooks"]
    text = CliRunner().invoke(build_cli(), ["plugins", "list"]).stdout
    assert "hooks: " in text and "guanxi_on_customer_created" in text


def test_two_registries_keep_their_own_subset_callers_and_models():
    first, second = load_packs([RECORDER]), load_packs([RECORDER])
    enabled = frozenset({"recorder"})
    mine = first.caller(hooks.guanxi_register_nav_items, packs=enabled)
    assert first.caller(hooks.guanxi_register_nav_items, packs=enabled) is mine
    assert second.caller(hooks.guanxi_register_nav_items, packs=enabled) is not mine
    assert permission_model(first) is permission_model(first)
    assert permission_model(second) is not permission_model(first)


def test_a_session_opened_without_a_registry_says_so_when_it_calls_hooks(guanxi_engine, tenant):
    with tenant_session(guanxi_engine, tenant.id) as session, pytest.raises(NoPackRegistry):
        hooks_for(session, tenant)


def _hook_calls_by_name(path: Path) -> list[str]:
    """``getattr(<...>.hook, ...)`` and hook names spelt as strings to pluggy's callers in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        by_getattr = getattr(node.func, "id", None) == "getattr" and node.args
        if by_getattr and getattr(node.args[0], "attr", None) == "hook":
            found.append(f"{path.name}:{node.lineno}")
        spelt = [a for a in node.args if isinstance(a, ast.Constant | ast.JoinedStr)]
        if getattr(node.func, "attr", "") == "subset_hook_caller" and spelt:
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_core_calls_no_hook_by_a_string():
    assert [hit for path in sorted(CORE.rglob("*.py")) for hit in _hook_calls_by_name(path)] == []


def test_sdk_hooks_for_register_keeps_working_with_a_deprecation_warning(make_tenant, uow):
    from sdk.testing import hooks_for as sdk_hooks_for

    tenant = make_tenant(packs=["retail"])
    with uow(tenant) as session:
        hooks = sdk_hooks_for(session, tenant)
        with pytest.warns(DeprecationWarning, match=r"use hooks_for\(...\)\.import_types\(tenant=\)"):
            old = hooks.register("import_types", tenant=tenant)
        assert [t.key for t in old] == [t.key for t in hooks.import_types(tenant=tenant)]
    assert "retail-orders" in {t.key for t in old}
