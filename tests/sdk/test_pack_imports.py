"""Packs import Guanxi through ``sdk`` only, so core can be refactored without breaking them."""

from __future__ import annotations

from pathlib import Path

from core.sdkdev.imports import core_imports

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_under_plugins_imports_core_directly():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {module}" for path, line, module in core_imports(ROOT / "plugins")
    ]
    advice = "use sdk (or sdk.api, sdk.web, sdk.cli, sdk.testing) instead of core:\n"
    assert found == [], advice + "\n".join(found)


def test_import_scan_finds_nested_and_aliased_core_imports(tmp_path):
    (tmp_path / "mod.py").write_text(
        "import core.models as m\n\ndef f():\n    from core import hooks\n"
        "from sdk import hookimpl\nfrom .core import x\n"
    )
    found = [(line, module) for _path, line, module in core_imports(tmp_path)]
    assert found == [(1, "core.models"), (4, "core")]
