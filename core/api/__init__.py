"""The HTTP API: assembly of the routers that core's domains and the packs provide."""

#: Where every API route lives; a feature's router names its complete paths under it.
API_PREFIX = "/api/v1"
