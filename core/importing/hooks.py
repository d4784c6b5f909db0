"""Pack hooks for imported rows, called per batch with the semantics of one-by-one creation.

Imported customers are inserted in bulk (SQLAlchemy Core ``executemany``), not as ORM objects one
at a time.  The tenant's hooks keep their contract anyway:

* ``guanxi_validate_customer`` runs for every new or changed row *before* the insert, on an
  unsaved ``Customer`` with the row's values; a problem rejects that row (reported like any other
  invalid cell) instead of aborting the whole file.
* ``guanxi_on_customer_created`` / ``_updated`` and ``guanxi_on_interaction_logged`` run *after*
  the batch is written, in the batch's transaction, once per row with the flushed ORM object
  (loaded back in one query).  A hook that raises rolls the batch back and stops the import; the
  job keeps its last committed line, so the import resumes after the fix.

When no enabled pack implements a hook, the batch skips the work entirely (no object building, no
RETURNING, no reload): the common case costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.packs.facade import TenantHooks


def implemented(hooks: TenantHooks, spec: Callable[..., Any]) -> bool:
    """Whether any implementation of ``spec``'s hook runs for this tenant (core's own included)."""
    return hooks.implements(spec)
