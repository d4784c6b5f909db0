"""Which installed packs a deployment loads: the ``GUANXI_PACKS`` switch (as datasette's
``DATASETTE_LOAD_PLUGINS``), for taking a misbehaving pack out without uninstalling it.

Grammar: a comma-separated list of pack names (entry-point names), spaces around names ignored.

* unset or empty: every installed pack is loaded;
* ``retail,pharma-sales``: only the packs named are loaded (an allow-list);
* ``-equipment``: every installed pack but ``equipment`` is loaded (a block-list);
* both at once (``retail,equipment,-equipment``): the allowed names minus the blocked ones.

A pack left out is reported as *blocked* (``guanxi plugins list``, ``guanxi db upgrade``) and
never imported, so its import-time failures cannot stop the host either.  A pack that needs a
left-out pack is reported by the dependency check like any pack with a missing dependency.
Core's built-in features are not packs and are always loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PackSelection:
    """The parsed switch; ``allowed`` is ``None`` when every pack not blocked may load."""

    allowed: frozenset[str] | None = None
    blocked: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> PackSelection:
        names = [part.strip() for part in (text or "").split(",") if part.strip()]
        blocked = frozenset(name[1:].strip() for name in names if name.startswith("-"))
        allowed = frozenset(name for name in names if not name.startswith("-"))
        return cls(allowed=allowed or None, blocked=blocked)

    def refusal(self, pack: str) -> str | None:
        """Why ``pack`` is not loaded, or ``None`` when it may be."""
        if pack in self.blocked:
            return "blocked by GUANXI_PACKS"
        if self.allowed is not None and pack not in self.allowed:
            return "not listed in GUANXI_PACKS"
        return None


EVERY_PACK = PackSelection()
