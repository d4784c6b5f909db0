"""A pack declared with ``sdk.Pack``: the SDK writes its hooks, lazily, with the installed version."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import types
from dataclasses import fields
from pathlib import Path
from typing import Any

import importlib_metadata
import pytest
from fakepacks import entry_point

from core import hooks
from core.declaredpack import _HANDLERS as HANDLERS
from core.declaredpack import UNKNOWN_VERSION, Pack, PackDeclarationError, declared_hookimpls
from core.errors import PackError
from core.packs.contracts import as_list
from core.packs.loader import load_packs
from core.records import (
    ApiRouter,
    Edition,
    MigrationsLocation,
    NavItem,
    Permission,
    Role,
    StaticDir,
    TemplateDir,
    WebRoute,
)

ROOT = Path(__file__).resolve().parents[1]
FAKEPACKS = ROOT / "tests" / "fakepacks"
BUNDLED = ("guanxi_retail", "guanxi_pharma_sales", "guanxi_equipment", "guanxi_appliance_repair")
IDENTITY = {
    "name",
    "title",
    "core_api",
    "titles",
    "description",
    "depends",
    "migrations",
    "templates",
    "static",
}
TENANT = "tenant-7"


@pytest.fixture
def declared() -> Any:
    """The fake pack declaring every part, loaded fresh: its parts module not yet imported."""
    sys.modules.pop("fakepacks.declared_parts", None)
    registry = load_packs([entry_point("declared", "declared")])
    assert registry.problems == []
    return registry


def _hook(registry: Any, hook: str, **kwargs: Any) -> Any:
    """What the ``declared`` pack alone returns from ``hook``, flattened as core reads it."""
    caller = registry.caller(getattr(hooks, hook), packs=frozenset({"declared"}), builtins=False)
    return [record for result in caller(**kwargs) for record in as_list(result)]


def test_importing_a_bundled_plugin_module_imports_no_database_or_web_layer():
    script = "\n".join(f"import {package}.plugin" for package in BUNDLED)
    script += "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    heavy = ("sqlalchemy", "sqlmodel", "fastapi", *(f"{package}.models" for package in BUNDLED))
    assert sorted(h for h in heavy if any(m == h or m.startswith(f"{h}.") for m in loaded)) == []


def test_declared_parts_are_imported_only_when_their_hook_is_called():
    sys.modules.pop("fakepacks.declared_parts", None)
    registry = load_packs([entry_point("declared", "declared")], models=False)
    assert registry.problems == []
    assert "fakepacks.declared_parts" not in sys.modules
    _hook(registry, "guanxi_register_customer_panels", tenant=TENANT)
    assert "fakepacks.declared_parts" in sys.modules


def test_version_comes_from_the_installed_distribution(guanxi_registry):
    assert guanxi_registry.packs["equipment"].version == importlib_metadata.version("guanxi-equipment")
    assert guanxi_registry.packs["retail"].version == importlib_metadata.version("guanxi-retail")


def test_a_pack_no_distribution_provides_has_the_unknown_version(declared):
    assert declared.packs["declared"].version == UNKNOWN_VERSION


def test_pack_info_carries_the_declared_identity(declared):
    info = declared.packs["declared"].info
    assert (info.name, info.title, info.core_api) == ("declared", "Declared", ">=1.0,<2")
    assert info.titles == {"zh_Hans": "声明", "zh_Hant": "聲明"}
    assert info.description == "Every part declared, none written by hand."


def test_migrations_and_templates_follow_the_pack_layout(declared):
    assert declared.packs["declared"].migrations == MigrationsLocation(
        "declared", FAKEPACKS / "migrations" / "versions"
    )
    templates = _hook(declared, "guanxi_register_template_dirs")
    assert templates == [TemplateDir(FAKEPACKS / "templates", locale_dir=FAKEPACKS / "locale")]
    assert _hook(declared, "guanxi_register_static_dirs") == [StaticDir(FAKEPACKS / "static")]


def test_a_pack_without_tables_declares_no_migrations():
    registry = load_packs([entry_point("declared-twice", "declared_twice")])
    assert not any(
        impl.plugin_name == "declared-twice"
        for impl in registry.pm.hook.guanxi_register_migrations.get_hookimpls()
    )


def test_each_declared_part_reaches_its_hook(declared):
    from fakepacks import declared_parts as parts

    assert declared.packs["declared"].models == [parts.DeclaredThing, parts.OtherThing]
    expected: dict[str, tuple[dict[str, Any], list[Any]]] = {
        "api_routers": ({}, [ApiRouter(parts.api_router)]),
        "web_routes": ({}, [WebRoute(parts.web_router)]),
        "nav_items": ({"tenant": TENANT}, [NavItem(f"Declared for {TENANT}", "/declared/")]),
        "customer_panels": ({"tenant": TENANT}, parts.customer_panels),
        "dashboard_widgets": ({"tenant": TENANT}, parts.dashboard_widgets),
        "cli_commands": ({}, parts.cli_commands),
        "editions": ({}, [Edition.for_industry("declared", "Declared industry", {"zh_Hans": "声明行业版"})]),
        "metrics": ({"tenant": TENANT}, parts.metrics),
        "reminder_rules": ({"tenant": TENANT}, parts.reminder_rules),
        "segment_fields": ({"tenant": TENANT}, parts.segment_fields),
        "import_types": ({"tenant": TENANT}, parts.import_types),
        "jobs": ({}, parts.jobs),
        "permissions": (
            {},
            [Permission("declared:write", "Write"), Role("clerk", "Clerk", ("declared:write",))],
        ),
        "settings": ({}, [parts.settings]),
        "timeline_sources": ({"tenant": TENANT}, parts.timeline_sources),
        "goods_costs": ({"tenant": TENANT}, parts.goods_costs),
    }
    # a part added to Pack without a case here fails, so every part keeps a test
    assert set(expected) | {"models"} | set(HANDLERS) == {f.name for f in fields(Pack)} - IDENTITY
    for part, (kwargs, records) in expected.items():
        assert _hook(declared, f"guanxi_register_{part}", **kwargs) == records, part


def test_declared_handlers_run_in_order_with_the_hook_arguments_they_name(declared):
    from fakepacks import declared_parts as parts

    parts.HEARD.clear()
    caller = declared.caller(hooks.guanxi_on_customer_updated, packs=frozenset({"declared"}), builtins=False)
    caller(session="S", tenant=TENANT, customer="C", changes={"owner_id": (1, 2)})
    assert parts.HEARD == [("owner", "C", {"owner_id": (1, 2)}), ("anything", {"customer": "C"})]
    validate = declared.caller(hooks.guanxi_validate_customer, packs=frozenset({"declared"}), builtins=False)
    problems = validate(session="S", tenant=TENANT, customer="C", changes={})
    assert [p for result in problems for p in as_list(result)] == parts.PROBLEMS
    # every event of the hook specs can be declared, and nothing else
    events = {
        name.removeprefix("guanxi_")
        for name in dir(hooks)
        if name.startswith(("guanxi_on_", "guanxi_validate_"))
    }
    assert events | {"purge_tenant_data", "seed_demo"} == set(HANDLERS)


def test_hook_both_declared_and_written_by_hand_is_refused_naming_the_pack():
    registry = load_packs([entry_point("declared-twice", "declared_twice")])
    problems = {p.pack: p.message for p in registry.problems}
    assert "declared-twice" not in registry.packs
    assert "pack 'declared-twice'" in problems["declared-twice"]
    assert "guanxi_register_permissions" in problems["declared-twice"]


def test_a_module_declaring_two_packs_is_refused():
    module = types.ModuleType("two_packs")
    module.first = Pack(name="first", title="First", core_api=">=1.0")
    module.second = Pack(name="second", title="Second", core_api=">=1.0")
    with pytest.raises(PackDeclarationError, match="'first', 'second'"):
        declared_hookimpls(module)


def test_a_part_of_the_wrong_kind_fails_naming_the_pack_and_the_part():
    module = types.ModuleType("fakepacks.wrong_kind")
    module.__file__ = str(FAKEPACKS / "wrong_kind.py")
    module.__package__ = "fakepacks"
    module.pack = Pack(name="wrong", title="Wrong", core_api=">=1.0", editions=".declared_parts:jobs")
    with pytest.raises(TypeError, match="pack 'wrong': editions gave Job"):
        declared_hookimpls(module)["guanxi_register_editions"]()


def test_a_failing_declared_part_is_blamed_on_its_pack():
    registry = load_packs([entry_point("declared-broken", "declared_broken")])
    assert "declared-broken" in registry.packs  # parts are resolved when asked for, not at load
    with pytest.raises(PackError) as failed:
        registry.pm.hook.guanxi_register_jobs()
    assert (failed.value.pack, failed.value.hook) == ("declared-broken", "guanxi_register_jobs")
    assert "no_such_jobs" in str(failed.value.cause)


def _manifest_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Pack:
    """The pack ``pack.toml`` with ``text`` declares, read as a bundled pack reads its own."""
    package = tmp_path / "guanxi_manifest_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pack.toml").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "guanxi_manifest_probe", raising=False)
    return Pack.from_manifest("guanxi_manifest_probe.plugin")


def test_a_manifest_is_read_beside_the_module_being_imported(tmp_path, monkeypatch):
    """A checked copy of a pack shares the installed pack's package name: its own file counts."""
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "pack.toml").write_text(MANIFEST.replace('title = "Stays"', 'title = "Copy"'), encoding="utf-8")
    module = types.ModuleType("guanxi_manifest_probe.plugin")
    module.__file__ = str(copy / "plugin.py")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    assert _manifest_pack(tmp_path, monkeypatch, MANIFEST).title == "Copy"


