"""A pack whose import fails (a dependency that is not installed)."""

import guanxi_no_such_dependency  # noqa: F401
