"""Conventions for where a pack keeps its files, as records the host understands.

    from sdk.pack import pack_migrations, pack_templates

    @hookimpl
    def guanxi_register_migrations():
        return pack_migrations("hotel", __file__)      # <package>/migrations/versions

    @hookimpl
    def guanxi_register_template_dirs():
        return [pack_templates(__file__)]             # <package>/templates, <package>/locale

Following the layout means ``guanxi plugins check`` finds everything without configuration.  A
pack declared with ``sdk.Pack`` uses these same conventions (``migrations``, ``templates=True``).
"""

from __future__ import annotations

from core.declaredpack import pack_migrations, pack_templates, package_dir

__all__ = ["pack_migrations", "pack_templates", "package_dir"]
