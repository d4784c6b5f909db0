"""The dashboard: the tenant's figures at a glance and the enabled packs' widgets."""
