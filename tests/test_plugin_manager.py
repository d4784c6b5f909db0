"""Pack discovery: broken packs are reported and skipped, the engine and other packs keep working."""

from __future__ import annotations

from fakepacks import entry_point

from core.packs.loader import load_packs

GOOD = entry_point("recorder", "recorder")


def _load(*extra):
    registry = load_packs([GOOD, *extra])
    return registry, {p.pack: p.message for p in registry.problems}


def test_pack_that_fails_to_import_is_reported_and_others_load():
    registry, problems = _load(entry_point("import-error", "import_error"))
    assert "failed to import" in problems["import-error"]
    assert "guanxi_no_such_dependency" in problems["import-error"]
    assert "recorder" in registry.packs


def test_pack_with_unknown_hook_name_is_rejected():
    registry, problems = _load(entry_point("unknown-hook", "unknown_hook"))
    assert "unknown hook(s): guanxi_on_customer_craeted" in problems["unknown-hook"]
    assert "unknown-hook" not in registry.packs and "recorder" in registry.packs


def test_pack_with_wrong_hook_argument_is_rejected():
    registry, problems = _load(entry_point("wrong-argument", "wrong_argument"))
    assert "shoe_size" in problems["wrong-argument"]
    assert "wrong-argument" not in registry.packs and "recorder" in registry.packs
    assert registry.pm.get_plugin("wrong-argument") is None


def test_pack_needing_newer_core_api_is_rejected():
    registry, problems = _load(entry_point("future-core", "future_core"))
    assert problems["future-core"] == "needs core API >=2.0, this core provides 1.0"
    assert "recorder" in registry.packs


def test_pack_depending_on_missing_pack_is_rejected():
    registry, problems = _load(entry_point("needs-missing", "needs_missing"))
    assert "depends on pack 'pharmacy-chain'" in problems["needs-missing"]
    assert "recorder" in registry.packs


def test_dependencies_load_before_their_dependants():
    registry = load_packs([entry_point("needs-recorder", "needs_recorder"), GOOD])
    names = registry.names()
    assert names.index("recorder") < names.index("needs-recorder")


def test_guanxi_register_pack_name_must_match_entry_point_name():
    registry = load_packs([entry_point("renamed", "recorder")])
    assert "declares name 'recorder'" in registry.problems[0].message
    assert registry.packs == {}


def test_installed_packs_load_without_problems(guanxi_registry):
    assert guanxi_registry.problems == []


def test_guanxi_register_models_and_guanxi_register_migrations_are_read_at_load():
    registry = load_packs([GOOD])
    pack = registry.packs["recorder"]
    assert [m.__tablename__ for m in pack.models] == ["recorder_notes"]
    assert pack.migrations is not None and pack.migrations.branch == "recorder"
    assert pack.migrations.versions_dir.is_dir()
