"""Packs and editions as a tenant sees them: the API routes and settings pages that list, enable
and disable packs and change the tenant's edition.

The pack engine itself (discovery, the hook facade, per-tenant state) is core.plugins,
core.hookcaller and core.packstate.
"""