MANIFEST = """
name = "hotel"
title = "Stays"
core_api = ">=1.0,<2"
models = ".models:Stay"
import_types = [".importing:stays", ".importing:rooms"]
nav_items = [{ label = "Stays", href = "/hotel/", order = 60 }]
permissions = [{ key = "hotel:write", title = "Record stays", roles = ["owner", "rep"] }]
seed_demo = ".demo:seed"

[titles]
zh_Hans = "住宿"
zh_Hant = "住宿"

[industry_edition]
title = "Hotel industry"
titles = { zh_Hans = "酒店行业版", zh_Hant = "酒店行業版" }
"""


HOTEL_EDITION_TITLES = {"zh_Hans": "酒店行业版", "zh_Hant": "酒店行業版"}


def test_a_manifest_declares_what_the_python_declaration_would(tmp_path, monkeypatch):
    pack = _manifest_pack(tmp_path, monkeypatch, MANIFEST)
    assert pack == Pack(
        name="hotel",
        title="Stays",
        core_api=">=1.0,<2",
        titles={"zh_Hans": "住宿", "zh_Hant": "住宿"},
        models=[".models:Stay"],
        import_types=[".importing:stays", ".importing:rooms"],
        nav_items=[NavItem("Stays", "/hotel/", order=60)],
        permissions=[Permission("hotel:write", "Record stays", roles=("owner", "rep"))],
        seed_demo=[".demo:seed"],
        editions=[
            Edition.for_industry(
                "hotel", "Hotel industry", {"zh_Hans": "酒店行业版", "zh_Hant": "酒店行業版"}
            )
        ],
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('web_route = ".pages:router"\n' + MANIFEST, "unknown key 'web_route'"),
        (
            MANIFEST.replace('seed_demo = ".demo:seed"', "seed_demo = 3"),
            "'seed_demo' must be an import string",
        ),
        (MANIFEST.replace('title = "Stays"\n', ""), "title"),
        (MANIFEST.replace("order = 60", "rank = 60"), "'nav_items'"),
        ("name = 'hotel'\ntemplates = 'yes'\n", "'templates' must be true or false"),
        ("name = [", "guanxi_manifest_probe/pack.toml"),
    ],
)
def test_a_wrong_manifest_fails_naming_the_file_and_the_key(tmp_path, monkeypatch, text, reason):
    with pytest.raises(PackDeclarationError, match=re.escape(reason)):
        _manifest_pack(tmp_path, monkeypatch, text)


def test_every_bundled_pack_declares_itself_in_its_manifest():
    for pack in ("retail", "equipment", "pharma-sales", "appliance-repair"):
        package = "guanxi_" + pack.replace("-", "_")
        module = importlib.import_module(f"{package}.plugin")
        assert module.pack == Pack.from_manifest(module.__name__)
        assert module.pack.name == pack and module.pack.titles.keys() == {"zh_Hans", "zh_Hant"}
