"""The one set of names a pack is known by, derived from its slug.

A pack called ``pharma-sales`` is the distribution ``guanxi-pharma-sales``, the import package
``guanxi_pharma_sales``, the entry point ``pharma-sales`` in ``guanxi.plugins``, the Alembic branch
``pharma-sales`` and the table prefix ``pharma_sales_``.  Deriving them in one place keeps a pack from
being known by three different names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: Names core already uses at the top of URLs, the CLI or the schema.
RESERVED = frozenset(
    {
        "core",
        "api",
        "static",
        "settings",
        "customers",
        "sign-in",
        "sign-out",
        "db",
        "tenants",
        "plugins",
        "users",
        "import",
        "export",
        "reminders",
        "serve",
        "demo",
    }
)


class InvalidPackName(ValueError):
    """The name cannot be a pack slug; the message says why."""


@dataclass(frozen=True)
class PackNames:
    slug: str

    @property
    def underscored(self) -> str:
        return self.slug.replace("-", "_")

    @property
    def distribution(self) -> str:
        return f"guanxi-{self.slug}"

    @property
    def package(self) -> str:
        return f"guanxi_{self.underscored}"

    @property
    def table_prefix(self) -> str:
        return f"{self.underscored}_"

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.slug.split("-"))

    @property
    def title(self) -> str:
        return " ".join(part.capitalize() for part in self.slug.split("-"))


def pack_names(slug: str) -> PackNames:
    """Validate ``slug`` (lower-case words joined by dashes) and derive every name from it."""
    if not SLUG.match(slug):
        raise InvalidPackName(
            f"'{slug}' is not a pack name: use lower-case letters and digits, words joined by '-'"
        )
    if slug in RESERVED:
        raise InvalidPackName(f"'{slug}' is reserved by core")
    return PackNames(slug)
