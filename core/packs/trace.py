"""``GUANXI_TRACE_HOOKS=1``: log every hook call with the packs it reached and how long it took.

For finding which pack makes a page slow or which packs a tenant's call really reaches.  Built on
pluggy's ``add_hookcall_monitoring``, so every path into a hook (the whole manager, a tenant's
subset caller, one pack alone) is traced alike.  Lines go to the ``guanxi.hooks`` logger at INFO:
``guanxi_register_nav_items packs=core.pages,retail 0.21 ms``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy

log = logging.getLogger("guanxi.hooks")


def trace_hook_calls(pm: pluggy.PluginManager) -> Callable[[], None]:
    """Start logging ``pm``'s hook calls; return the function that stops it."""
    started = threading.local()  # a stack per thread: hooks may call hooks

    def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
        started.__dict__.setdefault("stack", []).append(time.perf_counter())

    def after(
        outcome: pluggy.Result[Any],
        hook_name: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, Any],
    ) -> None:
        elapsed = time.perf_counter() - started.stack.pop()
        packs = ",".join(impl.plugin_name for impl in reversed(impls)) or "-"
        failed = " failed" if outcome.exception is not None else ""
        log.info("%s packs=%s %.2f ms%s", hook_name, packs, elapsed * 1000, failed)

    return pm.add_hookcall_monitoring(before, after)
