"""The HTTP API: assembly of the routers that core's domains and the packs provide."""
