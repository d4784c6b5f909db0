"""Broken packs for the conformance check, made from the scaffold and broken one way each.

Each slug is distinct, so the check (run in a subprocess) imports a package nobody else has.
"""

from __future__ import annotations

from pathlib import Path

from core.sdkdev.scaffold import PackSpec, core_head_revision, scaffold


def _package(root: Path, slug: str) -> Path:
    return root / "src" / f"guanxi_{slug.replace('-', '_')}"


def good_pack(root: Path, slug: str) -> Path:
    scaffold(PackSpec(slug, title_zh_hans="测试", title_zh_hant="測試"), root)
    return root


def wrong_hook_argument(root: Path) -> Path:
    """``guanxi_register_nav_items``, written by hand instead of declared, asks for
    ``room_number``, which the spec does not offer."""
    good_pack(root, "badhook")
    plugin = _package(root, "badhook") / "plugin.py"
    declared = '    nav_items=NavItem("Badhook", "/badhook/", order=60),\n'
    text = plugin.read_text()
    assert declared in text, "the scaffold no longer declares its nav item"
    plugin.write_text(
        text.replace(declared, "").replace("from sdk import ", "from sdk import hookimpl, ")
        + "\n\n@hookimpl\ndef guanxi_register_nav_items(tenant, room_number):\n"
        '    return [NavItem("Badhook", "/badhook/", order=60)]\n'
    )
    return root


def migration_outside_branch(root: Path) -> Path:
    """A second revision that revises core's head instead of the pack's own first revision."""
    good_pack(root, "badbranch")
    versions = _package(root, "badbranch") / "migrations" / "versions"
    (versions / "badbranch_0002_rooms.py").write_text(f'''"""rooms, wrongly stacked on core"""

import sqlalchemy as sa
from alembic import op

revision = "badbranch_0002"
down_revision = "{core_head_revision()}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("badbranch_rooms", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("badbranch_rooms")
''')
    return root


def table_without_tenant(root: Path) -> Path:
    """A second table with no ``tenant_id``: rows nobody owns, visible to every tenant."""
    good_pack(root, "badtenant")
    versions = _package(root, "badtenant") / "migrations" / "versions"
    (versions / "badtenant_0002_rates.py").write_text('''"""rates without a tenant"""

import sqlalchemy as sa
from alembic import op

revision = "badtenant_0002"
down_revision = "badtenant_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("badtenant_rates", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("price", sa.Numeric(10, 2)))


def downgrade() -> None:
    op.drop_table("badtenant_rates")
''')
    return root


def untranslated_and_broken_template(root: Path) -> Path:
    """A page with a syntax error and a new msgid missing from the Chinese catalogs."""
    good_pack(root, "badwords")
    templates = _package(root, "badwords") / "templates" / "badwords"
    (templates / "rooms.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n'
        '<h1>{{ _("Rooms") }}</h1>\n{% if %}\n{% endblock %}\n'
    )
    (templates / "rates.html").write_text('<p>{{ _("Nightly rate") }}</p>\n')
    return root


def core_import_without_tests(root: Path) -> Path:
    """Imports core's internals and ships no tests."""
    good_pack(root, "badimport")
    service = _package(root, "badimport") / "service.py"
    service.write_text(
        "from core.customers.service import get_customer  # noqa: F401\n" + service.read_text()
    )
    for test in (root / "tests").glob("test_*.py"):
        test.unlink()
    return root
