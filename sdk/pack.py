"""Conventions for where a pack keeps its files, as records the host understands.

    from sdk.pack import pack_migrations, pack_templates

    @hookimpl
    def guanxi_register_migrations():
        return pack_migrations("hotel", __file__)      # <package>/migrations/versions

    @hookimpl
    def guanxi_register_template_dirs():
        return [pack_templates(__file__)]             # <package>/templates, <package>/locale

Following the layout means ``guanxi plugins check`` finds everything without configuration.
"""

from __future__ import annotations

from pathlib import Path

from core.records import MigrationsLocation, TemplateDir


def package_dir(module_file: str | Path) -> Path:
    """The directory of the pack's import package, given ``__file__`` of any module in it."""
    return Path(module_file).resolve().parent


def pack_migrations(pack: str, module_file: str | Path) -> MigrationsLocation:
    """The pack's Alembic branch: label ``pack``, revisions in ``migrations/versions``."""
    return MigrationsLocation(pack, package_dir(module_file) / "migrations" / "versions")


def pack_templates(module_file: str | Path) -> TemplateDir:
    """The pack's templates (kept under ``templates/<pack>/``) and its catalogs in ``locale/``."""
    here = package_dir(module_file)
    return TemplateDir(here / "templates", locale_dir=here / "locale")


__all__ = ["pack_migrations", "pack_templates", "package_dir"]
