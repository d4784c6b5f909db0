"""Deprecated hook and ``sdk`` names: they keep working for one minor version, with a warning.

The compatibility policy (docs/compatibility.md) promises that a hook or ``sdk`` name is never
removed without warning.  When one is renamed, its old name goes in :data:`DEPRECATED_HOOKS` or
:data:`DEPRECATED_SDK_NAMES` for the rest of the major version:

* a pack implementing an old hook name is registered under the new name (so its implementation
  still runs) and a :class:`DeprecationWarning` naming the replacement is emitted when it loads;
* ``from sdk import OldName`` returns the new object with a :class:`DeprecationWarning`.

``guanxi plugins check`` turns these warnings into findings, so a vendor sees them before users do.
This module imports nothing from the rest of core: the plugin loader and ``sdk`` both use it.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Deprecation:
    """``old`` was replaced by ``new`` in core API ``since`` and goes away in ``removed_in``.

    For ``sdk`` names, ``new`` is a name in ``sdk`` or a dotted path (``sdk.web.PageContext``).
    """

    old: str
    new: str
    since: str
    removed_in: str

    def message(self, kind: str, user: str = "") -> str:
        who = f"{user} uses " if user else ""
        return (
            f"{who}deprecated {kind} '{self.old}' (since core API {self.since}); use '{self.new}' "
            f"instead, '{self.old}' is removed in {self.removed_in}"
        )


#: Old hook name -> its deprecation.  Empty in core API 1.0: nothing has been renamed yet.
DEPRECATED_HOOKS: dict[str, Deprecation] = {}
#: Old ``sdk`` attribute -> its deprecation.
DEPRECATED_SDK_NAMES: dict[str, Deprecation] = {}


def current_hook_name(pack: str, name: str) -> str:
    """The name a pack's hook implementation ``name`` is registered under, warning if it is old."""
    deprecation = DEPRECATED_HOOKS.get(name)
    if deprecation is None:
        return name
    warnings.warn(deprecation.message("hook", f"pack '{pack}'"), DeprecationWarning, stacklevel=3)
    return deprecation.new


def sdk_attribute(name: str) -> object:
    """Resolve a deprecated ``sdk`` name to its replacement (``sdk.__getattr__`` calls this)."""
    deprecation = DEPRECATED_SDK_NAMES.get(name)
    if deprecation is None:
        raise AttributeError(f"module 'sdk' has no attribute '{name}'")
    warnings.warn(deprecation.message("sdk name"), DeprecationWarning, stacklevel=3)
    module_name, _, attribute = deprecation.new.rpartition(".")
    return getattr(importlib.import_module(module_name or "sdk"), attribute)
