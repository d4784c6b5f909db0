"""Deprecated hook and sdk names keep working for one minor version and warn with the replacement."""

from __future__ import annotations

import pytest
from importlib_metadata import EntryPoint

import sdk
from core.sdkdev import deprecations
from core.sdkdev.deprecations import Deprecation


@pytest.fixture
def old_names(monkeypatch):
    monkeypatch.setitem(
        deprecations.DEPRECATED_HOOKS,
        "guanxi_on_customer_added",
        Deprecation("guanxi_on_customer_added", "guanxi_on_customer_created", "1.1", "2.0"),
    )
    monkeypatch.setitem(
        deprecations.DEPRECATED_SDK_NAMES,
        "PackMetadata",
        Deprecation("PackMetadata", "PackInfo", "1.1", "2.0"),
    )
    monkeypatch.setitem(
        deprecations.DEPRECATED_SDK_NAMES,
        "WebContext",
        Deprecation("WebContext", "sdk.web.PageContext", "1.1", "2.0"),
    )


def test_deprecated_sdk_name_returns_its_replacement_with_a_warning(old_names):
    with pytest.warns(DeprecationWarning, match="'PackMetadata'.*use 'PackInfo'.*removed in 2.0"):
        assert sdk.PackMetadata is sdk.PackInfo
    from sdk.web import PageContext

    with pytest.warns(DeprecationWarning, match="WebContext"):
        assert sdk.WebContext is PageContext


def test_unknown_sdk_name_is_still_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchThing'"):
        sdk.NoSuchThing  # noqa: B018


def test_pack_implementing_a_deprecated_hook_still_runs_with_a_warning(old_names, tmp_path, monkeypatch):
    from core.packs.loader import load_packs

    module = tmp_path / "oldhookpack.py"
    module.write_text(
        "from sdk import PackInfo, hookimpl\nCALLS = []\n\n@hookimpl\ndef guanxi_register_pack():\n"
        "    return PackInfo(name='old-hook', title='Old', version='1.0', core_api='>=1.0')\n\n"
        "@hookimpl\ndef guanxi_on_customer_added(customer):\n    CALLS.append(customer)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    old = EntryPoint(name="old-hook", value="oldhookpack", group="guanxi.plugins")
    with pytest.warns(DeprecationWarning, match="'old-hook' uses deprecated hook 'guanxi_on_customer_added'"):
        registry = load_packs([old])
    assert "old-hook" in registry.packs, registry.problems
    registry.pm.hook.guanxi_on_customer_created(session=None, tenant=None, customer="c1")
    import oldhookpack

    assert oldhookpack.CALLS == ["c1"]
