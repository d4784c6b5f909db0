"""Guanxi core: tenants, customers, interactions and the hook specifications packs build on."""

#: The version of the API that packs program against (hooks, records, sdk).  A pack declares the
#: range it supports; see docs/compatibility.md for what counts as a breaking change.
CORE_API_VERSION = "1.0"

__all__ = ["CORE_API_VERSION"]
